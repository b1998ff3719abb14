"""The synthetic district: determinism, files, loader verdict, truth."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from yubei_gas_lib import geography
from yubei_gas_lib.load import load_dataset
from yubei_gas_lib.synth import district, writer
from yubei_gas_lib.synth.inject import BAD_ROWS

SMALL, SEED = 3000, 11
AS_OF = dt.date(2024, 10, 31)


@functools.cache
def small_district() -> district.District:
    """One small district per test session, shared by the synth test modules."""
    return district.generate(SMALL, SEED)


@functools.cache
def written(fmt: str, bad: bool) -> tuple[Path, Path]:
    root = Path(tempfile.mkdtemp(prefix=f"synth_{fmt}_{int(bad)}_"))
    writer.write(small_district(), root / "raw", root / "truth", fmt, bad)
    return root / "raw", root / "truth"


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_same_seed_gives_byte_identical_files(tmp_path, fmt):
    for name in ("a", "b"):
        d = district.generate(400, seed=5)
        writer.write(d, tmp_path / name / "raw", tmp_path / name / "truth", fmt, True)
    for part in ("raw", "truth"):
        assert _bytes(tmp_path / "a" / part) == _bytes(tmp_path / "b" / part)


def test_another_seed_gives_another_district(tmp_path):
    a = district.generate(400, seed=5).bills.amount.sum()
    b = district.generate(400, seed=6).bills.amount.sum()
    assert a != b


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_clean_output_loads_with_nothing_quarantined(fmt):
    raw, _ = written(fmt, False)
    ds = load_dataset(raw, as_of=AS_OF)
    assert ds.quarantine.empty, ds.quarantine.head(10).to_string()
    d = small_district()
    assert len(ds.households) == SMALL
    assert len(ds.readings) == len(d.readings)
    assert len(ds.bills) == len(d.bills)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_injected_bad_rows_are_quarantined_exactly(fmt):
    raw, truth = written(fmt, True)
    expected = (pd.read_csv(truth / "bad_rows.csv") if fmt == "csv"
                else pq.read_table(truth / "bad_rows.parquet").to_pandas())
    assert len(expected) == len(BAD_ROWS)
    ds = load_dataset(raw, as_of=AS_OF)
    key = ["table", "row", "column", "rule"]
    got = ds.quarantine[key].astype({"row": int})
    want = expected[key].astype({"row": int})
    assert sorted(map(tuple, got.to_numpy())) == sorted(map(tuple, want.to_numpy()))


def test_csv_encodings_and_headers_follow_the_documented_style():
    raw, _ = written("csv", False)
    readings = (raw / "readings.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        readings.decode("utf-8")
    text = readings.decode("gb18030")
    assert text.startswith('"户号","表号","抄表日期"')
    assert "实抄" in text and "actual" not in text
    assert (raw / "households.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (raw / "enterprises.csv").read_text("utf-8").startswith('"enterprise_id"')


def test_households_are_plausible_and_fictional():
    raw, _ = written("parquet", False)
    ds = load_dataset(raw, as_of=AS_OF)
    h = ds.households
    assert h.phone.str.fullmatch(r"1[3-9]\d{9}").all()
    assert h.household_id.str.fullmatch(r"\d{12}").all()
    assert geography.inside_district(h.lon, h.lat).all()
    names = dict(zip(geography.towns().town_code, geography.towns().town_name,
                     strict=True))
    assert all(a.startswith(names[t]) for a, t in zip(h.address, h.town_code,
                                                      strict=True))
    assert ds.enterprises.name.str.contains("虚构").all()
    assert 3 <= len(ds.enterprises) <= 5
    # dense subdistricts, small rural towns
    per_town = h.town_code.value_counts()
    assert per_town.max() > 10 * per_town.min()


def test_billed_volume_telescopes_except_where_a_defect_breaks_it():
    d = small_district()
    o = d.overcharge
    chain = d.readings[d.readings.kind != 3]
    span = chain.groupby("hh").register.agg(["first", "last"])
    diff = (span["last"] - span["first"]).reindex(range(SMALL)).fillna(0)
    broken = d.bills[(d.bills.defects & 0b1100) != 0].hh.unique()  # carried, double
    misread = d.readings[(d.readings.defects & (1 << 6)) != 0].hh.unique()
    ok = ~o.hh.isin(np.r_[broken, misread]) & (o.window_start >= 0)
    gap = (o.billed_volume_m3 - diff)[ok].abs()
    assert gap.max() < 0.05


def test_truth_overcharge_and_refunds_are_consistent():
    d = small_district()
    o = d.overcharge
    assert (o.refund_due_yuan >= 0).all() and (o.under_billed_yuan >= 0).all()
    assert np.allclose(o.refund_due_yuan - o.under_billed_yuan,
                       o.billed_yuan - o.correct_yuan)
    assert (o.refunded_yuan <= o.refund_due_yuan + 0.01).all()
    # double bills and catch-ups overcharge; the average household a little
    doubled = d.bills[d.bills["copy"] == 1].hh.unique()
    assert (o.refund_due_yuan[doubled] > 0).mean() > 0.9
    assert o.refund_due_yuan.sum() > 0


def test_truth_folder_holds_every_answer_key():
    _, truth = written("csv", True)
    names = {p.stem for p in truth.iterdir()}
    assert {"consumption_monthly", "reading_defects", "bill_defects", "overcharge",
            "post_labels", "bad_rows", "manifest"} <= names
    months = pd.read_csv(truth / "consumption_monthly.csv", dtype=str)
    assert months.month.nunique() == 26
    labels = pd.read_csv(truth / "post_labels.csv")
    assert set(labels.label) == {"negative", "neutral", "positive"}


def test_bills_respect_the_contract_shapes():
    raw, _ = written("parquet", False)
    b = load_dataset(raw, as_of=AS_OF, tables=["bills"]).bills
    assert set(b.status) == {"void", "issued", "paid", "suspended"}
    assert (b.issued_on >= b.period_end).all()
    assert ((b.amount_yuan >= 0) | (b.volume_m3 < 0)).all()
    suspended = b[b.status == "suspended"]
    assert suspended.issued_on.between("2024-04-01", "2024-06-30").all()


def test_command_line_writes_data_and_truth(tmp_path, capsys):
    from yubei_gas_lib.cli import main

    code = main(["synth", "--households", "300", "--seed", "3", "--format", "parquet",
                 "--out", str(tmp_path / "raw"), "--truth", str(tmp_path / "truth")])
    assert code == 0
    assert (tmp_path / "raw" / "bills.parquet").exists()
    assert (tmp_path / "truth" / "overcharge.parquet").exists()
    assert not (tmp_path / "raw" / "towns.parquet").exists()
    assert "已生成" in capsys.readouterr().out
