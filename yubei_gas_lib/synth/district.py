"""Putting the district together: one seed, every table and its truth."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import (
    billing,
    complaints,
    consumption,
    enterprises,
    oversight,
    population,
    posts,
    reading,
    service,
    truth,
)
from .rates import DEFAULT_RATES, N_DAYS, Rates, day_index

# each part of the model draws from its own stream, so changing one part
# leaves the others' draws as they were
_STREAMS = ("population", "consumption", "reading", "billing", "settle", "refunds",
            "complaints", "posts", "service", "oversight", "inject")


@dataclass
class District:
    """Internal tables (integer keys, day indices) and the truth."""

    seed: int
    rates: Rates
    enterprises: pd.DataFrame
    pop: population.Population
    monthly_true: np.ndarray
    readings: pd.DataFrame
    bills: pd.DataFrame
    refunds: pd.DataFrame
    overcharge: pd.DataFrame
    complaints: pd.DataFrame
    events: pd.DataFrame
    posts: pd.DataFrame
    service: pd.DataFrame
    oversight: dict[str, pd.DataFrame]
    extra: dict[str, object] = field(default_factory=dict)


def generate(households: int, seed: int, rates: Rates = DEFAULT_RATES,
             progress=None) -> District:
    """Generate a district of ``households`` households from ``seed``.

    Parameters
    ----------
    households
        Number of households (accounts), at least 100.
    seed
        Seed of the random streams; the same seed gives the same district.
    rates
        The rates to draw from (:data:`~.rates.DEFAULT_RATES`).
    progress
        Optional wrapper of an iterable that shows progress (e.g. tqdm).

    Examples
    --------
    >>> d = generate(500, seed=1)
    >>> len(d.pop)
    500
    """
    if households < 100:
        raise ValueError(f"households must be at least 100, got {households}")
    streams = np.random.SeedSequence(seed).spawn(len(_STREAMS))
    rng = {name: np.random.default_rng(s) for name, s in
           zip(_STREAMS, streams, strict=True)}
    step = _stepper(progress)

    ents = enterprises.enterprises(rates.enterprise_count)
    step("population")
    pop = population.households(households, rates, rng["population"])
    frame = pop.frame
    step("consumption")
    cons = consumption.consumption(frame, rates, rng["consumption"])
    reform = rates.monthly_from_day(frame.enterprise.to_numpy())
    step("readings")
    slots = reading.read_meters(frame, cons, reform, rates, rng["reading"])
    readings = slots.flat()
    del slots
    step("bills")
    bills = billing.issue_bills(readings, frame, rates, rng["billing"])
    step("truth")
    chain = truth.kept_chain(readings)
    over = truth.overcharges(chain, bills, frame, rates.tariff, progress)
    batch = _batches(over, frame, rates, rng["settle"])
    bills = billing.settle(bills, batch, rates, rng["settle"])
    refunds = _refunds(over, rates, rng["refunds"])
    over["refunded_yuan"] = np.bincount(refunds.hh, refunds.amount,
                                        minlength=len(frame))
    step("complaints")
    tickets, events = complaints.complaints(frame, over, bills, rates,
                                            rng["complaints"])
    step("posts")
    opinion = posts.posts(tickets, len(frame), rates, rng["posts"])
    step("service")
    requests = service.requests(frame, rates, rng["service"])
    checks = oversight.oversight(ents, rates, rng["oversight"])
    return District(seed, rates, ents, pop, cons.monthly(), readings, bills, refunds,
                    over, tickets, events, opinion, requests, checks)


def _stepper(progress):
    if progress is None:
        return lambda name: None
    bar = progress(total=8, desc="生成 synth", unit="step")
    return lambda name: (bar.set_postfix_str(name), bar.update(1))


def _batches(over: pd.DataFrame, pop: pd.DataFrame, rates: Rates,
             rng: np.random.Generator) -> np.ndarray:
    """Release batch of each household's suspended bills; -1 if not suspended."""
    n = len(pop)
    suspended = rng.random(n) < rates.suspended_share
    due = over.refund_due_yuan.to_numpy()
    batch = np.where(due <= 0.005, 0, np.where(due < 50, 1, 2))
    held = (batch == 2) & (rng.random(n) < rates.held_share_of_flagged)
    batch = np.where(held, 3, batch)
    return np.where(suspended, batch, -1)


def _refunds(over: pd.DataFrame, rates: Rates,
             rng: np.random.Generator) -> pd.DataFrame:
    """Money returned from June 2024, in one or two payments."""
    due = over.refund_due_yuan.to_numpy()
    n = len(due)
    paid = (due >= 1.0) & (rng.random(n) < rates.refund_paid_share)
    share = np.where(rng.random(n) < rates.refund_partial_share,
                     rng.uniform(0.4, 0.9, n), 1.0)
    amount = np.round(due * share, 2)
    start = day_index(rates.refund_from)
    end = day_index(rates.suspend_to) + 120
    first_day = rng.integers(start, end, n)
    split = paid & (rng.random(n) < 0.2) & (amount >= 2)
    hh = np.flatnonzero(paid)
    part1 = np.where(split, np.round(amount / 2, 2), amount)
    rows = [pd.DataFrame({"hh": hh, "amount": part1[hh], "day": first_day[hh]})]
    s = np.flatnonzero(split)
    rows.append(pd.DataFrame({"hh": s, "amount": np.round(amount[s] - part1[s], 2),
                              "day": np.minimum(first_day[s] + 30, N_DAYS - 1)}))
    out = pd.concat(rows, ignore_index=True)
    out = out[out.amount > 0].sort_values(["day", "hh"], kind="stable",
                                          ignore_index=True)
    out["reason"] = np.where(out.amount > 100, "估抄及阶梯计费多收退还", "多收气费退还")
    return out
