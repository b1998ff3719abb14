"""Each rule flag of billing.md at its threshold (not flagged) and just past it."""

import pandas as pd
import pytest

from yubei_gas_lib.audit import AuditParams, audit
from yubei_gas_lib.audit import testing as T
from yubei_gas_lib.tariff import load_tariff

TARIFF = load_tariff()


def day(base: str, n: int) -> str:
    return (pd.Timestamp(base) + pd.Timedelta(days=n)).strftime("%Y-%m-%d")


def bill_flags(*bills, plan="standard", status="active", params=None):
    hh = T.households(("A", plan, None, status))
    rd = T.readings(("A", "m", "2023-01-01", 0, "actual"))
    result = audit(T.dataset(hh, rd, T.bills(*bills)), TARIFF, params=params)
    return result.bill_flags.set_index("bill_id")


def reading_flags(*readings, params=None):
    hh = T.households(("A", "standard"))
    result = audit(T.dataset(hh, T.readings(*readings)), TARIFF, params=params)
    rf = result.reading_flags.copy()
    rf["read_on"] = rf["read_on"].dt.strftime("%Y-%m-%d")
    return rf.set_index("read_on")


@pytest.mark.parametrize("start, days, flagged", [
    # before the monthly regime (period ends before 2024-06-01): 25..90
    ("2023-03-01", 25, False), ("2023-03-01", 24, True),
    ("2023-03-01", 90, False), ("2023-03-01", 91, True),
    # from 2024-06-01: 26..35
    ("2024-06-01", 26, False), ("2024-06-01", 25, True),
    ("2024-06-01", 35, False), ("2024-06-01", 36, True),
])
def test_cycle_irregular(start, days, flagged):
    b = bill_flags(("b", "A", start, day(start, days), 10, 20.39))
    assert b.loc["b", "cycle_irregular"] == flagged


def test_cycle_rule_is_the_one_in_force_when_the_period_closed():
    # 40 days closing on 2024-06-01 falls under the monthly rule
    b = bill_flags(("b", "A", "2024-04-22", "2024-06-01", 10, 20.39))
    assert b.loc["b", "cycle_irregular"]


@pytest.mark.parametrize("gap, flagged", [(90, False), (91, True)])
def test_long_unread(gap, flagged):
    rf = reading_flags(("A", "m", "2023-03-01", 0, "actual"),
                       ("A", "m", day("2023-03-01", gap), 90, "actual"))
    assert ("long_unread" in rf.get("flags", pd.Series(dtype=str)).str.cat()) \
        == flagged


def test_estimate_chain():
    one = reading_flags(("A", "m", "2023-03-01", 0, "actual"),
                        ("A", "m", "2023-04-01", 30, "estimated"),
                        ("A", "m", "2023-05-01", 60, "actual"))
    assert one.empty or not one["estimate_chain"].any()
    two = reading_flags(("A", "m", "2023-03-01", 0, "actual"),
                        ("A", "m", "2023-04-01", 30, "estimated"),
                        ("A", "m", "2023-05-01", 60, "estimated"),
                        ("A", "m", "2023-06-01", 90, "actual"))
    assert two["estimate_chain"].sum() == 2


def test_zero_estimate():
    rf = reading_flags(("A", "m", "2023-02-01", 5, "estimated"),   # first: never
                       ("A", "m", "2023-03-01", 5, "estimated"),   # equal: flagged
                       ("A", "m", "2023-04-01", 5.001, "estimated"),
                       ("A", "m", "2023-05-01", 40, "actual"))
    assert rf["zero_estimate"].to_dict() == {
        "2023-02-01": False, "2023-03-01": True, "2023-04-01": False}


@pytest.mark.parametrize("register, flagged", [(310, False), (310.31, True)])
def test_estimate_above_cap(register, flagged):
    # actual use: 2 m³ a day in Jan, 10 m³ a day in Feb (the highest month)
    # estimate over March: 31 days; the cap is 10 a day -> 310 m³ passes.
    # March itself is covered by the later actual reading, unknown on 1 Apr
    rf = reading_flags(("A", "m", "2023-01-01", 0, "actual"),
                       ("A", "m", "2023-02-01", 62, "actual"),
                       ("A", "m", "2023-03-01", 342, "actual"),
                       ("A", "m", "2023-04-01", 342 + register, "estimated"),
                       ("A", "m", "2023-05-01", 2000, "actual"))
    got = rf["estimate_above_cap"].get("2023-04-01", False)
    assert got == flagged


@pytest.mark.parametrize("volume, flagged", [(0, False), (0.001, True)])
def test_unoccupied_usage(volume, flagged):
    b = bill_flags(("b", "A", "2023-03-01", "2023-04-01", volume, volume * 2.039),
                   status="unoccupied")
    assert b.loc["b", "unoccupied_usage"] == flagged


def test_negative_consumption_equal_register_is_kept():
    rf = reading_flags(("A", "m", "2023-03-01", 10, "actual"),
                       ("A", "m", "2023-04-01", 10, "actual"),
                       ("A", "m", "2023-05-01", 9.999, "self"),
                       ("A", "m", "2023-06-01", 20, "estimated"))
    neg = rf[rf["negative_consumption"]]
    assert neg.index.tolist() == ["2023-05-01"]


@pytest.mark.parametrize("spike, flagged", [(3.0, False), (3.01, True)])
def test_consumption_spike(spike, flagged):
    # three 10-day periods at 1 m³ a day, then one at `spike` a day; the
    # season's median is 1, so the threshold is 3 m³ a day
    regs = [0, 10, 20, 30, 30 + 10 * spike]
    rows = [("A", "m", day("2023-04-01", 10 * i), r, "actual")
            for i, r in enumerate(regs)]
    rf = reading_flags(*rows)
    assert rf.get("consumption_spike", pd.Series(dtype=bool)).any() == flagged


@pytest.mark.parametrize("start, end, flagged", [
    ("2023-08-10", "2023-09-14", False),  # 35 days across 1 Sep
    ("2023-08-10", "2023-09-15", True),   # 36 days across 1 Sep
    ("2023-07-20", "2023-08-25", False),  # 36 days, no 1 Sep inside
    ("2023-07-27", "2023-09-01", False),  # 36 days ending on 1 Sep
])
def test_tier_year_straddle(start, end, flagged):
    b = bill_flags(("b", "A", start, end, 10, 20.39))
    assert b.loc["b", "tier_year_straddle"] == flagged


@pytest.mark.parametrize("amount, flagged", [
    (100 * 2.65 + 0.01, False), (100 * 2.65 + 0.02, True),
    (100 * 2.039 - 0.01, False), (100 * 2.039 - 0.02, True),
])
def test_price_envelope(amount, flagged):
    b = bill_flags(("b", "A", "2023-03-01", "2023-04-01", 100, amount))
    assert b.loc["b", "price_envelope"] == flagged


def test_price_envelope_flat_plan_and_negative_bills():
    b = bill_flags(("b1", "A", "2023-03-01", "2023-04-01", 100, 196.00),
                   ("b2", "A", "2023-04-01", "2023-05-01", 100, 203.90),
                   ("b3", "A", "2023-05-01", "2023-06-01", -100, -196.00),
                   ("b4", "A", "2023-06-01", "2023-07-01", -100, 196.00),
                   plan="low_income")
    assert b["price_envelope"].tolist() == [False, True, False, True]


def test_double_bill():
    b = bill_flags(("b1", "A", "2023-03-01", "2023-04-01", 10, 20.39),
                   ("b2", "A", "2023-04-01", "2023-05-01", 10, 20.39),  # touches
                   ("b3", "A", "2023-04-30", "2023-06-01", 10, 20.39),  # 1 day
                   ("b4", "A", "2023-03-05", "2023-03-20", 0, 0, "void"))
    assert b["double_bill"].tolist() == [False, True, True, False]


@pytest.mark.parametrize("pushed, flagged", [
    ("2023-04-04", False), ("2023-04-05", True), ("", True)])
def test_late_push(pushed, flagged):
    b = bill_flags(("b", "A", "2023-03-01", "2023-04-01", 10, 20.39, "paid",
                    "2023-04-01", pushed))
    assert b.loc["b", "late_push"] == flagged


@pytest.mark.parametrize("billed, flagged", [(100.001, False), (100.002, True)])
def test_volume_mismatch(billed, flagged):
    hh = T.households(("A", "standard"))
    rd = T.readings(("A", "m", "2023-03-01", 0, "actual"),
                    ("A", "m", "2023-04-01", 100, "actual"))
    bl = T.bills(("b", "A", "2023-03-01", "2023-04-01", billed, 203.90))
    h = audit(T.dataset(hh, rd, bl), TARIFF).households
    assert ("volume_mismatch" in h.loc[0, "flags"]) == flagged


def test_thresholds_are_parameters():
    params = AuditParams(late_push_days=10, cycle_days_before=(20, 100))
    b = bill_flags(("b", "A", "2023-03-01", "2023-06-01", 10, 20.39, "paid",
                    "2023-06-01", "2023-06-08"), params=params)
    assert not b.loc["b", "late_push"] and not b.loc["b", "cycle_irregular"]


def test_void_bills_never_flagged_and_flags_sorted():
    b = bill_flags(("b1", "A", "2023-03-01", "2023-03-05", 10, 99, "void", "",
                    ""),
                   ("b2", "A", "2023-03-01", "2023-03-05", 10, 99, "paid",
                    "2023-03-05", ""))
    assert b.loc["b1", "flags"] == ""
    assert b.loc["b2", "flags"] == "cycle_irregular;late_push;price_envelope"
