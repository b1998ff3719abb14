"""The billing briefing's audit figures, on two households worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from yubei_gas_lib.audit import audit
from yubei_gas_lib.audit import testing as T
from yubei_gas_lib.audit.overview import (
    call_back_list, overview, overview_html, practice_by,
)
from yubei_gas_lib.tariff import load_tariff

H1, H2 = "500100000001", "500100000002"


@pytest.fixture(scope="module")
def result():
    # H1: 30 m³ in January 2024, all tier 1 at the winter price 2.13
    #     correct = 30 × 2.13 = 63.90; billed 73.90 → refund due 10.00;
    #     refunded 4.00 → outstanding 6.00
    # H2: 10 m³ → correct 21.30, billed 21.30 → nothing due
    data = T.dataset(
        T.households((H1, "standard"), (H2, "standard")),
        T.readings((H1, "M1", "2024-01-01", 0, "actual"),
                   (H1, "M1", "2024-01-31", 30, "actual"),
                   (H2, "M2", "2024-01-01", 0, "actual"),
                   (H2, "M2", "2024-01-31", 10, "actual")),
        T.bills(("B1", H1, "2024-01-01", "2024-01-31", 30, 73.90),
                ("B2", H2, "2024-01-01", "2024-01-31", 10, 21.30)),
        T.refunds(("R1", H1, 4.00, "2024-02-10")))
    return audit(data, load_tariff(), as_of=dt.date(2024, 2, 29))


def test_overview_totals(result):
    assert overview(result) == {
        "households": 2, "judged": 2, "flagged": 0, "refund_households": 1,
        "refund_due_yuan": 10.00, "refunded_yuan": 4.00,
        "outstanding_yuan": 6.00, "under_billed_yuan": 0.0,
    }
    text = overview_html(result)
    assert "应退 1 户" in text and "10.00元" in text and "完成 40.0%" in text


def test_call_back_list_is_masked_and_explained(result):
    rows = call_back_list(result)
    assert rows["household"].tolist() == ["5001****0001"]
    assert rows["outstanding_yuan"].tolist() == [6.00]
    assert H1 not in rows.to_string()
    assert "尚需退还6.00元" in rows["explanation"].item()


def test_practice_rates_of_the_last_full_month(result):
    # as of 29 February, February has ended, but no reading or bill falls in it
    january = practice_by(result, "enterprise_id",
                          month=result.monthly_rates["month"].min())
    row = january.iloc[0]
    assert (row.households_active, row.read_rate, row.settle_rate,
            row.push_rate, row.estimate_share) == (2, 1.0, 1.0, 1.0, 0.0)
    by_town = practice_by(result, "town_code",
                          month=result.monthly_rates["month"].min())
    assert by_town["town_name"].tolist() == ["双龙湖街道"]


def test_milestone_metrics_of_the_audit(result):
    from yubei_gas_lib.milestones import METRICS, Milestone
    from yubei_gas_lib.results import load_builders
    from yubei_gas_lib.session import Session

    load_builders()
    milestone = Milestone.model_validate({"id": "m1_investigation", "name_zh": "—",
                                          "as_of": "2024-02-29", "goal_zh": "—"})
    data = T.dataset(T.households((H1, "standard"), (H2, "standard")), T.readings())
    session = Session(milestone, data, data, None, None, results={"audit": result})
    # January is the last month with rates that ended by 29 February:
    # both households read, both bills settled and pushed in time
    assert METRICS["monthly_read_rate"](data, session) == 1.0
    assert METRICS["monthly_push_rate"](data, session) == 1.0
    # refunded 4.00 of 10.00 due
    assert METRICS["refund_completion"](data, session) == pytest.approx(0.4)
    assert METRICS["audit_coverage"](data, session) == 1.0
