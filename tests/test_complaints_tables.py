"""Display tables: Chinese labels, formats, masked ids, working days over."""

import datetime as dt

import pandas as pd

from yubei_gas_lib.complaints import complaint_measures, ticket_timeline
from yubei_gas_lib.complaints.tables import (
    MEASURE_FORMATS,
    labelled,
    overdue_table,
    town_vs_district,
)
from yubei_gas_lib.complaints.testing import small_district
from yubei_gas_lib.dataset import Dataset
from yubei_gas_lib.present import table_html

TOWN = "500112012000"


def test_labelled_town_table_renders_with_names():
    ds = small_district(seed=2)
    frame, columns = labelled(complaint_measures(ds, by="town"))
    assert "龙山街道" in set(frame.name) and columns["name"] == "镇街"
    page = table_html(frame, columns, MEASURE_FORMATS)
    assert "每万户投诉量" in page and "200.0" in page


def test_town_against_district():
    ds = small_district(seed=2, tickets_per_1000={TOWN: 50})
    table = town_vs_district(complaint_measures(ds, by="town"),
                             complaint_measures(ds, by=[]), TOWN)
    row = table.set_index("measure").loc["每万户投诉量"]
    assert row.town == "500.0"
    assert row.district == f"{(5 + 29 * 2) / 3000 * 1e4:,.1f}"


def test_overdue_table_masks_ids_and_counts_working_days():
    complaints = pd.DataFrame({
        "ticket_id": ["GD2024030700001"], "received_at": [pd.Timestamp(
            "2024-02-08 15:00")], "channel": ["12345"],
        "household_id": ["500112012000123"], "town_code": [TOWN],
        "enterprise_id": ["E1"], "category": ["billing_dispute"],
        "text": ["王五 住 某小区 3 栋"],
    })
    ds = Dataset({"complaints": complaints}, quarantine=pd.DataFrame())
    as_of = dt.date(2024, 2, 26)
    table = overdue_table(ticket_timeline(ds, as_of=as_of), as_of, TOWN)
    row = table.iloc[0]
    assert row.ticket == "GD20****0001" and row.household == "5001****0123"
    # due at the end of 02-21; over: 02-22, 02-23, 02-26 -> 3 working days
    assert row.due == "2024-02-21" and row.days_over == 3
    assert row.category == "气费争议" and row.town == "龙山街道"
    assert "王五" not in table.to_string()


def test_town_label_accepts_a_number_and_refuses_unknown_codes():
    import pytest

    from yubei_gas_lib.complaints.tables import town_label
    from yubei_gas_lib.errors import YubeiGasError

    assert town_label(500112012000) == (TOWN, "龙山街道")
    with pytest.raises(YubeiGasError, match="town_seats.csv"):
        town_label("500112999000")
