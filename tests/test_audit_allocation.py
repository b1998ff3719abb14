"""Hand-worked cases of the reference allocation (billing.md), to the fen.

Default tariff: Mar-Nov 2.039 / 2.209 / 2.559, Dec-Feb 2.13 / 2.30 / 2.65,
thresholds 500 / 660 (standard), heating Dec-Feb 1200 / 2000, +70 m³ per
person above 4, low income 1.96, shared meter 2.089.
"""

import pandas as pd
import pytest

from yubei_gas_lib.audit import audit
from yubei_gas_lib.audit import testing as T
from yubei_gas_lib.audit.rounding import money
from yubei_gas_lib.tariff import load_tariff

TARIFF = load_tariff()


def run(hh, rd, bl=None, rf=None, **kw):
    result = audit(T.dataset(hh, rd, bl, rf), TARIFF, **kw)
    return result, result.households.set_index("household_id")


def one_day(hid, plan, volume, day="2023-10-10", persons=None):
    """A household that uses ``volume`` on a single day."""
    nxt = (pd.Timestamp(day) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    return (T.households((hid, plan, persons)),
            T.readings((hid, "m", day, 0, "actual"), (hid, "m", nxt, volume, "actual")))


def test_tier_split_inside_one_day():
    # 700 m³ on 10 Oct: 500 x 2.039 + 160 x 2.209 + 40 x 2.559
    #                 = 1019.50 + 353.44 + 102.36 = 1475.30
    _, h = run(*one_day("A", "standard", 700))
    assert money(h.loc["A", "correct_yuan"]) == 1475.30
    assert h.loc["A", ["tier1_m3", "tier2_m3", "tier3_m3"]].tolist() == [500, 160, 40]


def test_catch_up_spread_across_months_and_seasons():
    # 610 m³ from 1 Nov to 1 Jan (61 days): 10 m³ a day.
    # Nov: 300 x 2.039 = 611.70; Dec (winter prices): 200 to reach 500 at
    # 2.13 = 426.00, then 110 at 2.30 = 253.00. Correct = 1290.70.
    # The enterprise billed the catch-up as one cycle at winter prices:
    # 500 x 2.13 + 110 x 2.30 = 1318.00, so 27.30 is due back.
    hh = T.households(("A", "standard"))
    rd = T.readings(("A", "m", "2023-11-01", 0, "actual"),
                    ("A", "m", "2023-12-01", 0, "estimated"),
                    ("A", "m", "2024-01-01", 610, "actual"))
    bl = T.bills(("b1", "A", "2023-11-01", "2023-12-01", 0, 0),
                 ("b2", "A", "2023-12-01", "2024-01-01", 610, 1318.00))
    _, h = run(hh, rd, bl)
    assert money(h.loc["A", "correct_yuan"]) == 1290.70
    assert money(h.loc["A", "refund_due_yuan"]) == 27.30
    assert "zero_estimate" in h.loc["A", "flags"]


def test_period_across_first_september():
    # 1 Aug: 495 m³ in one day, tier 1: 495 x 2.039 = 1009.305.
    # 22 Aug -> 11 Sep: 200 m³, 10 a day. Aug 22-31 (100 m³) still counts
    # in the old tier year: 5 at tier 1, 95 at tier 2; Sep 1-10 starts a new
    # year: 100 at tier 1.  5 x 2.039 + 95 x 2.209 + 100 x 2.039 = 423.950.
    # Correct = 1433.255 -> 1433.26 (half up).
    hh = T.households(("A", "standard"))
    rd = T.readings(("A", "m", "2023-08-01", 0, "actual"),
                    ("A", "m", "2023-08-02", 495, "actual"),
                    ("A", "m", "2023-08-22", 495, "actual"),
                    ("A", "m", "2023-09-11", 695, "actual"))
    _, h = run(hh, rd)
    assert money(h.loc["A", "correct_yuan"]) == 1433.26
    assert h.loc["A", "tier2_m3"] == pytest.approx(95)
    assert bool(h.loc["A", "partial_tier_year"])


def test_heating_household_two_buckets():
    # Nov: 600 m³ in the Mar-Nov bucket: 500 x 2.039 + 100 x 2.209 = 1240.40.
    # Dec: 1300 m³ in the Dec-Feb bucket, which starts from zero:
    # 1200 x 2.13 + 100 x 2.30 = 2786.00. Correct = 4026.40.
    hh = T.households(("H", "heating"))
    rd = T.readings(("H", "m", "2023-11-01", 0, "actual"),
                    ("H", "m", "2023-12-01", 600, "actual"),
                    ("H", "m", "2024-01-01", 1900, "actual"))
    _, h = run(hh, rd)
    assert money(h.loc["H", "correct_yuan"]) == 4026.40


def test_six_person_household():
    # thresholds grow by 2 x 70: 640 / 800. 900 m³ in one October day:
    # 640 x 2.039 + 160 x 2.209 + 100 x 2.559 = 1304.96 + 353.44 + 255.90
    _, h = run(*one_day("S", "standard", 900, persons=6))
    assert money(h.loc["S", "correct_yuan"]) == 1914.30
    # without persons a household counts as 3: no extra allowance
    _, h = run(*one_day("S", "standard", 900))
    assert h.loc["S", "tier3_m3"] == pytest.approx(240)


@pytest.mark.parametrize("plan, expected", [
    ("low_income", 1764.00),    # 900 x 1.96, no tiers, no season
    ("shared_meter", 1880.10),  # 900 x 2.089
])
def test_flat_plans(plan, expected):
    _, h = run(*one_day("F", plan, 900, day="2023-12-10"))
    assert money(h.loc["F", "correct_yuan"]) == expected
    assert h.loc["F", "tier1_m3"] == 0


def test_meter_swap_overlap_adds_up_per_household():
    # meter a: 1-21 Oct, 400 m³ (20 a day); meter b: 11-21 Oct, 300 m³
    # (30 a day). Days 1-10: 200; days 11-20: 50 a day, 500. The household's
    # running total reaches 700: the same split as one day of 700 = 1475.30.
    hh = T.households(("W", "standard"))
    rd = T.readings(("W", "a", "2023-10-01", 0, "actual"),
                    ("W", "a", "2023-10-21", 400, "actual"),
                    ("W", "b", "2023-10-11", 1000, "actual"),
                    ("W", "b", "2023-10-21", 1300, "remote"))
    _, h = run(hh, rd)
    assert money(h.loc["W", "correct_yuan"]) == 1475.30
    assert h.loc["W", "volume_m3"] == 700
    assert h.loc["W", "window_start"] == pd.Timestamp("2023-10-01")


def test_misread_is_skipped_by_the_chain():
    # registers 100, 400, 40 (misread), 500: the chain keeps 100, 400, 500.
    # Oct: 300 x 2.039 = 611.70. Nov-Dec: 100 m³ over 61 days;
    # Nov 100 x 30/61 x 2.039 = 100.2787, Dec 100 x 31/61 x 2.13 = 108.2459.
    # Correct = 820.2246 -> 820.22. The bills telescope: 300, -360, 460;
    # billed 611.70 - 734.04 + 1000.00 = 877.66; due 57.4354 -> 57.44.
    hh = T.households(("M", "standard"))
    rd = T.readings(("M", "m", "2023-10-01", 100, "actual"),
                    ("M", "m", "2023-11-01", 400, "actual"),
                    ("M", "m", "2023-12-01", 40, "actual"),
                    ("M", "m", "2024-01-01", 500, "actual"))
    bl = T.bills(("b1", "M", "2023-10-01", "2023-11-01", 300, 611.70),
                 ("b2", "M", "2023-11-01", "2023-12-01", -360, -734.04),
                 ("b3", "M", "2023-12-01", "2024-01-01", 460, 1000.00))
    result, h = run(hh, rd, bl)
    assert money(h.loc["M", "correct_yuan"]) == 820.22
    assert money(h.loc["M", "refund_due_yuan"]) == 57.44
    assert "volume_mismatch" not in h.loc["M", "flags"]
    neg = result.reading_flags[result.reading_flags["negative_consumption"]]
    assert neg["read_on"].tolist() == [pd.Timestamp("2023-12-01")]


def test_estimates_are_not_trusted():
    # two zero estimates, then 620 m³ actual over 92 days (6.7391 a day):
    # Oct 208.913 + Nov 202.174 at 2.039 = 838.2065; Dec: 88.913 at 2.13
    # = 189.3848 and 120 at 2.30 = 276.00. Correct = 1303.59.
    # Billed as one catch-up cycle: 500 x 2.13 + 120 x 2.30 = 1341.00.
    hh = T.households(("E", "standard"))
    rd = T.readings(("E", "m", "2023-10-01", 0, "actual"),
                    ("E", "m", "2023-11-01", 0, "estimated"),
                    ("E", "m", "2023-12-01", 0, "estimated"),
                    ("E", "m", "2024-01-01", 620, "actual"))
    bl = T.bills(("b1", "E", "2023-10-01", "2023-11-01", 0, 0),
                 ("b2", "E", "2023-11-01", "2023-12-01", 0, 0),
                 ("b3", "E", "2023-12-01", "2024-01-01", 620, 1341.00))
    result, h = run(hh, rd, bl)
    assert money(h.loc["E", "correct_yuan"]) == 1303.59
    assert money(h.loc["E", "refund_due_yuan"]) == 37.41
    flags = h.loc["E", "flags"].split(";")
    assert {"zero_estimate", "estimate_chain", "long_unread"} <= set(flags)
    assert "多收37.41元" in h.loc["E", "explanation"]


def test_void_and_double_bills():
    # 300 m³ in Oct = 611.70. Billed twice (double bill) plus a void copy:
    # billed 1223.40, volume 600 against 300 on the register -> mismatch.
    hh = T.households(("D", "standard"))
    rd = T.readings(("D", "m", "2023-10-01", 0, "actual"),
                    ("D", "m", "2023-11-01", 300, "actual"))
    bl = T.bills(("b1", "D", "2023-10-01", "2023-11-01", 300, 611.70),
                 ("b2", "D", "2023-10-01", "2023-11-01", 300, 611.70),
                 ("b3", "D", "2023-10-01", "2023-11-01", 300, 9999, "void"))
    result, h = run(hh, rd, bl)
    assert money(h.loc["D", "billed_yuan"]) == 1223.40
    assert money(h.loc["D", "refund_due_yuan"]) == 611.70
    assert "volume_mismatch" in h.loc["D", "flags"]
    b = result.bill_flags.set_index("bill_id")
    assert b["double_bill"].tolist() == [True, True, False]
    assert b.loc["b3", "flags"] == "" and b.loc["b3", "scope"] == "void"


def test_refunds_part_paid_and_as_of():
    # refund due 611.70; refunds 200 (Feb) and 100 (Jun)
    hh = T.households(("R", "standard"))
    rd = T.readings(("R", "m", "2023-10-01", 0, "actual"),
                    ("R", "m", "2023-11-01", 300, "actual"))
    bl = T.bills(("b1", "R", "2023-10-01", "2023-11-01", 300, 611.70),
                 ("b2", "R", "2023-10-01", "2023-11-01", 300, 611.70))
    rf = T.refunds(("r1", "R", 200, "2024-02-01"), ("r2", "R", 100, "2024-06-01"))
    _, h = run(hh, rd, bl, rf)
    assert money(h.loc["R", "refunded_yuan"]) == 300
    assert money(h.loc["R", "outstanding_yuan"]) == 311.70
    _, h = run(hh, rd, bl, rf, as_of="2024-03-01")
    assert money(h.loc["R", "refunded_yuan"]) == 200
    assert money(h.loc["R", "outstanding_yuan"]) == 411.70
    # more refunded than due: nothing outstanding, never negative
    rf = T.refunds(("r1", "R", 700, "2024-02-01"))
    _, h = run(hh, rd, bl, rf)
    assert h.loc["R", "outstanding_yuan"] == 0


def test_empty_window_and_pending_bills():
    # one trusted reading only: empty window, zero amounts, bills pending
    hh = T.households(("P", "standard"), ("Q", "standard"))
    rd = T.readings(("P", "m", "2023-10-01", 0, "actual"),
                    ("P", "m", "2023-11-01", 50, "estimated"),
                    ("Q", "m", "2023-10-01", 0, "actual"),
                    ("Q", "m", "2023-11-01", 100, "actual"))
    bl = T.bills(("b1", "P", "2023-10-01", "2023-11-01", 50, 101.95),
                 ("b2", "Q", "2023-10-01", "2023-11-01", 100, 203.90),
                 ("b3", "Q", "2023-11-01", "2023-12-01", 80, 163.12))
    result, h = run(hh, rd, bl)
    assert pd.isna(h.loc["P", "window_start"]) and h.loc["P", "correct_yuan"] == 0
    assert h.loc["P", "billed_yuan"] == 0 and h.loc["P", "bills_pending"] == 1
    assert money(h.loc["Q", "billed_yuan"]) == 203.90
    assert result.bill_flags.set_index("bill_id").loc["b3", "scope"] == "pending"
    assert "暂无法核算" in h.loc["P", "explanation"] or h.loc["P", "flags"] == ""
