"""Rates, batches, summaries, rounding and the ``yubei-gas audit`` command."""

import pandas as pd
import pytest

from yubei_gas_lib import cli
from yubei_gas_lib.audit import AuditParams, audit
from yubei_gas_lib.audit import testing as T
from yubei_gas_lib.audit.rounding import money, round_half_up, volume
from yubei_gas_lib.audit.summary import batch_counts, flag_counts, money_by
from yubei_gas_lib.tariff import load_tariff

TARIFF = load_tariff()


def test_half_up_rounding():
    assert money(1.005) == 1.01 and money(2.675) == 2.68 and money(0.125) == 0.13
    assert money(-1.005) == -1.01 and money(-0.004) == 0.0
    assert volume(0.0005) == 0.001 and volume(1.2344999) == 1.234
    assert round_half_up(pd.Series([0.015], index=[7]), 2).loc[7] == 0.02


def test_monthly_rates():
    # A, B active; C unoccupied (never counted as active). March: A read by
    # an actual reading, B only estimated -> 月抄 1/2, estimate share 1/2.
    hh = T.households(("A", "standard"), ("B", "standard"),
                      ("C", "standard", None, "unoccupied"))
    rd = T.readings(("A", "a", "2024-03-05", 10, "actual"),
                    ("B", "b", "2024-03-05", 10, "estimated"),
                    ("C", "c", "2024-03-05", 10, "actual"))
    # bills issued in March: b1 30 days, issued 2 days after, pushed same day
    # (settled, pushed); b2 60 days, pushed 5 days after issue (neither)
    bl = T.bills(("b1", "A", "2024-02-01", "2024-03-02", 10, 20.39, "paid",
                  "2024-03-04", "2024-03-04"),
                 ("b2", "B", "2024-01-01", "2024-03-01", 10, 20.39, "paid",
                  "2024-03-01", "2024-03-06"),
                 ("b3", "B", "2024-01-01", "2024-03-01", 10, 20.39, "void",
                  "2024-03-01", "2024-03-01"))
    rates = audit(T.dataset(hh, rd, bl), TARIFF).monthly_rates
    march = rates.set_index("month").loc[pd.Timestamp("2024-03-01")]
    assert march["households_active"] == 2 and march["households_read"] == 1
    assert march["read_rate"] == 0.5 and march["estimate_share"] == pytest.approx(1 / 3)
    assert march["bills"] == 2 and march["settle_rate"] == 0.5
    assert march["push_rate"] == 0.5


def suspended_case():
    # N: clean; S: small refund fully refunded; L: large refund outstanding;
    # X: only an explained flag (late push), nothing due
    hh = T.households(*[(h, "standard") for h in ("N0000001", "S0000002",
                                                  "L0000003", "X0000004")])
    rd = T.readings(*[r for h in ("N0000001", "S0000002", "L0000003", "X0000004")
                      for r in ((h, h + "m", "2023-10-01", 0, "actual"),
                                (h, h + "m", "2023-11-01", 100, "actual"))])
    # 100 m³ in October = 203.90
    bl = T.bills(("n", "N0000001", "2023-10-01", "2023-11-01", 100, 203.90,
                  "suspended"),
                 ("s", "S0000002", "2023-10-01", "2023-11-01", 100, 213.90,
                  "suspended"),
                 ("l", "L0000003", "2023-10-01", "2023-11-01", 100, 263.90,
                  "suspended"),
                 ("x", "X0000004", "2023-10-01", "2023-11-01", 100, 203.90,
                  "suspended", "2023-11-01", "2023-11-09"))
    rf = T.refunds(("r", "S0000002", 10, "2023-12-01"))
    return T.dataset(hh, rd, bl, rf)


def test_resumption_batches():
    result = audit(suspended_case(), TARIFF)
    b = result.batches.set_index("household")
    assert b["batch"].to_dict() == {"N0****01": 1, "S0****02": 2, "L0****03": 3,
                                    "X0****04": 2}
    assert "L0000003" not in result.batches.to_string()
    strict = audit(suspended_case(), TARIFF,
                   params=AuditParams(explained_flags=[])).batches
    assert strict.set_index("household").loc["X0****04", "batch"] == 3


def test_summaries_have_chinese_labels_and_suppress_small_towns():
    result = audit(suspended_case(), TARIFF)
    towns = money_by(result, "town_code", suppress_below=0)
    assert towns.loc[0, "户数"] == 4 and towns.loc[0, "应退金额（元）"] == 70.0
    assert money_by(result, "town_code").loc[0, "应退金额（元）"] is None
    flags = flag_counts(result).set_index("规则")
    assert flags.loc["late_push", "户数"] == 1
    batches = batch_counts(result, suppress_below=0)
    assert batches["批次"].tolist() == [1, 2, 3]


def write_folder(root, with_bills=True):
    root.mkdir()
    ds = suspended_case()
    (root / "enterprises.csv").write_text("enterprise_id,name\nE1,示例燃气\n",
                                          encoding="utf-8")
    for name, frame in ds.tables.items():
        if name != "bills" or with_bills:
            frame.to_csv(root / f"{name}.csv", index=False)
    return root


def test_command_writes_rounded_csv_and_bill_flags(tmp_path, capsys):
    data = write_folder(tmp_path / "raw")
    out = tmp_path / "out" / "audit.csv"
    assert cli.main(["audit", "--data", str(data), "--out", str(out)]) == 0
    frame = pd.read_csv(out, dtype={"household_id": str})
    spec = ["household_id", "window_start", "window_end", "volume_m3", "billed_yuan",
            "correct_yuan", "refund_due_yuan", "under_billed_yuan", "refunded_yuan",
            "outstanding_yuan", "flags"]
    assert list(frame.columns[:3]) == spec[:1] + ["enterprise_id", "town_code"]
    assert set(spec) <= set(frame.columns)
    row = frame.set_index("household_id").loc["L0000003"]
    assert row["refund_due_yuan"] == 60.0 and row["window_start"] == "2023-10-01"
    bills = pd.read_parquet(tmp_path / "out" / "audit_bill_flags.parquet")
    assert bills.set_index("bill_id").loc["x", "late_push"]
    assert "tariff.yaml" in capsys.readouterr().out


def test_command_names_the_missing_table(tmp_path, capsys):
    data = write_folder(tmp_path / "raw", with_bills=False)
    code = cli.main(["audit", "--data", str(data), "--out", str(tmp_path / "a.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "bills" in err and "账单" in err


def test_command_reports_a_broken_tariff(tmp_path, capsys):
    bad = tmp_path / "tariff.yaml"
    bad.write_text("plans: {}\nprices: []\n", encoding="utf-8")
    code = cli.main(["audit", "--data", str(tmp_path), "--tariff", str(bad),
                     "--out", str(tmp_path / "a.csv")])
    assert code == 1 and "tariff.yaml" in capsys.readouterr().err
