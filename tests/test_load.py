"""The loader on each format and encoding, and the quarantine it returns."""

from __future__ import annotations

import pandas as pd
import pytest

from yubei_gas_lib.errors import DataContractError
from yubei_gas_lib.load import load_dataset
from yubei_gas_lib.quality import reconciles
from yubei_gas_lib.readers import detect_encoding, read_raw

from .conftest import MIXED_EXPECTED


def found(dataset) -> set[tuple]:
    q = dataset.quarantine
    return set(zip(q.table, q.row, q.column, q.rule, strict=True))


def test_mixed_folder_quarantines_exactly_the_bad_rows(mixed_folder):
    dataset = load_dataset(mixed_folder)
    assert found(dataset) == MIXED_EXPECTED
    assert reconciles(dataset)
    # kept rows carry their source line numbers as the index
    assert list(dataset.readings.index) == [2, 3, 4, 6, 10]
    assert list(dataset.bills.bill_id) == ["B1", "B4"]
    assert dataset.sources["readings"].encoding == "gb18030"
    assert dataset.sources["households"].format == "xlsx"


def test_chinese_headers_and_values_become_canonical(mixed_folder):
    dataset = load_dataset(mixed_folder)
    r = dataset.readings
    assert list(r.columns) == ["household_id", "meter_id", "read_on",
                               "register_m3", "read_type"]
    assert list(r.read_type) == ["actual", "estimated", "remote", "self", "actual"]
    assert r.read_on.tolist()[1] == pd.Timestamp("2024-02-05")  # from 2024/02/05
    h = dataset.households
    assert list(h.plan) == ["standard", "heating", "low_income"]
    assert list(h.status) == ["active", "active", "unoccupied"]
    assert dataset.bills.status.tolist() == ["paid", "suspended"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_are_detected_from_the_bytes(tmp_path, encoding):
    path = tmp_path / "enterprises.csv"
    path.write_bytes("企业编号,企业名称\nE1,示例燃气（虚构）\n".encode(encoding))
    raw = read_raw(path)
    assert raw.frame.iloc[0].tolist() == ["E1", "示例燃气（虚构）"]
    expected = {"utf-8": "utf-8", "utf-8-sig": "utf-8 (BOM)", "gb18030": "gb18030"}
    assert raw.encoding == expected[encoding]


def test_gbk_bytes_are_read_as_gb18030():
    data = "抄表日期".encode("gbk")
    assert detect_encoding(data, None) == "gb18030"


def test_undecodable_file_names_the_file(tmp_path):
    path = tmp_path / "readings.csv"
    path.write_bytes(b"household_id\n\x81\x20\xff\xfe\x80\n")
    with pytest.raises(DataContractError) as err:
        load_dataset(tmp_path)
    assert "readings.csv" in err.value.zh and "无法" in err.value.zh
    assert "decode" in err.value.en


def test_missing_required_column_names_table_and_column(tmp_path):
    (tmp_path / "bills.csv").write_text(
        "bill_id,household_id,period_start,period_end,volume_m3,issued_on,status\n"
        "B1,H1,2024-01-01,2024-02-01,1,2024-02-02,issued\n", encoding="utf-8")
    with pytest.raises(DataContractError) as err:
        load_dataset(tmp_path)
    assert "bills" in err.value.en and "amount_yuan" in err.value.en
    assert "应缴金额" in err.value.zh


def test_parquet_rows_are_numbered_from_one(tmp_path):
    pd.DataFrame({"enterprise_id": ["E1", "E1"], "name": ["甲（虚构）", "乙（虚构）"]}
                 ).to_parquet(tmp_path / "enterprises.parquet")
    dataset = load_dataset(tmp_path)
    assert found(dataset) == {("enterprises", 2, "enterprise_id", "unique")}


def test_csv_line_numbers_survive_multiline_text(tmp_path):
    (tmp_path / "enterprises.csv").write_text(
        'enterprise_id,name\nE1,"第一行\n第二行"\nE1,重复（虚构）\n', encoding="utf-8")
    dataset = load_dataset(tmp_path)
    # the duplicate starts on line 4 of the file, not record 2 + 1
    assert found(dataset) == {("enterprises", 4, "enterprise_id", "unique")}


def test_excel_serial_dates_and_slashes(tmp_path):
    (tmp_path / "enterprises.csv").write_text("enterprise_id,name\nE1,甲（虚构）\n")
    (tmp_path / "inspections.csv").write_text(
        "case_id,enterprise_id,opened_on,kind,area\n"
        "C1,E1,45292,行业检查,计量\nC2,E1,2024/3/7,联合执法,价格收费\n")
    dataset = load_dataset(tmp_path)
    assert dataset.inspections.opened_on.tolist() == [
        pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-07")]
    assert dataset.inspections.area.tolist() == ["metering", "pricing"]


def test_two_files_for_one_table_are_refused(tmp_path):
    (tmp_path / "enterprises.csv").write_text("enterprise_id,name\nE1,甲\n")
    pd.DataFrame({"enterprise_id": ["E2"], "name": ["乙"]}).to_parquet(
        tmp_path / "enterprises.parquet")
    with pytest.raises(DataContractError, match="more than one file"):
        load_dataset(tmp_path)


def test_blank_lines_are_counted_not_rows(tmp_path):
    (tmp_path / "enterprises.csv").write_text("enterprise_id,name\nE1,甲\n\nE2,乙\n")
    dataset = load_dataset(tmp_path)
    assert dataset.sources["enterprises"].rows_read == 2
    assert dataset.sources["enterprises"].blank_lines == 1
    assert list(dataset.enterprises.index) == [2, 4]


def test_cut_keeps_rows_up_to_the_as_of_date(mixed_folder):
    import datetime as dt

    dataset = load_dataset(mixed_folder)
    cut = dataset.cut(dt.date(2024, 2, 5))
    assert cut.readings.read_on.max() == pd.Timestamp("2024-02-05")
    assert len(cut.readings) == 3
    assert len(dataset.readings) == 5  # the full dataset is untouched


def test_stage_findings_are_counted_for_the_quality_briefing(tmp_path):
    from yubei_gas_lib.quality import stage_finding_counts

    (tmp_path / "enterprises.csv").write_text("enterprise_id,name\nE1,甲\n")
    (tmp_path / "complaints.csv").write_text(
        "ticket_id,received_at,channel,town_code,enterprise_id,category\n"
        "T1,2024-03-01 09:00,12345,500112012000,E1,退费\n"
        "T2,2024-03-01 09:00,12345,500112012000,E1,退费\n")
    # T1 closes without a reply; T2 is in order
    (tmp_path / "complaint_events.csv").write_text(
        "ticket_id,stage,at\nT1,intake,2024-03-01 09:00\nT1,closed,2024-03-02 09:00\n"
        "T2,intake,2024-03-01 09:00\nT2,reply,2024-03-01 12:00\n"
        "T2,closed,2024-03-02 09:00\n")
    counts = stage_finding_counts(load_dataset(tmp_path))
    assert dict(zip(counts.finding, counts.tickets, strict=True)) == {
        "before_intake": 0, "closed_without_reply": 1, "out_of_order": 0}
