"""The reference allocation of billing.md: trusted chain, even spread, tiers, price.

Nothing here materialises household-days. Because the daily rate is constant
inside a trusted period, every period is a day range with a constant rate.
A household's periods (several meters may overlap around a meter swap) are
cut at the union of their ends, so that each piece is a day range with one
constant household rate: the meters' volumes of one day form that day's
volume. The pieces are then cut at month starts, tier-year starts and price
boundaries, so that inside a piece the bucket, the tier year and the price of
each tier are constant. The tier split of a piece's volume against its
bucket's running total is then exactly the sum of the day-by-day splits:

    tier 1 = clip(min(c1, T1) - c0, 0),  tier 2 = clip(min(c1, T2) - max(c0, T1), 0),
    tier 3 = clip(c1 - max(c0, T2), 0)

with ``c0`` and ``c1 = c0 + v`` the bucket's running total before and after
the piece. Days are integers counted from 1970-01-01 throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..contract import TRUSTED_READ_TYPES
from ..errors import ParameterError
from ..tariff import Tariff


@dataclass(frozen=True)
class Allocation:
    """The allocation's intermediate tables, positional on household codes.

    Attributes
    ----------
    household_ids
        Household id of each integer code ``hh`` used below.
    readings
        Every reading sorted by household, meter and day, with ``hh``,
        ``meter`` (code), ``day``, ``trusted``, ``kept`` (in the trusted
        chain) and ``negative`` (a trusted reading left out of the chain).
    periods
        One row per pair of consecutive kept readings of a meter: ``hh``,
        ``meter``, ``d0``, ``d1``, ``volume``, ``rate`` (m³ a day), ``row``
        (position of the closing reading in ``readings``).
    pieces
        Day ranges ``[start, end)`` of constant household rate, bucket, tier
        year and price: ``hh``, ``start``, ``end``, ``month`` (months since
        1970-01), ``volume`` and ``charge`` (yuan, unrounded).
    totals
        Per household code: ``volume``, ``charge``, ``t1``, ``t2``, ``t3``
        and ``flat`` (m³ at a flat price).
    """

    household_ids: pd.Index
    readings: pd.DataFrame
    periods: pd.DataFrame
    pieces: pd.DataFrame
    totals: pd.DataFrame


TOTALS = ("volume", "charge", "t1", "t2", "t3", "flat")
# households per slice of the allocation: bounds its temporary arrays
CHUNK = 50_000


def codes(values: pd.Series, ids: pd.Index) -> np.ndarray:
    """Position of each value in ``ids`` (-1 when absent), without Python
    strings: Arrow's hash kernel works on the string buffers directly."""
    try:
        found = pc.index_in(pa.array(values.astype(str), from_pandas=True),
                            value_set=pa.array(ids.astype(str), from_pandas=True))
        return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return ids.get_indexer(values)


def to_days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Dates as int64 days since 1970-01-01 (NaT becomes a large negative)."""
    return np.asarray(values, dtype="datetime64[D]").astype(np.int64)


def trusted_chain(readings: pd.DataFrame, household_ids: pd.Index) -> pd.DataFrame:
    """Sort readings and mark the kept trusted chain of each meter (step 1).

    A trusted reading stays in the chain when its register is at least the
    last kept register; since the kept registers never fall, the last kept
    one is the running maximum of the meter's earlier trusted registers.
    """
    hh = codes(readings["household_id"], household_ids)
    # a meter id is only trusted to be unique within its household
    meter_id, uniq = pd.factorize(readings["meter_id"])
    meter = pd.factorize(hh.astype(np.int64) * (len(uniq) + 1) + meter_id)[0]
    day = to_days(readings["read_on"])
    # sort once, on plain arrays, and build the frame in its final order
    order = sort_order(hh, meter, day)
    order = order[hh[order] >= 0]
    kind = readings["read_type"]
    meter = meter[order].astype(np.int64)
    register = readings["register_m3"].to_numpy(dtype=float)[order]
    trusted = kind.isin(TRUSTED_READ_TYPES).to_numpy()[order]

    # a meter's rows are contiguous, so "previous" is the row before within it
    t_row = np.flatnonzero(trusted)
    t_meter = meter[t_row]
    last_kept = pd.Series(register[t_row]).groupby(t_meter, sort=False).cummax()
    previous = np.r_[np.nan, last_kept.to_numpy()[:-1]]
    previous[np.r_[True, t_meter[1:] != t_meter[:-1]]] = np.nan
    kept = np.zeros(len(order), dtype=bool)
    kept[t_row] = np.isnan(previous) | (register[t_row] >= previous)
    return pd.DataFrame({
        "hh": hh[order].astype(np.int64),
        "meter": meter,
        "day": day[order],
        "register": register,
        "trusted": trusted,
        "estimated": (kind == "estimated").to_numpy()[order],
        "src": order,
        "kept": kept,
        "negative": trusted & ~kept,
    })


def sort_order(*keys: np.ndarray) -> np.ndarray:
    """Stable order of rows by integer ``keys``, most significant first.

    The keys are packed into one int64 when their ranges allow: one stable
    argsort of it is several times faster than ``np.lexsort``, and nearly
    free on tables already in that order. Same order as ``np.lexsort``.
    """
    if len(keys[0]) == 0:
        return np.zeros(0, dtype=np.int64)
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    room = 1
    for key in keys:
        lo, hi = int(key.min()), int(key.max())
        room *= hi - lo + 1
        if room >= 2**62:
            return np.lexsort(keys[::-1])
        packed *= hi - lo + 1
        packed += key - lo
    return np.argsort(packed, kind="stable")


def chain_periods(frame: pd.DataFrame) -> pd.DataFrame:
    """Consecutive kept readings of one meter, with volume and daily rate."""
    kept = frame[frame["kept"]]
    meter = kept["meter"].to_numpy()
    same = meter[1:] == meter[:-1]
    day = kept["day"].to_numpy()
    reg = kept["register"].to_numpy()
    d0, d1 = day[:-1][same], day[1:][same]
    volume = reg[1:][same] - reg[:-1][same]
    return pd.DataFrame({
        "hh": kept["hh"].to_numpy()[1:][same],
        "meter": meter[1:][same],
        "d0": d0,
        "d1": d1,
        "volume": volume,
        "rate": volume / (d1 - d0),
        "row": kept.index.to_numpy()[1:][same],
    })


def household_segments(periods: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Cut each household's periods at the union of their ends (rate events).

    Returns ``hh, start, end, rate`` of day ranges with at least one meter
    running; the rate is the sum of the overlapping meters' rates.
    """
    hh = np.concatenate([periods["hh"].to_numpy()] * 2)
    day = np.concatenate([periods["d0"].to_numpy(), periods["d1"].to_numpy()])
    rate = periods["rate"].to_numpy()
    drate = np.concatenate([rate, -rate])
    dcount = np.concatenate([np.ones(len(periods)), -np.ones(len(periods))])
    if len(day) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0)
    base = day.min()
    key = hh * (1 << 24) + (day - base)
    order = np.argsort(key, kind="stable")
    key, drate, dcount = key[order], drate[order], dcount[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ukey = key[first]
    drate = np.add.reduceat(drate, first)
    count = np.cumsum(np.add.reduceat(dcount, first))
    uhh, uday = ukey >> 24, (ukey & ((1 << 24) - 1)) + base
    # restart the running rate at each household: float residue of earlier
    # households would otherwise tip half-fen ties in later ones
    rate = _segmented_cumsum(drate, uhh)
    ok = np.r_[(uhh[1:] == uhh[:-1]) & (count[:-1] > 0.5), False]
    nxt = np.r_[uday[1:], 0]
    return uhh[ok], uday[ok], nxt[ok], rate[ok]


def _calendar(tariff: Tariff, lo: int, hi: int) -> pd.DataFrame:
    """Boundaries between lo and hi where month, tier year or price changes."""
    first = pd.Timestamp(np.datetime64(lo, "D")).to_period("M").to_timestamp()
    last = pd.Timestamp(np.datetime64(hi, "D")) + pd.offsets.MonthBegin(1)
    cuts = set(pd.date_range(first, last, freq="MS"))
    start = tariff.tier_year_start
    for year in range(first.year - 1, last.year + 1):
        cuts.add(pd.Timestamp(year, start.month, start.day))
    cuts |= {pd.Timestamp(d) for d in tariff.price_boundaries()}
    days = pd.DatetimeIndex(sorted(c for c in cuts if first <= c <= last))
    before = (days.month < start.month) | (
        (days.month == start.month) & (days.day < start.day))
    return pd.DataFrame({
        "day": to_days(days),
        "month": (days.year - 1970) * 12 + days.month - 1,
        "month_of_year": days.month,
        "tier_year": days.year - before.astype(int),
        "row": tariff.row_index(days),
    })


def _plan_lookup(tariff: Tariff, plans: pd.Series, persons: pd.Series):
    """Per household: plan code, flat flag, and thresholds per (bucket)."""
    names = list(tariff.plans)
    code = pd.Index(names).get_indexer(plans)
    if (code < 0).any():
        bad = sorted(set(plans[code < 0].astype(str)))
        raise ParameterError(tariff.path, "plans", f"缺少用气类型 {bad} 的方案",
                             f"no plan for household plan(s) {bad}")
    n_buckets = max(1, max(len(p.buckets) for p in tariff.plans.values()))
    bucket_of = np.full((len(names), 13), -1, dtype=np.int64)
    thresholds = np.zeros((len(names), n_buckets, 2))
    for i, plan in enumerate(tariff.plans.values()):
        for b, bucket in enumerate(plan.buckets):
            bucket_of[i, bucket.months] = b
            thresholds[i, b] = bucket.thresholds_m3
    flat = np.array([p.flat for p in tariff.plans.values()])
    people = persons.fillna(tariff.default_persons).to_numpy(dtype=float)
    extra = tariff.extra_per_person_m3 * np.maximum(
        0, people - tariff.persons_included)
    return code, flat, bucket_of, thresholds, extra, n_buckets


def allocate(readings: pd.DataFrame, households: pd.DataFrame,
             tariff: Tariff) -> Allocation:
    """Run steps 1-5 of the reference allocation for every household.

    Parameters
    ----------
    readings, households
        Dataset tables with canonical columns.
    tariff
        A validated :class:`~yubei_gas_lib.tariff.Tariff`.

    Returns
    -------
    Allocation
        Chain, periods and priced pieces; see :class:`Allocation`.
    """
    ids = pd.Index(households["household_id"])
    frame = trusted_chain(readings, ids)
    periods = chain_periods(frame)
    n = len(ids)
    totals = np.zeros((len(TOTALS), n))
    if len(periods) == 0:
        return Allocation(ids, frame, periods, _empty_pieces(),
                          pd.DataFrame(dict(zip(TOTALS, totals, strict=True))))
    lookup = _plan_lookup(tariff, households["plan"], households.get(
        "persons", pd.Series(np.nan, index=households.index)))
    d0, d1 = periods["d0"].to_numpy(), periods["d1"].to_numpy()
    cal = _calendar(tariff, int(d0.min()), int(d1.max()))

    # households are independent: work in slices of households so that the
    # temporaries of a slice stay small, whatever the district's size
    p_hh = periods["hh"].to_numpy()
    cuts = np.searchsorted(p_hh, np.arange(0, n + CHUNK, CHUNK))
    parts = []
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        if hi > lo:
            parts.append(_price_slice(periods.iloc[lo:hi], cal, lookup, tariff,
                                      totals))
    pieces = pd.concat(parts, ignore_index=True)
    return Allocation(ids, frame, periods, pieces,
                      pd.DataFrame(dict(zip(TOTALS, totals, strict=True))))


def _price_slice(periods: pd.DataFrame, cal: pd.DataFrame, lookup, tariff: Tariff,
                 totals: np.ndarray) -> pd.DataFrame:
    """Steps 3-5 for the periods of a slice of households.

    Adds the slice's per-household sums into ``totals`` and returns its
    pieces (household, day range, month, volume, charge).
    """
    hh, start, end, rate = household_segments(periods)

    # cut at month, tier-year and price boundaries
    bounds = cal["day"].to_numpy()
    i0 = np.searchsorted(bounds, start, side="right") - 1
    i1 = np.searchsorted(bounds, end - 1, side="right") - 1
    n = i1 - i0 + 1
    seg = np.repeat(np.arange(len(hh)), n)
    j = i0[seg] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    p_start = np.maximum(start[seg], bounds[j])
    p_end = np.minimum(end[seg], bounds[j + 1])
    p_hh = hh[seg]
    volume = rate[seg] * (p_end - p_start)
    del seg
    month_of_year = cal["month_of_year"].to_numpy()[j]
    tier_year = cal["tier_year"].to_numpy()[j]
    row = cal["row"].to_numpy()[j]
    if (row < 0).any():
        day = np.datetime64(int(p_start[row < 0].min()), "D")
        raise ParameterError(tariff.path, "prices", f"价格表未覆盖 {day} 的用气",
                             f"no price row covers gas used on {day}")

    # running totals per household, bucket and tier year, in day order
    code, flat_plan, bucket_of, thr, extra, nb = lookup
    plan = code[p_hh]
    bucket = np.maximum(bucket_of[plan, month_of_year], 0)
    # pieces are in household and day order, so within one bucket the
    # (household, tier year) groups are contiguous: a segmented running sum
    # per bucket needs no sort
    c1 = np.empty_like(volume)
    for b in range(nb):
        sel = np.flatnonzero(bucket == b)
        if len(sel):
            c1[sel] = _segmented_cumsum(volume[sel], p_hh[sel] * 4096
                                        + (tier_year[sel] - tier_year.min()))
    c0 = c1 - volume
    t1_lim = thr[plan, bucket, 0] + extra[p_hh]
    t2_lim = thr[plan, bucket, 1] + extra[p_hh]
    is_flat = flat_plan[plan]
    t1 = np.where(is_flat, 0.0, np.clip(np.minimum(c1, t1_lim) - c0, 0, None))
    t2 = np.where(is_flat, 0.0, np.clip(
        np.minimum(c1, t2_lim) - np.maximum(c0, t1_lim), 0, None))
    t3 = np.where(is_flat, 0.0, np.clip(c1 - np.maximum(c0, t2_lim), 0, None))
    flat = np.where(is_flat, volume, 0.0)

    # price each tier-volume at the row and season in force
    prices = _price_table(tariff)
    flat_prices = np.array([[r.flat_yuan.get(p, np.nan) for p in tariff.plans]
                            for r in tariff.prices])
    pr = prices[row, month_of_year]
    charge = t1 * pr[:, 0] + t2 * pr[:, 1] + t3 * pr[:, 2]
    charge = charge + np.where(is_flat, flat * flat_prices[row, plan], 0.0)
    n_all = totals.shape[1]
    for k, values in enumerate((volume, charge, t1, t2, t3, flat)):
        totals[k] += np.bincount(p_hh, weights=values, minlength=n_all)
    return pd.DataFrame({
        "hh": p_hh.astype(np.int32), "start": p_start.astype(np.int32),
        "end": p_end.astype(np.int32),
        "month": cal["month"].to_numpy()[j].astype(np.int32),
        "volume": volume, "charge": charge,
    })


def _segmented_cumsum(values: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Running sum of ``values`` restarting wherever ``key`` changes."""
    total = np.cumsum(values)
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    before = (total - values)[first]
    return total - np.repeat(before, np.diff(np.r_[first, len(key)]))


def _price_table(tariff: Tariff) -> np.ndarray:
    table = np.zeros((len(tariff.prices), 13, 3))
    for r in range(len(tariff.prices)):
        for m in range(1, 13):
            table[r, m] = tariff.tier_prices(r, m)
    return table


def _empty_pieces() -> pd.DataFrame:
    frame = pd.DataFrame({c: np.zeros(0, dtype=np.int32)
                          for c in ["hh", "start", "end", "month"]})
    for c in ["volume", "charge"]:
        frame[c] = np.zeros(0)
    return frame
