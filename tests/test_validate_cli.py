"""``yubei-gas validate``: report, quarantine file and exit codes, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from .conftest import MIXED_EXPECTED


def yubei_gas(*args: str) -> subprocess.CompletedProcess:
    # the installed console script, as a user would call it
    script = Path(sys.executable).parent / "yubei-gas"
    return subprocess.run([str(script), *args],
                          capture_output=True, text=True, encoding="utf-8")


def test_validate_writes_the_quarantine_and_exits_0(mixed_folder, tmp_path):
    out = tmp_path / "q" / "quarantine.csv"
    done = yubei_gas("validate", "--data", str(mixed_folder),
                     "--quarantine-out", str(out))
    assert done.returncode == 0, done.stderr
    assert "readings（抄表记录）" in done.stdout and "gb18030" in done.stdout
    assert "读取 9 行 = 保留 5 + 隔离 4" in done.stdout
    assert "refunds（退费记录）：缺失" in done.stdout
    q = pd.read_csv(out, encoding="utf-8-sig")
    assert list(q.columns) == ["table", "row", "column", "rule", "value"]
    assert set(zip(q.table, q.row, q.column, q.rule, strict=True)) == MIXED_EXPECTED
    assert q.query("table == 'readings' and row == 7").value.item() == "瞎写"


def test_missing_amount_column_stops_with_exit_1(tmp_path):
    (tmp_path / "bills.csv").write_text(
        "bill_id,household_id,period_start,period_end,volume_m3,issued_on,status\n"
        "B1,H1,2024-01-01,2024-02-01,1,2024-02-02,issued\n", encoding="utf-8")
    done = yubei_gas("validate", "--data", str(tmp_path))
    assert done.returncode == 1
    assert "bills" in done.stderr and "amount_yuan" in done.stderr
    assert "缺少必需列" in done.stderr


def test_undecodable_file_exits_1_naming_it(tmp_path):
    (tmp_path / "households.csv").write_bytes(b"\xff\xfe\x00h\x00")
    done = yubei_gas("validate", "--data", str(tmp_path))
    assert done.returncode == 1
    assert "households.csv" in done.stderr and "UTF-16" in done.stderr


def test_missing_folder_exits_1(tmp_path):
    done = yubei_gas("validate", "--data", str(tmp_path / "nope"))
    assert done.returncode == 1 and "数据目录不存在" in done.stderr
