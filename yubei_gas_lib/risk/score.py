"""From raw drivers to 0-100, the weighted score, the level and its response."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import Dataset
from .drivers import DISTRICT, driver_values
from .params import DRIVERS, Breakpoints, RiskParams
from .text import PostClassifier


def map_breakpoints(values: np.ndarray | pd.Series, breakpoints: Breakpoints
                    ) -> np.ndarray:
    """Each raw value on 0-100 by the piecewise-linear ``breakpoints``.

    Missing values map to 0: a driver that cannot be measured adds nothing,
    and the score's table says which were missing.

    Examples
    --------
    >>> bp = Breakpoints(points=[(0, 0), (10, 50), (20, 100)])
    >>> map_breakpoints(np.array([-5, 5, 15, 99]), bp).tolist()
    [0.0, 25.0, 75.0, 100.0]
    """
    raw = np.asarray(values, dtype=float)
    xs, ys = zip(*breakpoints.points, strict=True)
    return np.where(np.isnan(raw), 0.0, np.interp(np.nan_to_num(raw), xs, ys))


def level_of(score: np.ndarray | pd.Series, params: RiskParams) -> np.ndarray:
    """The level name (红, 橙, 黄, 蓝) each score reaches, ``""`` below them all."""
    score = np.asarray(score, dtype=float)
    out = np.full(score.shape, "", dtype=object)
    # levels run from the highest down, so the first one reached wins
    for level in reversed(params.levels):
        out[score >= level.min_score] = level.name_zh
    return out


def response_of(levels: np.ndarray | pd.Series, params: RiskParams) -> np.ndarray:
    """The suggested response of each level."""
    table = {lv.name_zh: lv.response_zh for lv in params.levels}
    return np.array([table.get(lv, params.calm_response_zh) for lv in levels],
                    dtype=object)


def score_drivers(raw: pd.DataFrame, params: RiskParams) -> pd.DataFrame:
    """Add the 0-100 value, the contribution of each driver, score and level.

    Parameters
    ----------
    raw
        From :func:`~.drivers.driver_values`: one column per driver id.

    Returns
    -------
    DataFrame
        ``raw`` with its driver columns renamed ``raw_<id>``, then one
        column per driver id (0-100), ``contrib_<id>`` (its weight times its
        value, so the contributions add up to the score), ``score``,
        ``level`` and ``response_zh``.
    """
    out = raw.rename(columns={d: f"raw_{d}" for d in DRIVERS})
    for name, driver in params.drivers.items():
        value = map_breakpoints(out[f"raw_{name}"], driver.breakpoints)
        if driver.yuan_breakpoints is not None and f"{name}_yuan" in out:
            value = np.maximum(value, map_breakpoints(out[f"{name}_yuan"],
                                                      driver.yuan_breakpoints))
        out[name] = value
        out[f"contrib_{name}"] = driver.weight * value
    out["score"] = out[[f"contrib_{d}" for d in DRIVERS]].sum(axis=1)
    out["level"] = level_of(out["score"], params)
    out["response_zh"] = response_of(out["level"], params)
    return out


def risk_scores(
    dataset: Dataset,
    params: RiskParams,
    classifier: PostClassifier,
    timeline: pd.DataFrame | None = None,
    bill_flags: pd.DataFrame | None = None,
    refunds_due: pd.Series | None = None,
) -> pd.DataFrame:
    """The opinion-risk table: one row per week and area, drivers to level.

    See :func:`~.drivers.driver_values` for the inputs and
    :func:`score_drivers` for the columns. Rows are sorted by week, then
    area with ``district`` first.
    """
    raw = driver_values(dataset, params.windows, classifier, timeline=timeline,
                        bill_flags=bill_flags, refunds_due=refunds_due)
    out = score_drivers(raw, params)
    first = out["area"].ne(DISTRICT)
    out = out.assign(_order=first).sort_values(["week", "_order", "area"])
    return out.drop(columns="_order").reset_index(drop=True)


def latest(scores: pd.DataFrame, area: str = DISTRICT) -> pd.Series:
    """The last week's row of one area."""
    rows = scores[scores["area"].eq(area)]
    return rows.loc[rows["week"].idxmax()]
