"""Bills as the enterprises issued them, priced by their flawed practice.

Before the reform a bill's volume was tiered against one nominal cycle's
share of the annual thresholds (two months of twelve), whatever the period
really covered, and priced at the season of its closing month. A catch-up
after estimates therefore fell into the upper tiers: the overcharges of
2023-24. From the reform on, bills accumulate against the annual thresholds
from 1 September, as the tariff intends. Statuses (suspension from April to
June 2024, release in batches, payment) are settled once the truth is known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .rates import N_DAYS, Rates, Tariff, calendar_month, day_index
from .reading import _BIT, ESTIMATED

NOMINAL_CYCLE_MONTHS = 2
TIER_YEAR_STARTS = np.array([day_index("2022-09-01"), day_index("2023-09-01"),
                             day_index("2024-09-01")])
BILL_DEFECTS = ("catch_up", "negative_correction", "carried_forward", "double_bill",
                "unoccupied_usage", "estimated_bill", "misread_bill")


def thresholds(plan: np.ndarray, persons: np.ndarray, winter: np.ndarray,
               tariff: Tariff) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Annual tier thresholds of each row's bucket, and the bucket's months."""
    extra = tariff.extra_per_person_m3 * np.maximum(
        persons - tariff.persons_included, 0)
    heating_winter = (plan == "heating") & winter
    t1 = np.where(heating_winter, tariff.heating_winter[0], tariff.standard[0]) + extra
    t2 = np.where(heating_winter, tariff.heating_winter[1], tariff.standard[1]) + extra
    months = np.where(plan == "heating", np.where(winter, 3, 9), 12)
    return t1, t2, months


def tiered_amount(volume: np.ndarray, before: np.ndarray, t1: np.ndarray,
                  t2: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """Charge for ``volume`` on top of ``before`` against thresholds t1 < t2."""
    after = before + volume
    v1 = np.minimum(after, t1) - np.minimum(before, t1)
    v12 = np.minimum(after, t2) - np.minimum(before, t2)
    return v1 * prices[:, 0] + (v12 - v1) * prices[:, 1] + (volume - v12) * prices[:, 2]


def _season_prices(end_day: np.ndarray,
                   tariff: Tariff) -> tuple[np.ndarray, np.ndarray]:
    winter = np.isin(calendar_month(end_day), tariff.winter_months)
    prices = np.where(winter[:, None], np.asarray(tariff.price_winter),
                      np.asarray(tariff.price_other))
    return winter, prices


def price_bills(bills: pd.DataFrame, pop: pd.DataFrame, rates: Rates) -> np.ndarray:
    """Amounts as billed: the cycle-share practice before the reform."""
    tariff = rates.tariff
    plan = pop.plan.to_numpy()[bills.hh]
    persons = pop.persons.to_numpy()[bills.hh]
    volume = bills.volume.to_numpy()
    end = bills.end.to_numpy()
    winter, prices = _season_prices(end, tariff)
    t1, t2, months = thresholds(plan, persons, winter, tariff)

    # before the reform: one cycle's share of the year, from zero, every bill
    share = NOMINAL_CYCLE_MONTHS / months
    pre_amount = tiered_amount(np.maximum(volume, 0), np.zeros_like(volume),
                               t1 * share, t2 * share, prices)
    # after it: running totals of the tier year, per bucket
    tier_year = np.searchsorted(TIER_YEAR_STARTS, end - 1, side="right")
    bucket = (plan == "heating") & winter
    key = pd.DataFrame({"hh": bills.hh, "y": tier_year, "b": bucket, "v": volume})
    before = key.groupby(["hh", "y", "b"], sort=False)["v"].cumsum().to_numpy() - volume
    post_amount = tiered_amount(np.maximum(volume, 0), np.maximum(before, 0), t1, t2,
                                prices)
    amount = np.where(bills.monthly.to_numpy(), post_amount, pre_amount)
    # a correction is credited at the first tier
    amount = np.where(volume < 0, volume * prices[:, 0], amount)
    flat = {"low_income": tariff.low_income, "shared_meter": tariff.shared_meter}
    for name, price in flat.items():
        amount = np.where(plan == name, volume * price, amount)
    return np.round(amount, 2)


def issue_bills(readings: pd.DataFrame, pop: pd.DataFrame, rates: Rates,
                rng: np.random.Generator) -> pd.DataFrame:
    """One bill per reading after a meter's first, plus double and void bills."""
    r = readings
    has_prev = np.r_[False, r.hh.to_numpy()[1:] == r.hh.to_numpy()[:-1]]
    prev = np.flatnonzero(has_prev) - 1
    cur = np.flatnonzero(has_prev)
    prev_kind = r.kind.to_numpy()[prev]
    kind = r.kind.to_numpy()[cur]
    rdef = r.defects.to_numpy()
    bills = pd.DataFrame({
        "hh": r.hh.to_numpy()[cur], "start": r.day.to_numpy()[prev],
        "end": r.day.to_numpy()[cur], "volume": r.billed_volume.to_numpy()[cur],
        "monthly": r.monthly.to_numpy()[cur],
    })
    vol = bills.volume.to_numpy()
    empty = pop.status.eq("unoccupied").to_numpy()[bills.hh]
    register_drop = r.register.to_numpy()[cur] < r.register.to_numpy()[prev]
    tags = {
        "catch_up": (kind != ESTIMATED) & ((prev_kind == ESTIMATED)
                                          | (rdef[prev] & _BIT["misread"] != 0)),
        "negative_correction": vol < 0,
        "carried_forward": register_drop & (vol == 0),
        "double_bill": np.zeros(len(bills), bool),
        "unoccupied_usage": empty & (vol > 0),
        "estimated_bill": kind == ESTIMATED,
        "misread_bill": rdef[cur] & _BIT["misread"] != 0,
    }
    bills["defects"] = sum(t.astype(np.int16) << i
                           for i, t in enumerate(tags.values()))
    bills["amount"] = price_bills(bills, pop, rates)
    bills["copy"] = 0

    # a second bill for the first period of the new cycle
    same = bills.hh.eq(bills.hh.shift(1)).to_numpy()
    monthly = bills.monthly.to_numpy()
    first_monthly = monthly & ~(np.r_[False, monthly[:-1]] & same)
    picked = first_monthly & (rng.random(len(bills)) < rates.double_bill_share)
    doubles = bills[picked].copy()
    doubles["copy"] = 1
    bit = 1 << BILL_DEFECTS.index("double_bill")
    doubles["defects"] |= bit
    bills.loc[picked, "defects"] |= bit

    # a bill voided and issued again, identical, a few days later
    voided = rng.random(len(bills)) < rates.void_reissue_per_bill
    reissued = bills[voided].copy()
    reissued["copy"] = 2
    bills["void"] = voided
    doubles["void"] = False
    reissued["void"] = False
    out = pd.concat([bills, doubles, reissued], ignore_index=True)
    out = out.sort_values(["hh", "end", "copy"], kind="stable", ignore_index=True)
    return _dates(out, rates, rng)


def _dates(bills: pd.DataFrame, rates: Rates, rng: np.random.Generator) -> pd.DataFrame:
    n = len(bills)
    monthly = bills.monthly.to_numpy()
    delay = np.where(monthly, rng.integers(0, 3, n), rng.integers(0, 11, n))
    delay += np.where(bills["copy"].to_numpy() > 0, rng.integers(1, 6, n), 0)
    issued = np.minimum(bills.end.to_numpy() + delay, N_DAYS - 1)
    late = rng.random(n) < np.where(monthly, rates.late_push_after,
                                    rates.late_push_before)
    push = issued + np.where(late, rng.integers(4, 15, n), rng.integers(0, 2, n))
    never = late & ~monthly & (rng.random(n) < 0.5)
    pushed = np.where(never | (push >= N_DAYS), -1, push)
    return bills.assign(issued=issued, pushed=pushed)


def settle(bills: pd.DataFrame, batch: np.ndarray, rates: Rates,
           rng: np.random.Generator) -> pd.DataFrame:
    """Statuses and payment: suspension in spring 2024, release in batches.

    ``batch`` gives each household's release batch (0, 1, 2), 3 for held,
    or -1 for a household whose billing was never suspended.
    """
    n = len(bills)
    issued = bills.issued.to_numpy()
    pushed = bills.pushed.to_numpy().copy()
    b = batch[bills.hh.to_numpy()]
    in_window = (issued >= day_index(rates.suspend_from)) & (
        issued <= day_index(rates.suspend_to))
    suspended = in_window & (b >= 0)
    release = np.array([day_index(d) for d in rates.batch_release] + [N_DAYS])
    released_on = release[np.clip(b, 0, 3)] + rng.integers(0, 3, n)
    held = suspended & (released_on >= N_DAYS)
    pushed = np.where(suspended, np.where(held, -1, released_on), pushed)
    pay = rng.integers(1, 26, n)
    paid = (~held & (pushed >= 0) & (pushed + pay < N_DAYS)
            & (bills.amount.to_numpy() > 0) & (rng.random(n) < rates.paid_share))
    status = np.where(bills.void.to_numpy(), "void",
                      np.where(held, "suspended", np.where(paid, "paid", "issued")))
    paid_on = np.where(paid & (status == "paid"), pushed + pay, -1)
    return bills.assign(pushed=pushed, status=status, paid=paid_on)
