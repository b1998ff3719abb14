"""From indicator values to scores, task scores, an overall score and a grade.

The aggregation is written once, for a stack of weight vectors at a time, so
that the expert weights, the entropy weights and a thousand perturbed
weightings all go through the same arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

GROUP_ORDER = ("industry_data", "self", "third_party")


def breakpoint_score(value: np.ndarray | float, floor: float,
                     target: float) -> np.ndarray:
    """Score values 0..100: ``floor`` scores 0, ``target`` 100, linear between.

    The direction follows from the breakpoints: when the floor is above the
    target, lower values are better. Beyond either breakpoint the score is
    held at 0 or 100; a missing value stays missing.

    Examples
    --------
    >>> breakpoint_score([0.5, 0.75, 1.0], floor=0.5, target=1.0).tolist()
    [0.0, 50.0, 100.0]
    >>> breakpoint_score(15.0, floor=20, target=10).item()
    50.0
    """
    if floor == target:
        raise ValueError(f"floor and target must differ, both are {floor}")
    value = np.asarray(value, dtype=float)
    return np.clip((value - floor) / (target - floor) * 100, 0, 100)


def effective_weights(available: np.ndarray, weights: np.ndarray,
                      cells: np.ndarray, groups: np.ndarray,
                      shares: np.ndarray) -> np.ndarray:
    """The weight each indicator carries in each enterprise's overall score.

    Parameters
    ----------
    available
        ``(E, I)`` booleans: whether enterprise ``e`` has indicator ``i``.
    weights
        ``(D, I)`` indicator weights, one row per weighting (draw).
    cells
        ``(I,)`` integer cell of each indicator: one cell per task and source
        group, so that a missing indicator's weight stays in its task.
    groups
        ``(C,)`` source group (index into ``shares``) of each cell.
    shares
        ``(D, G)`` share of each source group in the overall score.

    Returns
    -------
    ndarray
        ``(D, E, I)``; each ``(d, e)`` row adds up to 1 over the indicators
        the enterprise has (all zeros when it has none). The overall score is
        ``sum_i w[d, e, i] * score[e, i]``.

    Notes
    -----
    Missing weight is re-spread in three steps, never scored as 0 or 100:
    inside its cell (task within source group) over the indicators present;
    when a whole cell is missing, over the group's other cells; when a whole
    source group is missing, over the other groups.
    """
    weights = np.atleast_2d(weights)
    shares = np.atleast_2d(shares)
    avail = available.astype(float)
    n_cells, n_groups = len(groups), shares.shape[1]
    in_cell = np.eye(n_cells)[cells]                    # (I, C)
    in_group = np.eye(n_groups)[groups]                 # (C, G)

    # weight present in each cell, and the cell's full weight
    present = np.einsum("di,ei,ic->dec", weights, avail, in_cell)
    cell_total = weights @ in_cell                      # (D, C)
    has_cell = present > 0
    group_total = np.einsum("dc,dec,cg->deg", cell_total, has_cell, in_group)
    has_group = group_total > 0
    share_total = np.einsum("dg,deg->de", shares, has_group)

    # each indicator's share of its cell, its cell's of its group, its group's
    with np.errstate(divide="ignore", invalid="ignore"):
        of_cell = weights[:, None, :] * avail / present[:, :, cells]
        cell_of_group = cell_total[:, None, :] / group_total[:, :, groups]
        group_share = shares[:, None, :] / share_total[:, :, None]
    of_group = cell_of_group[:, :, cells]
    overall = group_share[:, :, groups[cells]]
    out = of_cell * of_group * overall
    return np.nan_to_num(out, nan=0.0, posinf=0.0)


def overall_scores(scores: np.ndarray, eff: np.ndarray) -> np.ndarray:
    """``(D, E)`` overall scores; missing where an enterprise has no indicator."""
    filled = np.nan_to_num(scores, nan=0.0)
    total = np.einsum("dei,ei->de", eff, filled)
    return np.where(eff.sum(axis=2) > 0, total, np.nan)


def weighted_mean(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per row, the mean of the scores present weighted by ``weights``.

    A missing score's weight goes to the others; a row with none is missing.
    """
    present = ~np.isnan(scores)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (np.nan_to_num(scores) * w).sum(axis=1) / total,
                        np.nan)


def grade(scores: np.ndarray | Sequence[float],
          thresholds: Sequence[tuple[str, float]]) -> list[str | None]:
    """The grade label of each score: the first whose minimum it reaches.

    ``thresholds`` run from the highest minimum down; a missing score has no
    grade.

    Examples
    --------
    >>> grade([95, 80, 59.9], [("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)])
    ['优秀', '良好', '不合格']
    """
    out: list[str | None] = []
    for s in np.asarray(scores, dtype=float):
        label = None
        if not np.isnan(s):
            label = next((g for g, low in thresholds if s >= low), thresholds[-1][0])
        out.append(label)
    return out
