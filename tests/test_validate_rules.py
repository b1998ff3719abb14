"""Each contract rule, with a fixture named after what it breaks.

Every case starts from a small valid folder and appends one broken row; the
loader must quarantine exactly that row, at its line, for that rule, and keep
everything else.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yubei_gas_lib.load import load_dataset
from yubei_gas_lib.quality import reconciles

VALID = {
    "enterprises": "enterprise_id,name\nE1,甲燃气（虚构）\n",
    "households": (
        "household_id,enterprise_id,town_code,plan,persons,lon,lat\n"
        "H1,E1,500112012000,standard,3,106.515,29.606\n"
        "H2,E1,500112002000,heating,,,\n"),
    "readings": (
        "household_id,meter_id,read_on,register_m3,read_type\n"
        "H1,M1,2024-01-05,100,actual\nH1,M1,2024-02-05,120,actual\n"),
    "bills": (
        "bill_id,household_id,period_start,period_end,volume_m3,amount_yuan,"
        "issued_on,status\nB1,H1,2024-01-05,2024-02-05,20,40.78,2024-02-06,issued\n"),
    "refunds": "refund_id,household_id,amount_yuan,refunded_on\nR1,H1,5,2024-07-01\n",
    "complaints": (
        "ticket_id,received_at,channel,household_id,town_code,enterprise_id,category\n"
        "T1,2024-03-01 09:30:00,12345,H1,500112012000,E1,气费争议\n"),
    "complaint_events": (
        "ticket_id,stage,at,score\nT1,intake,2024-03-01 09:30:00,\n"
        "T1,rating,2024-03-04 10:00:00,5\n"),
    "service_requests": (
        "request_id,town_code,enterprise_id,item,submitted_at,completed_at\n"
        "S1,500112012000,E1,维修,2024-03-01 08:00,2024-03-01 15:00\n"),
    "evaluations": (
        "enterprise_id,source,indicator,score,evaluated_on\n"
        "E1,第三方,self_score,88,2024-08-20\n"),
}

# name (what the row breaks) -> (table, appended row, (line, column, rule))
BROKEN = {
    "household_without_plan": ("households", "H3,E1,500112012000,,3,,",
                               (4, "plan", "missing")),
    "household_persons_not_a_number": ("households", "H3,E1,500112012000,standard,三,,",
                                       (4, "persons", "type")),
    "household_persons_zero": ("households", "H3,E1,500112012000,standard,0,,",
                               (4, "persons", "range")),
    "household_unknown_plan": ("households", "H3,E1,500112012000,commercial,3,,",
                               (4, "plan", "allowed_values")),
    "household_unknown_town": ("households", "H3,E1,500112999000,standard,3,,",
                               (4, "town_code", "reference")),
    "household_short_town_code": ("households", "H3,E1,5001120,standard,3,,",
                                  (4, "town_code", "reference")),
    "household_outside_district": ("households",
                                   "H3,E1,500112012000,standard,3,116.40,39.90",
                                   (4, "lon", "outside_district")),
    "household_duplicate_id": ("households", "H1,E1,500112012000,standard,3,,",
                               (4, "household_id", "unique")),
    "reading_date_impossible": ("readings", "H1,M1,2024-02-30,130,actual",
                                (4, "read_on", "type")),
    "reading_in_the_future": ("readings", "H1,M1,2031-01-01,130,actual",
                              (4, "read_on", "after_as_of")),
    "reading_negative_register": ("readings", "H1,M1,2024-03-05,-1,actual",
                                  (4, "register_m3", "range")),
    "reading_twice_same_day": ("readings", "H1,M1,2024-02-05,121,actual",
                               (4, "household_id+meter_id+read_on", "unique")),
    "reading_meter_of_another_household": ("readings", "H2,M1,2024-03-05,1,actual",
                                           (4, "meter_id", "meter_one_household")),
    "reading_unknown_household": ("readings", "H9,M9,2024-03-05,1,actual",
                                  (4, "household_id", "reference")),
    "bill_end_before_start": ("bills",
                              "B2,H1,2024-02-05,2024-02-05,0,0,2024-02-06,issued",
                              (3, "period_end", "order")),
    "bill_issued_before_end": ("bills",
                               "B2,H1,2024-02-05,2024-03-05,1,2,2024-03-01,issued",
                               (3, "issued_on", "order")),
    "bill_negative_amount_positive_volume": (
        "bills", "B2,H1,2024-02-05,2024-03-05,5,-10,2024-03-06,issued",
        (3, "amount_yuan", "amount_sign")),
    "bill_unknown_status": ("bills", "B2,H1,2024-02-05,2024-03-05,5,10,2024-03-06,x",
                            (3, "status", "allowed_values")),
    "refund_not_positive": ("refunds", "R2,H1,0,2024-07-02",
                            (3, "amount_yuan", "range")),
    "complaint_unknown_category": (
        "complaints", "T2,2024-03-02 10:00,12345,H1,500112012000,E1,天气",
        (3, "category", "allowed_values")),
    "complaint_bad_timestamp": (
        "complaints", "T2,2024-03-02 25:61,12345,H1,500112012000,E1,退费",
        (3, "received_at", "type")),
    "event_before_receipt": ("complaint_events", "T1,review,2024-02-28 08:00,",
                             (4, "at", "event_after_receipt")),
    "event_score_out_of_range": ("complaint_events", "T1,callback,2024-03-05 09:00,6",
                                 (4, "score", "range")),
    "event_of_unknown_ticket": ("complaint_events", "T9,intake,2024-03-05 09:00,",
                                (4, "ticket_id", "reference")),
    "request_completed_before_submitted": (
        "service_requests", "S2,500112012000,E1,安装,2024-03-02 08:00,2024-03-01 08:00",
        (3, "completed_at", "order")),
    "evaluation_score_above_100": ("evaluations",
                                   "E1,自评,self_score,101,2024-08-20",
                                   (3, "score", "range")),
}


def write(folder: Path, table: str | None = None, row: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in VALID.items():
        if name == table:
            text = text + row + "\n"
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_valid_folder_has_no_findings(tmp_path):
    dataset = load_dataset(write(tmp_path), as_of=dt.date(2024, 12, 31))
    assert dataset.quarantine.empty
    assert reconciles(dataset)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_rule_quarantines_the_row_that_breaks_it(tmp_path, case):
    table, row, (line, column, rule) = BROKEN[case]
    dataset = load_dataset(write(tmp_path, table, row), as_of=dt.date(2024, 12, 31))
    q = dataset.quarantine
    assert set(zip(q.table, q.row, q.column, q.rule, strict=True)) == {
        (table, line, column, rule)}
    assert reconciles(dataset)
    assert line not in dataset.tables[table].index


def test_rows_depending_on_a_quarantined_row_follow_it(tmp_path):
    # H1 duplicated in line 2's place is not possible; instead break H1 itself
    folder = write(tmp_path)
    text = VALID["households"].replace("H1,E1,500112012000,standard,3",
                                       "H1,E1,500112012000,standard,-2")
    (folder / "households.csv").write_text(text, encoding="utf-8")
    dataset = load_dataset(folder, as_of=dt.date(2024, 12, 31))
    q = dataset.quarantine
    got = set(zip(q.table, q.row, q.rule, strict=True))
    assert got == {
        ("households", 2, "range"),
        ("readings", 2, "depends_on_quarantined"),
        ("readings", 3, "depends_on_quarantined"),
        ("bills", 2, "depends_on_quarantined"),
        ("refunds", 2, "depends_on_quarantined"),
        ("complaints", 2, "depends_on_quarantined"),
        # the events depend on the complaint, which depends on the household
        ("complaint_events", 2, "depends_on_quarantined"),
        ("complaint_events", 3, "depends_on_quarantined"),
    }
    assert reconciles(dataset)


def test_every_failure_of_a_row_is_reported(tmp_path):
    folder = write(tmp_path, "bills",
                   "B2,H9,2024-02-05,2024-01-05,abc,5,2024-03-06,unknown")
    dataset = load_dataset(folder, as_of=dt.date(2024, 12, 31))
    q = dataset.quarantine
    assert set(zip(q.column, q.rule, strict=True)) == {
        ("household_id", "reference"), ("period_end", "order"),
        ("volume_m3", "type"), ("status", "allowed_values")}
    assert q.row.unique().tolist() == [3]
    assert dataset.sources["bills"].rows_quarantined == 1
