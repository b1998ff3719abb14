"""Stage-order findings of the complaint loop, on hand-made tickets."""

import pandas as pd

from yubei_gas_lib.complaints import stage_findings
from yubei_gas_lib.dataset import Dataset

T = "500112012000"


def _dataset(events: list[tuple[str, str, str]]) -> Dataset:
    ids = sorted({e[0] for e in events})
    complaints = pd.DataFrame({
        "ticket_id": ids,
        "received_at": pd.Timestamp("2024-03-01 09:00"),
        "channel": "12345",
        "household_id": None,
        "town_code": T,
        "enterprise_id": "E1",
        "category": "billing_dispute",
        "text": "张三 13800000000 说账单不对",
    })
    frame = pd.DataFrame(events, columns=["ticket_id", "stage", "at"])
    frame["at"] = pd.to_datetime(frame["at"])
    frame["note"] = "私人备注"
    return Dataset({"complaints": complaints, "complaint_events": frame},
                   quarantine=pd.DataFrame())


FULL = ["intake", "review", "dispatch", "handling", "reply", "rating",
        "callback", "closed"]


def _loop(ticket: str, stages=FULL, day="2024-03-01"):
    return [(ticket, s, f"{day} {10 + i}:00") for i, s in enumerate(stages)]


def test_clean_loop_has_no_finding():
    assert stage_findings(_dataset(_loop("A"))).empty


def test_reopened_loop_may_repeat_handling_to_closed():
    events = _loop("A") + _loop("A", ["reopened", "handling", "reply", "closed"],
                                "2024-03-02")
    assert stage_findings(_dataset(events)).empty


def test_closed_without_reply():
    events = _loop("A", ["intake", "review", "dispatch", "handling", "closed"])
    found = stage_findings(_dataset(events))
    assert found.finding.tolist() == ["closed_without_reply"]
    assert list(found.columns) == ["ticket_id", "town_code", "enterprise_id",
                                   "finding", "description"]
    assert found.town_code.item() == T and found.enterprise_id.item() == "E1"
    assert "反馈" in found.description.item()


def test_reply_after_closing_still_counts_as_closed_without_reply():
    events = _loop("A", ["intake", "handling", "closed", "reply"])
    assert "closed_without_reply" in stage_findings(_dataset(events)).finding.tolist()


def test_stage_before_intake():
    events = [("A", "review", "2024-03-01 09:30"), ("A", "intake", "2024-03-01 10:00")]
    found = stage_findings(_dataset(events))
    assert found.finding.tolist() == ["before_intake"]
    assert "复核" in found.description.item() and "接诉" in found.description.item()


def test_out_of_order_names_both_stages():
    events = _loop("A", ["intake", "dispatch", "review", "handling", "reply",
                         "closed"])
    found = stage_findings(_dataset(events))
    assert found.finding.tolist() == ["out_of_order"]
    assert "复核" in found.description.item() and "派单" in found.description.item()


def test_one_row_per_ticket_and_finding_and_no_free_text():
    events = (_loop("A", ["intake", "dispatch", "review", "closed", "review"])
              + _loop("B"))
    found = stage_findings(_dataset(events))
    assert sorted(found.finding) == ["closed_without_reply", "out_of_order"]
    assert set(found.ticket_id) == {"A"}
    text = found.to_string()
    assert "张三" not in text and "私人" not in text
