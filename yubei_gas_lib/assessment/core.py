"""The assessment of every enterprise: ``assess(dataset, params) -> Assessment``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import Dataset
from .catalogue import GROUPS_ZH, SOURCE_GROUPS, TASKS_ZH, AssessmentParams
from .indicators import indicator_values
from .rectification import rectification_list
from .scoring import (
    GROUP_ORDER,
    breakpoint_score,
    effective_weights,
    grade,
    overall_scores,
    weighted_mean,
)
from .weights import entropy_weights, perturbed, rank_bands, ranks

TASK_COLUMNS = [f"task_{t}" for t in TASKS_ZH]
GROUP_COLUMNS = [f"score_{g}" for g in GROUP_ORDER]
ENTERPRISE_COLUMNS = (
    ["enterprise_id", "name", "score", "grade", "rank", "rank_low", "rank_high",
     "robust", "score_entropy", "rank_entropy"]
    + TASK_COLUMNS + GROUP_COLUMNS + ["indicators_missing"]
)
# Chinese headers of what a briefing shows
ENTERPRISE_ZH = {
    "rank": "排名", "name": "企业", "score": "综合得分", "grade": "等级",
    "band_zh": "排名区间", "robust_zh": "排名稳健", "rank_entropy": "熵权法排名",
    **{f"task_{t}": f"任务{t} {name}" for t, name in TASKS_ZH.items()},
    **{f"score_{g}": name for g, name in GROUPS_ZH.items()},
    "indicators_missing": "缺失指标数",
}


@dataclass(frozen=True)
class Assessment:
    """One assessment of every enterprise, with everything behind its scores.

    Attributes
    ----------
    enterprises
        One row per enterprise, best first (:data:`ENTERPRISE_COLUMNS`):
        overall score, grade, rank and band under the expert weights,
        score and rank under entropy weights, one score per task and per
        source group, and how many indicators were missing.
    indicators
        One row per enterprise and indicator: numerator, denominator,
        value, score (missing stays missing), the weight it actually
        carried after re-spreading (``effective_weight``), its points in
        the overall score, and the catalogue's task, source and weights.
    rectification
        The 整改清单: indicators at or beyond their floor.
    entropy_weights
        Per indicator, the expert and the entropy weight.
    as_of
        The day the assessment speaks for.
    """

    enterprises: pd.DataFrame
    indicators: pd.DataFrame
    rectification: pd.DataFrame
    entropy_weights: pd.DataFrame
    as_of: dt.date | None


def assess(dataset: Dataset, params: AssessmentParams, as_of: dt.date | None = None,
           audit=None, timeline: pd.DataFrame | None = None) -> Assessment:
    """Assess every enterprise against the catalogue.

    Parameters
    ----------
    dataset
        Data already cut at the as-of date (``Dataset.cut``); needs
        ``enterprises``. An absent table leaves its indicators missing.
    params
        From :func:`~.catalogue.load_assessment_params`.
    as_of
        Default: the dataset's as-of date.
    audit, timeline
        The audit and complaint timeline of ``dataset`` when already at hand.

    Returns
    -------
    Assessment
    """
    as_of = as_of or dataset.as_of
    values = indicator_values(dataset, params, as_of, audit, timeline)
    return score_values(values, params, dataset.table("enterprises"), as_of)


def score_values(values: pd.DataFrame, params: AssessmentParams,
                 enterprises: pd.DataFrame | None = None,
                 as_of: dt.date | None = None) -> Assessment:
    """Score indicator values (from :func:`~.indicators.indicator_values`).

    Split from :func:`assess` so that scoring can be checked on values
    written by hand.
    """
    catalogue = pd.DataFrame([i.model_dump() for i in params.indicators])
    ids = catalogue.id.tolist()
    wide = values.pivot(index="enterprise_id", columns="indicator",
                        values="value").reindex(columns=ids)
    scores = np.column_stack([
        breakpoint_score(wide[i].to_numpy(), item.floor, item.target)
        for i, item in zip(ids, params.indicators, strict=True)
    ])
    cells, cell_groups = _cells(catalogue)
    shares = np.array([params.source_shares[g] for g in GROUP_ORDER])
    base_w = catalogue.weight.to_numpy(float)
    available = ~np.isnan(scores)

    # expert weights, and the same arithmetic under a thousand perturbations
    eff = effective_weights(available, base_w, cells, cell_groups, shares)
    score = overall_scores(scores, eff)[0]
    sens = params.sensitivity
    rng = np.random.default_rng(sens.seed)
    draw_w = perturbed(base_w, sens.draws, sens.spread, rng)
    draw_s = perturbed(shares, sens.draws, sens.spread, rng)
    draw_s /= draw_s.sum(axis=1, keepdims=True)
    draws = overall_scores(scores, effective_weights(available, draw_w, cells,
                                                     cell_groups, draw_s))
    rank = ranks(score)
    low, high = rank_bands(draws, rank, sens.band_quantiles)

    # entropy weights, computed within each source group
    ent_w = _entropy_by_group(scores, catalogue)
    ent_eff = effective_weights(available, ent_w, cells, cell_groups, shares)
    ent_score = overall_scores(scores, ent_eff)[0]

    frame = pd.DataFrame({
        "enterprise_id": wide.index, "score": score,
        "grade": grade(score, [(g.label_zh, g.min_score) for g in params.grades]),
        "rank": rank, "rank_low": low, "rank_high": high,
        "robust": (high - low) <= sens.robust_max_spread,
        "score_entropy": ent_score, "rank_entropy": ranks(ent_score),
        "indicators_missing": (~available).sum(axis=1),
    })
    for t in TASKS_ZH:
        cols = (catalogue.task == t).to_numpy()
        frame[f"task_{t}"] = (weighted_mean(scores[:, cols], base_w[cols])
                              if cols.any() else np.nan)
    for g in GROUP_ORDER:
        cols = catalogue.source.map(SOURCE_GROUPS).eq(g).to_numpy()
        frame[f"score_{g}"] = (_group_score(scores[:, cols], base_w[cols],
                                            catalogue.task[cols].to_numpy())
                               if cols.any() else np.nan)
    names = (enterprises.set_index("enterprise_id")["name"]
             if enterprises is not None and "name" in enterprises
             else pd.Series(dtype=object))
    named = frame.enterprise_id.map(names).astype(object)
    frame["name"] = named.where(named.notna(), frame.enterprise_id)
    frame = frame.sort_values(["rank", "enterprise_id"], na_position="last")

    detail = _indicator_detail(values, catalogue, wide.index, scores, eff[0])
    weights = catalogue[["id", "name_zh", "task", "source", "weight"]].assign(
        entropy_weight=ent_w[0])
    return Assessment(frame[ENTERPRISE_COLUMNS].reset_index(drop=True), detail,
                      rectification_list(detail), weights, as_of)


def _cells(catalogue: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each indicator's cell (task within source group) and each cell's group."""
    group = catalogue.source.map(SOURCE_GROUPS).map(GROUP_ORDER.index)
    keys = list(zip(group, catalogue.task, strict=True))
    unique = sorted(set(keys))
    cells = np.array([unique.index(k) for k in keys])
    return cells, np.array([g for g, _ in unique])


def _group_score(scores: np.ndarray, weights: np.ndarray,
                 tasks: np.ndarray) -> np.ndarray:
    """A source group's score: tasks weighted by their full catalogue weight."""
    cells = np.unique(tasks, return_inverse=True)[1]
    eff = effective_weights(~np.isnan(scores), weights, cells,
                            np.zeros(cells.max() + 1, dtype=int), np.ones(1))
    return overall_scores(scores, eff)[0]


def _entropy_by_group(scores: np.ndarray, catalogue: pd.DataFrame) -> np.ndarray:
    out = np.zeros(len(catalogue))
    groups = catalogue.source.map(SOURCE_GROUPS).to_numpy()
    for g in GROUP_ORDER:
        cols = groups == g
        if cols.any():
            out[cols] = entropy_weights(scores[:, cols])
    return out[None, :]


def _indicator_detail(values: pd.DataFrame, catalogue: pd.DataFrame,
                      enterprises: pd.Index, scores: np.ndarray,
                      eff: np.ndarray) -> pd.DataFrame:
    long = pd.DataFrame({
        "enterprise_id": np.repeat(enterprises.to_numpy(), len(catalogue)),
        "indicator": np.tile(catalogue.id.to_numpy(), len(enterprises)),
        "score": scores.ravel(),
        "effective_weight": eff.ravel(),
    })
    long["points"] = (long.score * long.effective_weight).fillna(0.0)
    meta = catalogue.rename(columns={"id": "indicator"})[
        ["indicator", "name_zh", "task", "source", "direction", "weight", "floor",
         "target", "unit_zh"]]
    out = values.merge(long, on=["enterprise_id", "indicator"]).merge(
        meta, on="indicator")
    out["task_zh"] = out.task.map(TASKS_ZH)
    return out
