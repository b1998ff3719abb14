"""Seasonal decomposition (robust STL) and the interrupted time series."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..contract import METERING_BILLING_CATEGORIES
from ..dataset import Dataset


def stl_decompose(series: pd.Series, period: int = 12) -> pd.DataFrame | None:
    """A robust STL decomposition of ``series`` (statsmodels).

    Parameters
    ----------
    series
        Evenly spaced values indexed by date, without gaps.
    period
        Observations per season: 12 for months.

    Returns
    -------
    DataFrame or None
        ``observed``, ``trend``, ``seasonal`` and ``resid``; None when the
        series holds fewer than two full periods, which STL cannot split.

    Notes
    -----
    Robust fitting down-weights outlying months (a catch-up bill, a
    complaint wave) so that they land in the residual instead of bending
    the seasonal pattern.
    """
    from statsmodels.tsa.seasonal import STL

    series = series.dropna()
    if len(series) < 2 * period:
        return None
    fit = STL(series.astype(float), period=period, robust=True).fit()
    return pd.DataFrame({"observed": series, "trend": fit.trend,
                         "seasonal": fit.seasonal, "resid": fit.resid})


def weekly_complaints(dataset: Dataset, metering_billing: bool = True) -> pd.Series:
    """Tickets received per week (Monday-dated), zeros included."""
    tickets = dataset.table("complaints")
    if metering_billing:
        tickets = tickets[tickets["category"].isin(METERING_BILLING_CATEGORIES)]
    week = tickets["received_at"].dt.to_period("W-SUN").dt.start_time
    counts = week.value_counts().sort_index()
    if counts.empty:
        return counts.astype(float)
    last = pd.Timestamp(dataset.as_of) if dataset.as_of else counts.index.max()
    last = last.to_period("W-SUN").start_time
    return counts.reindex(pd.date_range(counts.index.min(), last, freq="7D"),
                          fill_value=0).astype(float)


def monthly_complaints(dataset: Dataset, metering_billing: bool = True) -> pd.Series:
    """Tickets received per calendar month, zeros included."""
    weekly = dataset.table("complaints")
    if metering_billing:
        weekly = weekly[weekly["category"].isin(METERING_BILLING_CATEGORIES)]
    month = weekly["received_at"].dt.to_period("M").dt.to_timestamp()
    counts = month.value_counts().sort_index()
    index = pd.date_range(counts.index.min(), counts.index.max(), freq="MS")
    return counts.reindex(index, fill_value=0).astype(float)


@dataclass(frozen=True)
class ITSResult:
    """A segmented regression around one intervention date.

    Attributes
    ----------
    coefficients
        One row per term (``baseline``, ``pre_trend``, ``level_change``,
        ``slope_change``) with ``estimate``, ``ci_low``, ``ci_high`` and
        ``p_value``; the intervals use Newey-West (HAC) errors.
    fitted
        Per period: ``observed``, ``fitted``, ``counterfactual`` (the
        pre-period line carried on) and its ``ci_low`` / ``ci_high``.
    intervention
        The first period counted as after.
    """

    coefficients: pd.DataFrame
    fitted: pd.DataFrame
    intervention: pd.Timestamp
    alpha: float


TERMS_ZH = {
    "baseline": "起点水平",
    "pre_trend": "干预前趋势（每期）",
    "level_change": "干预后水平变化",
    "slope_change": "干预后趋势变化（每期）",
}


def interrupted_time_series(series: pd.Series, intervention: dt.date | str,
                            alpha: float = 0.05, hac_lags: int = 4) -> ITSResult:
    """Segmented regression of ``series`` with a break at ``intervention``.

    ``y_t = b0 + b1 t + b2 after_t + b3 (t - t0) after_t + e_t``, fitted by
    OLS with Newey-West standard errors (``hac_lags`` periods), so that
    neighbouring weeks' correlated errors do not narrow the intervals.

    Parameters
    ----------
    series
        Evenly spaced values indexed by date (e.g. :func:`weekly_complaints`).
    intervention
        The first date counted as after.

    Raises
    ------
    ValueError
        Fewer than three periods on either side of the intervention.
    """
    import statsmodels.api as sm

    y = series.astype(float)
    t0 = pd.Timestamp(intervention)
    after = (y.index >= t0).astype(float)
    n_after = int(after.sum())
    if n_after < 3 or len(y) - n_after < 3:
        raise ValueError(f"intervention {t0:%Y-%m-%d} needs at least 3 periods on "
                         f"each side; got {len(y) - n_after} before, {n_after} after")
    t = np.arange(len(y), dtype=float)
    since = np.where(after > 0, t - t[after.argmax()], 0.0)
    design = pd.DataFrame({"baseline": 1.0, "pre_trend": t, "level_change": after,
                           "slope_change": since}, index=y.index)
    fit = sm.OLS(y, design).fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags})
    ci = fit.conf_int(alpha)
    coefficients = pd.DataFrame({"estimate": fit.params, "ci_low": ci[0],
                                 "ci_high": ci[1], "p_value": fit.pvalues})
    counter = design.assign(level_change=0.0, slope_change=0.0)
    pred = fit.get_prediction(counter).summary_frame(alpha=alpha)
    fitted = pd.DataFrame({"observed": y, "fitted": fit.fittedvalues,
                           "counterfactual": pred["mean"].to_numpy(),
                           "ci_low": pred["mean_ci_lower"].to_numpy(),
                           "ci_high": pred["mean_ci_upper"].to_numpy()},
                          index=y.index)
    return ITSResult(coefficients, fitted, t0, alpha)
