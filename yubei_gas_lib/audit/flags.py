"""The rule flags of billing.md, on readings and on bills, as bit masks.

Each flag id has a fixed bit, so that a row's flags are one integer and a
household's flags are the OR of its rows'. Strings (``a;b``, sorted) are made
once per distinct mask, not once per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..tariff import Tariff
from .allocation import CHUNK, Allocation, sort_order, to_days
from .params import FLAG_IDS, AuditParams

# comparisons at a threshold forgive float noise far below a fen or a litre
EPS = 1e-9
BIT = {flag: 1 << i for i, flag in enumerate(FLAG_IDS)}

FLAG_ZH = {
    "cycle_irregular": "抄表结算周期不合规",
    "long_unread": "超过90天未抄表",
    "estimate_chain": "连续估抄",
    "zero_estimate": "零估抄",
    "estimate_above_cap": "估抄气量高于上年实际最高月用量",
    "unoccupied_usage": "空置房产生计费气量",
    "negative_consumption": "表底数倒退（疑似抄错）",
    "consumption_spike": "用气量异常突增",
    "tier_year_straddle": "账单跨阶梯年度（9月1日）",
    "price_envelope": "单价超出价格表范围",
    "double_bill": "同一期间重复出账",
    "late_push": "账单推送不及时",
    "volume_mismatch": "计费气量与表底数差不一致",
}
READING_FLAGS = ("long_unread", "estimate_chain", "zero_estimate",
                 "estimate_above_cap", "negative_consumption", "consumption_spike")
BILL_FLAGS = ("cycle_irregular", "unoccupied_usage", "tier_year_straddle",
              "price_envelope", "double_bill", "late_push")


def mask_strings(masks: np.ndarray, categorical: bool = False):
    """Flag masks as sorted ids joined by ``;`` (empty string for none).

    With ``categorical``, a :class:`pandas.Categorical` (one small table of
    distinct flag sets), which suits tables of millions of bills.
    """
    codes, uniq = pd.factorize(np.asarray(masks, dtype=np.int64))
    text = [";".join(sorted(f for f, b in BIT.items() if u & b)) for u in uniq]
    if categorical:
        return pd.Categorical.from_codes(codes, categories=pd.Index(text, dtype=object))
    return np.asarray(text + [""], dtype=object)[codes]


def mask_columns(masks: np.ndarray, flags: tuple[str, ...]) -> dict[str, np.ndarray]:
    """One boolean column per flag id."""
    return {f: (masks & BIT[f]) != 0 for f in flags}


def reading_masks(alloc: Allocation, params: AuditParams) -> np.ndarray:
    """Flags of each row of ``alloc.readings`` (rules that look at readings)."""
    r = alloc.readings
    mask = np.zeros(len(r), dtype=np.int64)
    if len(r) == 0:
        return mask
    meter = r["meter"].to_numpy()
    day = r["day"].to_numpy()
    reg = r["register"].to_numpy()
    est = r["estimated"].to_numpy()
    has_prev = np.r_[False, meter[1:] == meter[:-1]]
    prev_reg = np.r_[np.nan, reg[:-1]]
    prev_day = np.r_[0, day[:-1]]

    mask[r["negative"].to_numpy()] |= BIT["negative_consumption"]
    zero = est & has_prev & (np.abs(reg - prev_reg) <= 1e-9)
    mask[zero] |= BIT["zero_estimate"]

    # runs of estimated readings within a meter
    run_start = est & ~(has_prev & np.r_[False, est[:-1]])
    run_id = np.cumsum(run_start)
    run_len = np.bincount(run_id, weights=est.astype(float))
    chain = est & (run_len[run_id] >= params.estimate_chain_min)
    mask[chain] |= BIT["estimate_chain"]

    # gaps in the kept chain, and spikes, are marked on the closing reading
    p = alloc.periods
    gap = (p["d1"] - p["d0"]).to_numpy() > params.long_unread_days
    mask[p["row"].to_numpy()[gap]] |= BIT["long_unread"]
    # the season medians are per household: slices bound the groupby's memory
    cuts = np.searchsorted(p["hh"].to_numpy(),
                           np.arange(0, len(alloc.household_ids) + CHUNK, CHUNK))
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        part = p.iloc[lo:hi]
        mask[part["row"].to_numpy()[_spikes(part, params)]] |= BIT[
            "consumption_spike"]

    # estimates above the household's highest actual monthly daily use
    with np.errstate(divide="ignore", invalid="ignore"):
        daily = (reg - prev_reg) / (day - prev_day)
    cand = np.flatnonzero(est & has_prev)
    cap = _monthly_cap(alloc, r["hh"].to_numpy()[cand], day[cand], params)
    above = cand[daily[cand] > cap + EPS]
    mask[above] |= BIT["estimate_above_cap"]
    return mask


def _spikes(periods: pd.DataFrame, params: AuditParams) -> np.ndarray:
    """Periods whose daily use exceeds k times the household's season median."""
    if len(periods) == 0:
        return np.zeros(0, dtype=bool)
    mid = (periods["d0"].to_numpy() + periods["d1"].to_numpy()) // 2
    month = pd.DatetimeIndex(mid.astype("datetime64[D]")).month
    season = np.isin(month, params.heating_months)
    frame = pd.DataFrame({"hh": periods["hh"].to_numpy(), "season": season,
                          "rate": periods["rate"].to_numpy()})
    grouped = frame.groupby(["hh", "season"], sort=False)["rate"]
    baseline = grouped.transform("median").to_numpy()
    count = grouped.transform("size").to_numpy()
    floor = np.maximum(baseline, params.spike_min_baseline_m3_per_day)
    return (count >= params.spike_min_periods) & (
        frame["rate"].to_numpy() > params.spike_factor * floor + EPS)


def _month_index(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of integer days."""
    return np.asarray(days).astype("datetime64[D]").astype("datetime64[M]").astype(
        np.int64)


def _monthly_cap(alloc: Allocation, hh: np.ndarray, day: np.ndarray,
                 params: AuditParams) -> np.ndarray:
    """Highest trusted monthly daily use in the months before each estimate.

    The look-back is the ``estimate_cap_months`` calendar months before the
    estimate's month. A month counts only when every trusted period covering
    it had closed by the estimate's day: the rule judges what the enterprise
    knew when it estimated, not a later catch-up. +inf where no month counts.

    ``hh`` must be sorted, like the pieces and periods: households are
    independent, so the household x month grids are built one slice of
    households at a time and stay small whatever the district's size.
    """
    cap = np.full(len(hh), np.inf)
    pieces, periods = alloc.pieces, alloc.periods
    if len(pieces) == 0 or len(hh) == 0:
        return cap
    months = pieces["month"].to_numpy()
    m_lo = int(months.min())
    n_months = int(months.max()) - m_lo + 1
    piece_cols = (pieces["hh"].to_numpy(), months, pieces["volume"].to_numpy(),
                  (pieces["end"] - pieces["start"]).to_numpy())
    period_cols = tuple(periods[c].to_numpy() for c in ("hh", "d0", "d1"))
    n = len(alloc.household_ids)
    bounds = np.arange(0, n + CHUNK, CHUNK)
    at = [np.searchsorted(cols[0], bounds) for cols in (piece_cols, period_cols)]
    at_hh = np.searchsorted(hh, bounds)
    for k, lo in enumerate(bounds[:-1]):
        rows = slice(at_hh[k], at_hh[k + 1])
        if rows.stop == rows.start:
            continue
        p_rows, q_rows = (slice(a[k], a[k + 1]) for a in at)
        cap[rows] = _slice_cap(tuple(c[p_rows] for c in piece_cols),
                               tuple(c[q_rows] for c in period_cols),
                               hh[rows] - lo, day[rows], int(lo),
                               min(CHUNK, n - int(lo)), m_lo, n_months, params)
    return cap


def _slice_cap(pieces, periods, hh, day, lo, n_hh, m_lo, n_months,
               params: AuditParams) -> np.ndarray:
    """:func:`_monthly_cap` for households ``lo`` to ``lo + n_hh``; ``hh``
    counted from ``lo``; ``pieces`` and ``periods`` as tuples of columns."""
    p_hh, p_month, p_volume, p_days = pieces
    cell = (p_hh.astype(np.int64) - lo) * n_months + (p_month.astype(np.int64)
                                                       - m_lo)
    size = n_hh * n_months
    use = np.bincount(cell, weights=p_volume, minlength=size)
    days = np.bincount(cell, weights=p_days, minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(use, days, out=use)
    use[days == 0] = -np.inf
    del days, cell

    # the day by which each household-month was fully known
    q_hh, d0, d1 = periods
    m0, m1 = _month_index(d0), _month_index(d1 - 1)
    n = m1 - m0 + 1
    rep = np.repeat(np.arange(len(d0)), n)
    m = m0[rep] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    known_cell = (q_hh[rep].astype(np.int64) - lo) * n_months + (m - m_lo)
    known_by = np.full(size, np.iinfo(np.int32).min, dtype=np.int32)
    np.maximum.at(known_by, known_cell, d1[rep].astype(np.int32))
    del rep, m, known_cell
    known_by[known_by == np.iinfo(np.int32).min] = np.iinfo(np.int32).max

    em = _month_index(day) - m_lo
    best = np.full(len(hh), -np.inf)
    for k in range(1, params.estimate_cap_months + 1):
        m = em - k
        ok = np.flatnonzero((m >= 0) & (m < n_months))
        c = hh[ok] * n_months + m[ok]
        ok, c = ok[known_by[c] <= day[ok]], c[known_by[c] <= day[ok]]
        best[ok] = np.maximum(best[ok], use[c])
    return np.where(np.isfinite(best), best, np.inf)


BILL_SLICE = 1_000_000


def bill_masks(bills: pd.DataFrame, households: pd.DataFrame, hh: np.ndarray,
               tariff: Tariff, params: AuditParams) -> np.ndarray:
    """Flags of each bill (void bills are never flagged)."""
    mask = np.zeros(len(bills), dtype=np.int64)
    if len(bills) == 0:
        return mask
    live = (bills["status"] != "void").to_numpy()
    start = to_days(bills["period_start"])
    end = to_days(bills["period_end"])
    mask[_overlapping(hh, start, end, live)] |= BIT["double_bill"]
    del start, end
    # the other rules look at one bill at a time: slices bound the temporaries
    for lo in range(0, len(bills), BILL_SLICE):
        part = slice(lo, lo + BILL_SLICE)
        mask[part] |= _single_bill_masks(bills.iloc[part], households, hh[part],
                                         tariff, params)
    mask[~live] = 0
    return mask


def _single_bill_masks(bills: pd.DataFrame, households: pd.DataFrame,
                       hh: np.ndarray, tariff: Tariff,
                       params: AuditParams) -> np.ndarray:
    mask = np.zeros(len(bills), dtype=np.int64)
    start = to_days(bills["period_start"])
    end = to_days(bills["period_end"])
    length = end - start
    volume = bills["volume_m3"].to_numpy(dtype=float)
    amount = bills["amount_yuan"].to_numpy(dtype=float)

    # cycle rule in force on the day the period closed
    monthly = end >= to_days(pd.Series([params.monthly_regime_from]))[0]
    lo = np.where(monthly, params.cycle_days_monthly[0], params.cycle_days_before[0])
    hi = np.where(monthly, params.cycle_days_monthly[1], params.cycle_days_before[1])
    mask[(length < lo) | (length > hi)] |= BIT["cycle_irregular"]

    status = households["status"] if "status" in households else None
    if status is not None:
        empty = (status == "unoccupied").to_numpy()[hh]
        mask[empty & (volume > 0)] |= BIT["unoccupied_usage"]

    # the latest tier-year start strictly before period_end
    ts = tariff.tier_year_start
    year = end.astype("datetime64[D]").astype("datetime64[Y]")
    sep1 = to_days((year.astype("datetime64[M]") + (ts.month - 1)).astype(
        "datetime64[D]") + (ts.day - 1))
    sep1 = np.where(sep1 < end, sep1, to_days(
        ((year - 1).astype("datetime64[M]") + (ts.month - 1)).astype(
            "datetime64[D]") + (ts.day - 1)))
    straddle = (length > params.tier_year_straddle_min_days) & (start < sep1)
    mask[straddle] |= BIT["tier_year_straddle"]

    mask[_outside_envelope(bills, households, hh, start, end, volume, amount,
                           tariff, params)] |= BIT["price_envelope"]

    issued = to_days(bills["issued_on"])
    pushed = bills["pushed_on"] if "pushed_on" in bills else pd.Series(
        pd.NaT, index=bills.index)
    late = pushed.isna().to_numpy() | (to_days(pushed) - issued
                                       > params.late_push_days)
    mask[late] |= BIT["late_push"]
    return mask


def _outside_envelope(bills, households, hh, start, end, volume, amount,
                      tariff: Tariff, params: AuditParams) -> np.ndarray:
    # the envelope depends only on the plan and the first and last price row
    # of the period: a small table indexed by (plan, row0 + 1, row1 + 1)
    names = list(tariff.plans)
    plan = pd.Index(names).get_indexer(households["plan"])[hh]
    r0 = tariff.row_index(start.astype("datetime64[D]"))
    r1 = tariff.row_index((np.maximum(end - 1, start)).astype("datetime64[D]"))
    n_rows = len(tariff.prices) + 1
    table = np.array([[[_envelope(tariff, p, a - 1, b - 1) for b in range(n_rows)]
                       for a in range(n_rows)] for p in names]).reshape(
        len(names), n_rows, n_rows, 2)
    env = table[np.maximum(plan, 0), r0 + 1, r1 + 1]
    lo = np.where(plan >= 0, env[:, 0], -np.inf)
    hi = np.where(plan >= 0, env[:, 1], np.inf)
    tol = params.price_envelope_tolerance_yuan
    v, a = np.abs(volume), np.abs(amount)
    wrong_sign = (np.sign(volume) != np.sign(amount)) & (a > tol + EPS)
    return wrong_sign | (a < lo * v - tol - EPS) | (a > hi * v + tol + EPS)


def _envelope(tariff: Tariff, plan: str, r0: int, r1: int) -> tuple[float, float]:
    # a period outside the price table is judged against every row
    rows = list(range(r0, r1 + 1)) if min(r0, r1) >= 0 and r1 >= r0 else list(
        range(len(tariff.prices)))
    return tariff.price_envelope(plan, rows)


def _overlapping(hh, start, end, live) -> np.ndarray:
    """Bills whose period overlaps another live bill's of the same household."""
    idx = np.flatnonzero(live)
    order = idx[sort_order(hh[idx], start[idx])]
    h, s, e = hh[order], start[order], end[order]
    same_prev = np.r_[False, h[1:] == h[:-1]]
    # the furthest end among earlier bills of the household
    run_max = pd.Series(e).groupby(h).cummax().to_numpy()
    prev_max = np.r_[0, run_max[:-1]]
    hit_earlier = same_prev & (s < prev_max)
    same_next = np.r_[h[1:] == h[:-1], False]
    hit_later = same_next & (e > np.r_[s[1:], 0])
    out = np.zeros(len(hh), dtype=bool)
    out[order[hit_earlier | hit_later]] = True
    return out
