"""Hotspots of complaint rates: Getis-Ord Gi* over town neighbours.

Gi* compares the rate of a town and its neighbours (itself included) with
the district's, so a town is a hotspot when it and the towns around it
complain more per household than the district does, not because it is big.
Significance comes from conditional permutations with a fixed seed, so a
briefing shows the same hotspots each time it runs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

__all__ = ["HOTSPOT_ZH", "gi_star"]

HOTSPOT_ZH = {"hot": "热点（显著偏高）", "cold": "冷点（显著偏低）", "none": "不显著"}


def gi_star(
    values: pd.Series,
    weights,
    permutations: int = 999,
    seed: int = 20240531,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Getis-Ord Gi* of ``values`` with permutation inference.

    Parameters
    ----------
    values
        One value per area (e.g. complaints per 10,000 households), indexed
        by the ids of ``weights``; missing values count as the mean.
    weights
        libpysal weights between the areas (for towns,
        :func:`yubei_gas_lib.geography.town_neighbours`); row-standardised
        here, with each area given a self-weight (``star=True``).
    permutations, seed
        Conditional permutations for the pseudo p-value, and their seed.
    alpha
        Significance level of the pseudo p-value.

    Returns
    -------
    DataFrame
        Indexed like ``weights``: ``z`` (Gi* standardised by the mean and
        spread of its permutations), ``p`` (pseudo
        p-value, one-sided in the direction of ``z``) and ``hotspot``:
        ``hot``, ``cold`` or ``none``. When all values are equal nothing
        stands out: z is 0 and p is 1 everywhere.

    Examples
    --------
    >>> from libpysal.weights import lat2W
    >>> w = lat2W(5, 5)
    >>> y = pd.Series(np.r_[np.full(6, 10.0), np.ones(19)], index=w.id_order)
    >>> gi_star(y, w, permutations=99, seed=1).hotspot.iloc[0]
    'hot'
    """
    from esda import G_Local

    ids = list(weights.id_order)
    missing = sorted(set(ids) - set(values.index))
    if missing:
        raise ValueError(f"values has no entry for areas {missing[:5]}")
    y = values.reindex(ids).astype(float)
    y = y.fillna(y.mean()).to_numpy()
    out = pd.DataFrame(index=pd.Index(ids, name=values.index.name))
    if np.allclose(y, y[0]):
        out["z"], out["p"], out["hotspot"] = 0.0, 1.0, "none"
        return out
    # Gi is defined for non-negative values; a shift keeps the ranking
    y = y - min(y.min(), 0.0)
    with warnings.catch_warnings():
        # esda warns about islands and the transform it applies itself
        warnings.simplefilter("ignore")
        g = G_Local(y, weights, transform="R", permutations=permutations,
                    star=True, seed=seed, n_jobs=1)
    # z against the permutations, so that z and p tell the same story; the
    # analytical Zs of a row-standardised Gi* can be small where p_sim is tiny
    out["z"] = g.z_sim
    out["p"] = g.p_sim
    significant = out.p < alpha
    out["hotspot"] = np.where(significant & (out.z > 0), "hot",
                              np.where(significant & (out.z < 0), "cold", "none"))
    return out
