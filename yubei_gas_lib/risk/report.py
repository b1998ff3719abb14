"""Tables of the opinion-risk briefing: what each row shows, in Chinese."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from .drivers import DISTRICT
from .params import DRIVERS, DRIVERS_ZH, RiskParams

SCORE_ZH = {"area_name": "区域", "score": "风险得分", "level": "等级",
            **{d: DRIVERS_ZH[d] for d in DRIVERS}, "response_zh": "建议响应"}


def area_names(dataset: Dataset) -> dict[str, str]:
    """Town code -> town name, and ``district`` -> 全区."""
    names = {}
    if dataset.has("towns"):
        names = dataset.table("towns").set_index("town_code")["town_name"].to_dict()
    return {**names, DISTRICT: "全区"}


def week_table(scores: pd.DataFrame, dataset: Dataset, week=None,
               top: int | None = None) -> pd.DataFrame:
    """One week's rows (the last by default), district first, then by score."""
    week = scores["week"].max() if week is None else pd.Timestamp(week)
    rows = scores[scores["week"].eq(week)].copy()
    rows["area_name"] = rows["area"].map(area_names(dataset)).fillna(rows["area"])
    district = rows[rows["area"].eq(DISTRICT)]
    towns = rows[rows["area"].ne(DISTRICT)].sort_values("score", ascending=False,
                                                        kind="stable")
    if top is not None:
        towns = towns.head(top)
    return pd.concat([district, towns], ignore_index=True)


def levels_table(params: RiskParams) -> pd.DataFrame:
    """The levels with their thresholds and suggested responses."""
    return pd.DataFrame([{"level": f"{lv.name_zh}（{lv.grade}级）",
                          "min_score": lv.min_score, "response_zh": lv.response_zh}
                         for lv in params.levels])


def drivers_table(params: RiskParams) -> pd.DataFrame:
    """Each driver's weight and breakpoints, as a reader checks them."""
    rows = []
    for name, driver in params.drivers.items():
        points = "；".join(f"{raw:g}→{score:g}" for raw, score in
                          driver.breakpoints.points)
        rows.append({"driver": DRIVERS_ZH[name], "weight": driver.weight,
                     "breakpoints": points})
    return pd.DataFrame(rows)


def weekly_negative_posts(dataset: Dataset, classifier) -> pd.DataFrame:
    """Posts per week, and how many the classifier read as negative."""
    posts = dataset.table("opinion_posts")
    frame = pd.DataFrame({
        "week": posts["published_at"].dt.to_period("W-SUN").dt.start_time,
        "negative": classifier.is_negative(posts["text"].fillna("")),
    })
    out = frame.groupby("week").agg(posts=("negative", "size"),
                                    negative=("negative", "sum")).reset_index()
    return out
