"""The ground truth: what each household should have paid, and was charged.

An independent implementation of the reference allocation of
``billing.md``: the kept chain of trusted readings, volumes spread evenly
over the days of each period, tiers walked day by day against the bucket
of each day's month from 1 September, each day priced for its month. The
result is compared with the non-void bills inside the window. No analysis
code reads it: it exists so that the audit can be scored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .billing import TIER_YEAR_STARTS
from .rates import N_DAYS, Tariff, calendar_month
from .reading import ESTIMATED

_CHUNK = 8000


def kept_chain(readings: pd.DataFrame) -> pd.DataFrame:
    """Trusted readings kept in each household's chain (misreads left out)."""
    trusted = readings[readings.kind.to_numpy() != ESTIMATED]
    prior_max = (trusted.groupby("hh", sort=False)["register"].cummax()
                 .groupby(trusted.hh, sort=False).shift(1))
    keep = prior_max.isna() | (trusted.register >= prior_max)
    return trusted[keep.to_numpy()]


def correct_charges(chain: pd.DataFrame, pop: pd.DataFrame, tariff: Tariff,
                    progress=None) -> np.ndarray:
    """The correct charge of every household over its window (unrounded)."""
    n = len(pop)
    hh = chain.hh.to_numpy()
    same = np.r_[hh[1:] == hh[:-1], False]
    i0 = np.flatnonzero(same)
    h, d0, d1 = hh[i0], chain.day.to_numpy()[i0], chain.day.to_numpy()[i0 + 1]
    rate = (chain.register.to_numpy()[i0 + 1] - chain.register.to_numpy()[i0]) / (
        d1 - d0)

    days = np.arange(N_DAYS)
    winter = np.isin(calendar_month(days), tariff.winter_months)
    prices = np.where(winter[:, None], np.asarray(tariff.price_winter),
                      np.asarray(tariff.price_other))
    year_start = np.zeros(N_DAYS, bool)
    year_start[TIER_YEAR_STARTS[TIER_YEAR_STARTS < N_DAYS]] = True
    plan = pop.plan.to_numpy()
    persons = pop.persons.to_numpy()
    flat = np.select([plan == "low_income", plan == "shared_meter"],
                     [tariff.low_income, tariff.shared_meter], np.nan)

    # thresholds of each household's buckets: all months, and heating winter
    extra = tariff.extra_per_person_m3 * np.maximum(
        persons - tariff.persons_included, 0)
    lim_o = np.asarray(tariff.standard)[None, :] + extra[:, None]
    lim_w = np.asarray(tariff.heating_winter)[None, :] + extra[:, None]
    charge = np.zeros(n)
    starts = range(0, n, _CHUNK)
    for lo in starts if progress is None else progress(starts):
        hi = min(lo + _CHUNK, n)
        sel = (h >= lo) & (h < hi)
        width = N_DAYS + 1
        cells = np.r_[(h[sel] - lo) * width + d0[sel], (h[sel] - lo) * width + d1[sel]]
        steps = np.bincount(cells, np.r_[rate[sel], -rate[sel]],
                            minlength=(hi - lo) * width)
        daily = np.cumsum(steps.reshape(hi - lo, width), axis=1)[:, :N_DAYS]
        daily[np.abs(daily) < 1e-12] = 0.0
        rows = slice(lo, hi)
        heating = (plan[rows] == "heating")[:, None]
        bucket_w = heating & winter[None, :]
        cum = np.zeros_like(daily)
        for mask in (bucket_w, ~bucket_w):
            cum += np.where(mask, _year_cumsum(np.where(mask, daily, 0.0),
                                               year_start), 0.0)
        t1 = np.where(bucket_w, lim_w[rows, 0, None], lim_o[rows, 0, None])
        t2 = np.where(bucket_w, lim_w[rows, 1, None], lim_o[rows, 1, None])
        before = cum - daily
        v1 = np.minimum(cum, t1) - np.minimum(before, t1)
        v12 = np.minimum(cum, t2) - np.minimum(before, t2)
        tiered = (v1 * prices[:, 0] + (v12 - v1) * prices[:, 1]
                  + (daily - v12) * prices[:, 2]).sum(axis=1)
        total = daily.sum(axis=1)
        charge[rows] = np.where(np.isnan(flat[rows]), tiered, total * flat[rows])
    return charge


def _year_cumsum(values: np.ndarray, year_start: np.ndarray) -> np.ndarray:
    """Cumulative sum along days, restarting at each tier year."""
    out = np.empty_like(values)
    bounds = np.r_[np.flatnonzero(year_start), values.shape[1]]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        out[:, a:b] = np.cumsum(values[:, a:b], axis=1)
    return out


def overcharges(chain: pd.DataFrame, bills: pd.DataFrame, pop: pd.DataFrame,
                tariff: Tariff, progress=None) -> pd.DataFrame:
    """Per household: window, billed, correct, refund due and under-billed."""
    n = len(pop)
    first = chain.groupby("hh").day.min().reindex(range(n))
    last = chain.groupby("hh").day.max().reindex(range(n))
    window = (first < last).to_numpy()
    w0 = first.to_numpy()[bills.hh]
    w1 = last.to_numpy()[bills.hh]
    inside = (~bills.void.to_numpy() & (bills.start.to_numpy() >= w0)
              & (bills.end.to_numpy() <= w1))
    billed = np.bincount(bills.hh[inside], bills.amount[inside], minlength=n)
    volume = np.bincount(bills.hh[inside], bills.volume[inside], minlength=n)
    correct = correct_charges(chain, pop, tariff, progress)
    billed = np.where(window, billed, 0.0)
    correct = np.where(window, correct, 0.0)
    return pd.DataFrame({
        "hh": np.arange(n), "window_start": np.where(window, first, -1),
        "window_end": np.where(window, last, -1),
        "billed_volume_m3": np.where(window, volume, 0.0),
        "billed_yuan": billed, "correct_yuan": correct,
        "refund_due_yuan": np.maximum(billed - correct, 0.0),
        "under_billed_yuan": np.maximum(correct - billed, 0.0),
    })
