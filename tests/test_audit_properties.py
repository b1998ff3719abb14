"""Invariants of the allocation and the audit, checked with hypothesis."""

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from yubei_gas_lib.audit import audit
from yubei_gas_lib.audit import testing as T
from yubei_gas_lib.audit.allocation import allocate
from yubei_gas_lib.tariff import load_tariff

TARIFF = load_tariff()
START = dt.date(2023, 6, 1)
SETTINGS = settings(max_examples=20, deadline=None)

plans = st.sampled_from(["standard", "heating", "low_income", "shared_meter"])
gaps = st.lists(st.integers(1, 120), min_size=1, max_size=8)
uses = st.lists(st.floats(0, 900, allow_nan=False), min_size=8, max_size=8)


def chain(hid, meter, start, gaps, uses, base=0.0, kind="actual"):
    """Readings of one meter: a first one, then one after each gap."""
    rows, day, reg = [(hid, meter, start.isoformat(), base, kind)], start, base
    for gap, use in zip(gaps, uses[: len(gaps)], strict=True):
        day, reg = day + dt.timedelta(days=gap), reg + use
        rows.append((hid, meter, day.isoformat(), reg, kind))
    return rows


def correct(plan, rows, persons=None):
    hh = T.households(("A", plan, persons))
    return audit(T.dataset(hh, T.readings(*rows)), TARIFF).households.loc[
        0, "correct_yuan"]


@SETTINGS
@given(plan=plans, gaps_a=gaps, gaps_b=gaps, uses=uses,
       offset=st.integers(0, 200))
def test_spread_conserves_window_volume(plan, gaps_a, gaps_b, uses, offset):
    # two meters, possibly overlapping: every m³ is allocated exactly once
    rows = chain("A", "a", START, gaps_a, uses) + chain(
        "A", "b", START + dt.timedelta(days=offset), gaps_b, uses[::-1], 50.0)
    alloc = allocate(T.readings(*rows), T.households(("A", plan)), TARIFF)
    total = alloc.periods["volume"].sum()
    assert np.isclose(alloc.pieces["volume"].sum(), total, rtol=1e-12, atol=1e-9)
    tiers = alloc.totals[["t1", "t2", "t3", "flat"]].to_numpy().sum()
    assert np.isclose(tiers, total, rtol=1e-12, atol=1e-9)


@SETTINGS
@given(plan=plans, gaps=gaps, uses=uses, at=st.integers(0, 7),
       extra=st.floats(0.001, 500), persons=st.one_of(st.none(), st.integers(1, 9)))
def test_correct_charge_never_falls_when_volume_is_added(plan, gaps, uses, at,
                                                         extra, persons):
    rows = chain("A", "m", START, gaps, uses)
    more = list(uses)
    more[at % len(gaps)] += extra
    assert correct(plan, chain("A", "m", START, gaps, more), persons) >= \
        correct(plan, rows, persons) - 1e-9


@SETTINGS
@given(gaps=gaps, uses=uses,
       amounts=st.lists(st.floats(-500, 3000, allow_nan=False), min_size=1,
                        max_size=6),
       refunds=st.lists(st.floats(0.01, 2000), max_size=3))
def test_refund_due_and_outstanding_never_negative(gaps, uses, amounts, refunds):
    rows = chain("A", "m", START, gaps, uses)
    days = [r[2] for r in rows]
    bills = [(f"b{i}", "A", days[i % (len(days) - 1)],
              days[i % (len(days) - 1) + 1], 10 if a >= 0 else -10, a)
             for i, a in enumerate(amounts)]
    rf = T.refunds(*[(f"r{i}", "A", a, "2024-01-01") for i, a in enumerate(refunds)])
    h = audit(T.dataset(T.households(("A", "standard")), T.readings(*rows),
                        T.bills(*bills), rf), TARIFF).households
    for col in ("refund_due_yuan", "under_billed_yuan", "outstanding_yuan"):
        assert (h[col] >= 0).all()
    assert np.isclose(h.loc[0, "refund_due_yuan"] - h.loc[0, "under_billed_yuan"],
                      h.loc[0, "billed_yuan"] - h.loc[0, "correct_yuan"])


@SETTINGS
@given(plan=plans, gaps=st.lists(st.integers(1, 120), min_size=2, max_size=8),
       uses=uses, cut=st.integers(1, 7), new_base=st.floats(0, 9999))
def test_meter_swap_split_keeps_the_correct_charge(plan, gaps, uses, cut,
                                                   new_base):
    # one meter's readings, or the same days split at reading `cut` into an
    # old meter and a new one whose register starts elsewhere
    rows = chain("A", "m", START, gaps, uses)
    k = 1 + (cut - 1) % (len(rows) - 1)
    if k == len(rows) - 1:
        k -= 1
    old = rows[: k + 1]
    shift = new_base - rows[k][3]
    new = [("A", "n", d, r + shift, t) for (_, _, d, r, t) in rows[k:]]
    assert np.isclose(correct(plan, old + new), correct(plan, rows),
                      rtol=1e-12, atol=1e-7)


def test_estimates_change_nothing_in_the_correct_charge():
    rows = chain("A", "m", START, [30, 31, 30], [100, 700, 50])
    est = [("A", "m", "2023-06-15", 3, "estimated"),
           ("A", "m", "2023-07-20", 999, "estimated")]
    assert correct("standard", rows + est) == correct("standard", rows)


def test_result_frames_have_the_promised_columns():
    rows = chain("A", "m", START, [30, 31], [100, 700])
    result = audit(T.dataset(T.households(("A", "standard")), T.readings(*rows)),
                   TARIFF)
    spec = ["household_id", "window_start", "window_end", "volume_m3",
            "billed_yuan", "correct_yuan", "refund_due_yuan", "under_billed_yuan",
            "refunded_yuan", "outstanding_yuan", "flags"]
    assert set(spec) <= set(result.households.columns)
    assert isinstance(result.monthly_rates, pd.DataFrame)
    assert result.tariff_path.endswith("tariff.yaml")
