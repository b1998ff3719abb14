"""Reading practice: when meters were read, how, and what was written down.

Before the reform the enterprises read every two months and filled skipped
visits with estimates (估抄); after it, every month. The documented failures
are drawn here at the rates of :class:`~.rates.Rates`: chains of estimates,
zero estimates then a catch-up, estimates above the household's own cap,
visits moved so that cycles run from 7 to 83 days, visits skipped, homes
left unread for up to 13 months, misread registers, estimates for empty
homes. The loop runs over visit slots; each step handles every household.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .consumption import Consumption
from .rates import N_DAYS, Rates, month_starts

READ_TYPES = np.array(["actual", "remote", "self", "estimated"])
ACTUAL, REMOTE, SELF, ESTIMATED = range(4)
# defects a reading can carry, as bit flags
READING_DEFECTS = ("estimate", "estimate_chain", "zero_estimate",
                   "estimate_above_cap", "empty_home_estimate", "long_unread",
                   "misread", "moved_visit")
_BIT = {name: 1 << i for i, name in enumerate(READING_DEFECTS)}


@dataclass
class Readings:
    """Reading slots as ``(household, slot)`` matrices; ``valid`` marks visits."""

    day: np.ndarray
    valid: np.ndarray
    register: np.ndarray
    kind: np.ndarray
    defects: np.ndarray
    billed_volume: np.ndarray
    monthly: np.ndarray

    def flat(self) -> pd.DataFrame:
        """One row per reading, ordered by household and date."""
        h, k = np.nonzero(self.valid)
        return pd.DataFrame({
            "hh": h, "slot": k, "day": self.day[h, k],
            "register": self.register[h, k], "kind": self.kind[h, k],
            "defects": self.defects[h, k], "billed_volume": self.billed_volume[h, k],
            "monthly": self.monthly[h, k],
        })


def schedule(pop: pd.DataFrame, reform_day: np.ndarray, rates: Rates,
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Visit days of every household: bimonthly, then monthly from the reform.

    Returns day matrix, validity and a flag of visits moved off the schedule.
    """
    n = len(pop)
    opened = pop.opened_day.to_numpy()
    closed = pop.closed_day.to_numpy()
    anchor = np.where(opened > 0, opened, rng.integers(0, rates.cycle_days, n))
    k1 = N_DAYS // rates.cycle_days + 2
    slots = np.arange(k1)
    jitter = rng.integers(-rates.cycle_jitter_days, rates.cycle_jitter_days + 1,
                          (n, k1))
    jitter[:, 0] = 0
    pre = anchor[:, None] + rates.cycle_days * slots[None, :] + jitter
    u = rng.random((n, k1))
    early = u < rates.early_per_read
    late = (u >= rates.early_per_read) & (
        u < rates.early_per_read + rates.late_per_read)
    early[:, 0] = late[:, 0] = False
    pre = pre - early * rng.integers(37, 55, (n, k1)) + late * rng.integers(
        10, 23, (n, k1))
    skip = rng.random((n, k1)) < rates.skip_per_read
    skip[:, 0] = False
    pre_ok = (pre < reform_day[:, None]) & ~skip

    # monthly visits on a fixed day of each month from the reform on
    # only months from the earliest reform on: the matrices stay narrow
    starts = month_starts()[:-1]
    starts = starts[starts >= reform_day.min() - 31]
    dom = rng.integers(0, 5, n)
    mon = starts[None, :] + dom[:, None] + rng.integers(-1, 2, (n, len(starts)))
    mon_ok = (mon >= reform_day[:, None]) & (mon >= opened[:, None] + 20)

    day = np.concatenate([pre, mon, closed[:, None]], axis=1)
    ok = np.concatenate([pre_ok, mon_ok, (closed < N_DAYS)[:, None]], axis=1)
    ok &= (day >= np.maximum(opened, 0)[:, None]) & (day < N_DAYS)
    ok[:, :-1] &= day[:, :-1] < closed[:, None]
    moved = np.concatenate([early | late, np.zeros_like(mon_ok),
                            np.zeros((n, 1), bool)], axis=1)
    # visits closer than a week to the previous one are merged into it
    last = np.full(n, -10**6)
    for k in range(day.shape[1]):
        ok[:, k] &= day[:, k] >= last + 7
        last = np.where(ok[:, k], day[:, k], last)
    return day, ok, moved & ok


def read_meters(pop: pd.DataFrame, cons: Consumption, reform_day: np.ndarray,
                rates: Rates, rng: np.random.Generator) -> Readings:
    """Draw every reading: its type, its register and the defect behind it."""
    n = len(pop)
    day, ok, moved = schedule(pop, reform_day, rates, rng)
    kslots = day.shape[1]
    enterprise = pop.enterprise.to_numpy()
    smart = pop.meter_type.eq("smart").to_numpy()
    empty = pop.status.eq("unoccupied").to_numpy()
    credit = np.isin(enterprise, rates.credit_enterprises)
    est_factor = np.asarray(rates.enterprise_estimate_factor)[enterprise]
    # the enterprise's idea of a household's use: its own mean, or a typical
    # home's when the meter has not moved (an empty home)
    history = cons.rate.mean(axis=1)
    history = np.where(history > 0.05, history, 0.7)
    runner = rng.random(n) < rates.long_unread_share
    run_start = rng.integers(1, 6, n)
    run_len = rng.integers(3, 6, n)

    register = np.zeros((n, kslots))
    kind = np.zeros((n, kslots), np.int8)
    defects = np.zeros((n, kslots), np.int16)
    billed = np.zeros((n, kslots))
    monthly = day >= reform_day[:, None]
    seen = np.zeros(n, bool)
    prev_reg = np.zeros(n)
    prev_day = np.zeros(n, np.int64)
    prev_est = np.zeros(n, bool)
    high_water = np.zeros(n)
    kept_reg = np.full(n, -1.0)
    kept_day = np.zeros(n, np.int64)
    cap_daily = np.zeros((n, kslots))
    cap_end = np.full((n, kslots), -10**6)
    pre_index = np.zeros(n, np.int64)
    trusted_day = np.zeros(n, np.int64)

    for k in range(kslots):
        v = ok[:, k]
        d = day[:, k]
        true_reg = np.round(cons.register(np.arange(n), d), 1)
        first = v & ~seen
        closing = np.zeros(n, bool) if k < kslots - 1 else v
        pre = v & ~monthly[:, k] & ~first & ~closing
        post = v & monthly[:, k] & ~first & ~closing
        u = rng.random(n)

        # which visits are estimated
        p_est = np.where(prev_est, rates.estimate_continue_per_read,
                         rates.estimate_per_read) * est_factor
        p_est = np.where(empty, rates.estimate_empty_per_read, p_est)
        p_est = np.where(smart, rates.remote_estimate_per_read, p_est)
        forced = runner & (pre_index >= run_start) & (pre_index < run_start + run_len)
        # nobody goes unread for much more than a year (13 months at most)
        overdue = d - trusted_day > rates.max_unread_days - rates.cycle_days
        est = pre & ((u < p_est) | forced) & ~overdue
        est |= post & ~prev_est & (u < rates.monthly_estimate_per_read)
        trusted = v & ~est
        self_p = np.where(monthly[:, k], rates.monthly_self_per_read,
                          rates.self_read_per_read)
        is_self = trusted & ~smart & ~first & ~closing & (rng.random(n) < self_p)
        kind_k = np.where(smart, REMOTE, np.where(is_self, SELF, ACTUAL))

        # the cap: highest daily use between kept trusted readings in a year
        recent = cap_end[:, :k] >= (d - 365)[:, None]
        cap = np.where(recent, cap_daily[:, :k], 0).max(axis=1) if k else np.zeros(n)
        days = np.maximum(d - prev_day, 1)
        draw = rng.random(n)
        zero = est & (draw < rates.zero_estimate_share)
        high = est & ~zero & (cap > 0) & (draw < rates.zero_estimate_share
                                          + rates.high_estimate_share)
        daily = history * rng.lognormal(-0.03, 0.25, n)
        daily = np.where(cap > 0, np.minimum(daily, 0.95 * cap), daily)
        daily = np.where(high, cap * rng.uniform(1.4, 2.2, n), daily)
        est_reg = np.round(prev_reg + np.where(zero, 0.0, daily * days), 1)

        # misreads: a manual entry below the last register
        floor = np.minimum(prev_reg, np.where(kept_reg >= 0, kept_reg, prev_reg))
        slip = np.round(floor - rng.uniform(5, 60, n), 0)
        misread = (pre & trusted & ~smart & (kind_k == ACTUAL) & (slip > 0)
                   & (rng.random(n) < rates.misread_per_read))
        reg = np.where(est, est_reg, np.where(misread, slip, true_reg))

        # what the enterprise bills for the period this reading closes
        credit_vol = reg - prev_reg
        carry_vol = np.maximum(reg - high_water, 0)
        billed[:, k] = np.where(v & seen, np.round(np.where(credit, credit_vol,
                                                            carry_vol), 1), 0)
        high_water = np.where(v, np.where(seen, np.maximum(high_water, reg), reg),
                              high_water)

        # the kept trusted chain and its period daily use, for later caps
        keep = trusted & (reg >= kept_reg)
        has_prev = keep & (kept_reg >= 0)
        cap_daily[:, k] = np.where(has_prev, (reg - kept_reg)
                                   / np.maximum(d - kept_day, 1), 0)
        cap_end[:, k] = np.where(has_prev, d, -10**6)
        trusted_day = np.where(trusted, d, trusted_day)
        kept_reg = np.where(keep, reg, kept_reg)
        kept_day = np.where(keep, d, kept_day)

        bits = (est * _BIT["estimate"] + (est & prev_est) * _BIT["estimate_chain"]
                + (zero & seen) * _BIT["zero_estimate"]
                + high * _BIT["estimate_above_cap"]
                + (est & empty) * _BIT["empty_home_estimate"]
                + (est & forced) * _BIT["long_unread"]
                + misread * _BIT["misread"] + moved[:, k] * _BIT["moved_visit"])
        register[:, k] = reg
        kind[:, k] = np.where(est, ESTIMATED, kind_k)
        defects[:, k] = np.where(v, bits, 0)
        prev_reg = np.where(v, reg, prev_reg)
        prev_day = np.where(v, d, prev_day)
        prev_est = np.where(v, est, prev_est)
        pre_index += v & ~monthly[:, k]
        seen |= v
    return Readings(day, ok, register, kind, defects, billed, monthly)


def defect_names(bits: np.ndarray) -> np.ndarray:
    """``;``-joined defect names of each bit mask ('' for none)."""
    out = np.full(len(bits), "", dtype=object)
    for name, bit in _BIT.items():
        has = (bits & bit) != 0
        out[has] = np.where(out[has] == "", name, out[has] + ";" + name)
    return out
