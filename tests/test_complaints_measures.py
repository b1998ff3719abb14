"""Measures of the complaint loop on hand-made tickets whose figures are known."""

import datetime as dt

import pandas as pd
import pytest

from yubei_gas_lib.complaints import (
    complaint_measures,
    overdue_open_tickets,
    ticket_timeline,
)
from yubei_gas_lib.complaints.measures import escalation_flags, repeat_flags
from yubei_gas_lib.complaints.testing import small_district
from yubei_gas_lib.dataset import Dataset

A, B = "500112012000", "500112002000"
AS_OF = dt.date(2024, 3, 29)


def _dataset(tickets: list[dict], events: list[tuple], homes: dict[str, int]):
    households = pd.DataFrame({
        "household_id": [f"{t}{i:03d}" for t, n in homes.items() for i in range(n)],
        "enterprise_id": "E1",
        "town_code": [t for t, n in homes.items() for _ in range(n)],
        "plan": "standard",
        "status": "active",
    })
    complaints = pd.DataFrame(tickets)
    complaints["received_at"] = pd.to_datetime(complaints.received_at)
    complaints = complaints.assign(enterprise_id="E1")
    frame = pd.DataFrame(events, columns=["ticket_id", "stage", "at", "score"])
    frame["at"] = pd.to_datetime(frame["at"])
    return Dataset({"households": households, "complaints": complaints,
                    "complaint_events": frame}, quarantine=pd.DataFrame())


def _ticket(tid, town, at, category="billing_dispute", channel="12345", home=None):
    return {"ticket_id": tid, "town_code": town, "received_at": at,
            "category": category, "channel": channel, "household_id": home}


# Thu 2024-03-07: reply due end of Fri 03-08; metering close due end of 03-14
TICKETS = [
    _ticket("T1", A, "2024-03-07 10:00", home=f"{A}000"),
    _ticket("T2", A, "2024-03-07 11:00", category="other", home=f"{A}001"),
    _ticket("T3", B, "2024-03-07 12:00", home=f"{B}000"),
]
EVENTS = [
    ("T1", "intake", "2024-03-07 10:00", None),
    ("T1", "reply", "2024-03-08 09:00", None),        # on time: 23 h
    ("T1", "rating", "2024-03-08 10:00", 5),
    ("T1", "callback", "2024-03-08 11:00", 5),
    ("T1", "closed", "2024-03-08 12:00", None),       # 26 h
    ("T2", "intake", "2024-03-07 11:00", None),
    ("T2", "reply", "2024-03-11 11:00", None),        # late: 96 h
    ("T2", "rating", "2024-03-11 12:00", 2),
    ("T2", "closed", "2024-03-11 13:00", None),       # no callback
    ("T3", "intake", "2024-03-07 12:00", None),       # open, past due by 03-29
]


def test_rate_per_10000_households():
    ds = _dataset(TICKETS, EVENTS, {A: 400, B: 50})
    m = complaint_measures(ds, as_of=AS_OF, by="town")
    assert m.loc[A, "tickets"] == 2 and m.loc[A, "households"] == 400
    assert m.loc[A, "per_10k"] == pytest.approx(2 / 400 * 10_000)   # 50
    assert m.loc[B, "per_10k"] == pytest.approx(1 / 50 * 10_000)    # 200


def test_every_town_has_a_row_even_without_tickets():
    ds = _dataset(TICKETS, EVENTS, {A: 400, B: 50})
    m = complaint_measures(ds, as_of=AS_OF, by="town")
    assert len(m) == 30
    quiet = m.drop(index=[A, B])
    assert (quiet.tickets == 0).all() and quiet.per_10k.isna().all()


def test_on_time_shares_and_hours():
    ds = _dataset(TICKETS, EVENTS, {A: 400, B: 50})
    m = complaint_measures(ds, as_of=AS_OF, by="town")
    assert m.loc[A, "reply_on_time"] == 0.5
    assert m.loc[A, "reply_hours_median"] == pytest.approx((23 + 96) / 2)
    assert m.loc[A, "close_hours_p90"] == pytest.approx(26 + 0.9 * (98 - 26))
    # T3 never replied and its deadlines passed: known late
    assert m.loc[B, "reply_on_time"] == 0 and m.loc[B, "close_on_time"] == 0


def test_backlog_and_dynamic_clearing():
    ds = _dataset(TICKETS, EVENTS, {A: 400, B: 50})
    m = complaint_measures(ds, as_of=AS_OF, by="town")
    assert m.loc[B, ["open", "open_overdue", "open_overdue_metering_billing"]
                 ].tolist() == [1, 1, 1]
    assert not m.loc[B, "cleared"] and m.loc[A, "cleared"]
    # the day T3 was received it is open but within its limit
    early = complaint_measures(ds, as_of=dt.date(2024, 3, 7), by="town")
    assert early.loc[B, "open"] == 1 and early.loc[B, "open_overdue"] == 0
    assert early.loc[B, "cleared"] and pd.isna(early.loc[B, "reply_on_time"])


def test_satisfaction_and_callback_coverage():
    ds = _dataset(TICKETS, EVENTS, {A: 400, B: 50})
    m = complaint_measures(ds, as_of=AS_OF, by="town")
    assert m.loc[A, "rating_mean"] == 3.5
    assert m.loc[A, "rating_4_5_share"] == 0.5
    assert m.loc[A, "callback_coverage"] == 0.5   # T1 of the two closed


def test_reopening_reopens_the_ticket():
    events = EVENTS + [("T1", "reopened", "2024-03-12 09:00", None)]
    ds = _dataset(TICKETS, events, {A: 400, B: 50})
    t = ticket_timeline(ds, as_of=AS_OF).set_index("ticket_id")
    assert t.loc["T1", "is_open"] and t.loc["T1", "reopened"] == 1
    m = complaint_measures(ds, as_of=AS_OF, by="town")
    assert m.loc[A, "reopened"] == 1 and m.loc[A, "open_overdue"] == 1


def test_holiday_deadline_on_a_ticket():
    # received 2024-02-08 before the Spring Festival: metering close due 02-22
    tickets = [_ticket("T1", A, "2024-02-08 15:00")]
    events = [("T1", "reply", "2024-02-18 10:00", None),    # 调休 Sunday: 2nd day
              ("T1", "closed", "2024-02-21 17:00", None)]
    ds = _dataset(tickets, events, {A: 10})
    t = ticket_timeline(ds, as_of=dt.date(2024, 3, 1)).iloc[0]
    assert t.reply_due == pd.Timestamp("2024-02-10")
    assert t.close_due == pd.Timestamp("2024-02-22")
    assert not t.reply_on_time and t.close_on_time


def test_repeats_within_thirty_days():
    t = pd.DataFrame({
        "household_id": ["h1", "h1", "h1", "h2", None],
        "received_at": pd.to_datetime(["2024-03-01", "2024-03-20", "2024-05-01",
                                       "2024-03-02", "2024-03-03"]),
    })
    assert repeat_flags(t, 30).tolist() == [False, True, False, False, False]


def test_escalation_after_enterprise_hotline():
    t = pd.DataFrame({
        "household_id": ["h1", "h1", "h2", "h2", "h3"],
        "channel": ["enterprise_hotline", "12345", "12345", "enterprise_hotline",
                    "regulator"],
        "received_at": pd.to_datetime(["2024-03-01", "2024-03-05", "2024-03-01",
                                       "2024-03-05", "2024-03-05"]),
    })
    # h2 went to 12345 first, so the later hotline ticket escalates nothing
    assert escalation_flags(t, 30).tolist() == [False, True, False, False, False]


def test_groupings_and_unknown_group():
    ds = small_district(seed=3)
    by_week = complaint_measures(ds, by="week")
    assert by_week.tickets.sum() == len(ds.complaints)
    assert (by_week.index.day_of_week == 0).all()
    both = complaint_measures(ds, by=["town", "enterprise"])
    assert both.households.max() == 50 and both.per_10k.notna().all()
    district = complaint_measures(ds, by=[])
    assert district.loc["district", "per_10k"] == pytest.approx(
        len(ds.complaints) / 3000 * 1e4)
    with pytest.raises(ValueError, match="by must be among"):
        complaint_measures(ds, by="street")


def test_overdue_list_holds_no_free_text():
    ds = _dataset(TICKETS, EVENTS, {A: 400, B: 50})
    late = overdue_open_tickets(ticket_timeline(ds, as_of=AS_OF), town_code=B)
    assert late.ticket_id.tolist() == ["T3"]
    assert "text" not in late.columns
