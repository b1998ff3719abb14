"""Shared fixtures: small raw-data folders written in the real formats."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ENTERPRISES_CSV = "enterprise_id,name\nE1,山城示例燃气（虚构）\nE2,渝北样板燃气（虚构）\n"

# households: an XLSX sheet with Chinese headers and values; row 5 names an
# unknown enterprise, so it and its readings and bills are quarantined.
HOUSEHOLDS = pd.DataFrame({
    "户号": ["H001", "H002", "H003", "H004"],
    "企业编号": ["E1", "E2", "E1", "E9"],
    "镇街代码": ["500112012000", "500112002000", "500112129000", "500112012000"],
    "用气类型": ["居民一般", "采暖", "低保", "合表"],
    "户籍人口": [3, 6, 2, 4],
    "状态": ["正常", "正常", "空置", "正常"],
})

# readings: GB18030 with Chinese headers and values. Line numbers (header = 1)
# of the bad rows: 5 unknown household, 7 unknown read type, 8 negative
# register, 9 depends on the quarantined household H004.
READINGS_GB18030 = (
    "户号,表号,抄表日期,表底数,抄表方式\n"
    "H001,M001,2024-01-05,100.0,实抄\n"      # line 2
    "H001,M001,2024/02/05,130.5,估抄\n"      # line 3
    "H002,M002,2024-01-05,10,远传\n"         # line 4
    "H999,M999,2024-01-05,1,实抄\n"          # line 5: unknown household
    "H002,M002,2024-03-05,60,自报\n"         # line 6
    "H003,M003,2024-01-05,5,瞎写\n"          # line 7: unknown read type
    "H003,M003,2024-02-05,-3,实抄\n"         # line 8: negative register
    "H004,M004,2024-01-05,7,实抄\n"          # line 9: household quarantined
    "H001,M001,2024-03-05,160.0,实抄\n"      # line 10
)

# bills: plain UTF-8 CSV with English headers. Bad rows: line 3 (end before
# start), line 4 (amount not a number), line 5 (duplicate bill id).
BILLS_CSV = (
    "bill_id,household_id,period_start,period_end,volume_m3,amount_yuan,"
    "issued_on,status\n"
    "B1,H001,2024-01-05,2024-02-05,30.5,62.19,2024-02-06,已缴\n"
    "B2,H001,2024-02-05,2024-01-05,29.5,60.15,2024-02-06,issued\n"
    "B3,H002,2024-01-05,2024-03-05,50,abc,2024-03-06,issued\n"
    "B1,H002,2024-01-05,2024-03-05,50,101.95,2024-03-06,issued\n"
    "B4,H002,2024-01-05,2024-03-05,50,101.95,2024-03-06,suspended\n"
)

# (table, line, column, rule) that the mixed folder must quarantine, exactly
MIXED_EXPECTED = {
    ("households", 5, "enterprise_id", "reference"),
    ("readings", 5, "household_id", "reference"),
    ("readings", 7, "read_type", "allowed_values"),
    ("readings", 8, "register_m3", "range"),
    ("readings", 9, "household_id", "depends_on_quarantined"),
    ("bills", 3, "period_end", "order"),
    ("bills", 4, "amount_yuan", "type"),
    ("bills", 5, "bill_id", "unique"),
}


def write_mixed_folder(folder: Path) -> Path:
    """A folder as companies send it: GB18030 CSV, XLSX and UTF-8 CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "enterprises.csv").write_text(ENTERPRISES_CSV, encoding="utf-8-sig")
    HOUSEHOLDS.to_excel(folder / "households.xlsx", index=False)
    (folder / "readings.csv").write_bytes(READINGS_GB18030.encode("gb18030"))
    (folder / "bills.csv").write_text(BILLS_CSV, encoding="utf-8")
    return folder


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    return write_mixed_folder(tmp_path / "raw")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def briefing_run(tmp_path_factory, repo_root):
    """One real run of the data-quality briefing on the mixed folder."""
    import shutil

    from .test_run import run_cli

    base = tmp_path_factory.mktemp("run")
    data = write_mixed_folder(base / "raw")
    notebooks = base / "notebooks"
    notebooks.mkdir()
    shutil.copy(repo_root / "notebooks" / "data_quality.ipynb", notebooks)
    done = run_cli(repo_root, data, base / "out", notebooks)
    return base, data, notebooks, done
