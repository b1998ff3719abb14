"""Alternative weightings and the robustness of ranks.

Two checks the composite-indicator literature asks of any ranking (OECD/JRC
*Handbook on Constructing Composite Indicators*, 2008, steps 6 and 7):
data-driven weights as an alternative to the experts' (the entropy method),
and a band of ranks under random perturbations of the weights, so that a
rank that depends on the exact weights chosen is shown as such.
"""

from __future__ import annotations

import warnings

import numpy as np


def entropy_weights(matrix: np.ndarray) -> np.ndarray:
    """Entropy weights of the columns of a non-negative matrix.

    Parameters
    ----------
    matrix
        ``(n, m)``: n enterprises (rows), m indicators (columns), values
        already oriented so that more is better (the 0..100 scores), missing
        values as NaN.

    Returns
    -------
    ndarray
        ``(m,)`` weights adding up to 1. Equal weights when no column
        varies at all.

    Notes
    -----
    For column j over the n_j rows that have it: ``p_ij = x_ij / sum_i x_ij``,
    entropy ``e_j = -sum_i p_ij ln p_ij / ln n_j`` (``0 ln 0 = 0``), diversity
    ``d_j = 1 - e_j`` and ``w_j = d_j / sum_k d_k``. A column that is equal
    for everyone (or all zero, or known for fewer than two rows) tells the
    enterprises apart not at all, and gets weight 0.

    Examples
    --------
    >>> entropy_weights(np.array([[1.0, 0.0], [1.0, 1.0]])).tolist()
    [0.0, 1.0]
    """
    x = np.asarray(matrix, dtype=float)
    if np.any(x < 0):
        raise ValueError("entropy_weights needs non-negative values")
    present = ~np.isnan(x)
    n = present.sum(axis=0)
    filled = np.where(present, x, 0.0)
    total = filled.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = filled / total
        plogp = np.where(p > 0, p * np.log(p), 0.0)
        entropy = -plogp.sum(axis=0) / np.log(n)
    informative = (n >= 2) & (total > 0)
    diversity = np.where(informative, 1 - entropy, 0.0)
    diversity = np.clip(diversity, 0.0, None)
    if diversity.sum() <= 0:
        return np.full(x.shape[1], 1 / x.shape[1])
    return diversity / diversity.sum()


def perturbed(base: np.ndarray, draws: int, spread: float,
              rng: np.random.Generator) -> np.ndarray:
    """``(draws, k)`` copies of ``base``, each entry scaled by U(1-spread, 1+spread).

    The first row is ``base`` itself, so the expert weighting is one draw.
    """
    factors = rng.uniform(1 - spread, 1 + spread, size=(draws, len(base)))
    factors[0] = 1.0
    return np.asarray(base, dtype=float)[None, :] * factors


def ranks(scores: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = best; ties share the better rank) along the last axis.

    Missing scores get no rank (NaN) and do not push others down.

    Examples
    --------
    >>> ranks(np.array([70.0, 90.0, 70.0, np.nan])).tolist()
    [2.0, 1.0, 2.0, nan]
    """
    s = np.asarray(scores, dtype=float)
    known = ~np.isnan(s)
    higher = (s[..., None, :] > s[..., :, None]) & known[..., None, :]
    out = 1.0 + higher.sum(axis=-1)
    return np.where(known, out, np.nan)


def rank_bands(draw_scores: np.ndarray, base_rank: np.ndarray,
               quantiles: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The band of ranks each enterprise takes over the draws.

    Parameters
    ----------
    draw_scores
        ``(D, E)`` overall scores under each weighting.
    base_rank
        ``(E,)`` rank under the expert weights; always inside the band.
    quantiles
        Lower and upper quantile of the ranks over the draws.

    Returns
    -------
    (low, high)
        Best and worst rank of the band, each ``(E,)``; NaN for an
        enterprise without a score.
    """
    r = ranks(draw_scores)
    low, high = quantiles
    with warnings.catch_warnings():
        # an enterprise without any score has no ranks at all
        warnings.simplefilter("ignore", RuntimeWarning)
        lo = np.nanquantile(r, low, axis=0, method="lower")
        hi = np.nanquantile(r, high, axis=0, method="higher")
    lo = np.fmin(lo, base_rank)
    hi = np.fmax(hi, base_rank)
    missing = np.isnan(base_rank)
    return np.where(missing, np.nan, lo), np.where(missing, np.nan, hi)
