"""Chinese number formats and tables."""

from __future__ import annotations

import pandas as pd

from yubei_gas_lib import present


def test_counts_read_the_chinese_way():
    assert present.fmt_count(9999) == "9,999"
    assert present.fmt_count(10000) == "1.00万"
    assert present.fmt_count(123456) == "12.35万"
    assert present.fmt_count(250_000_000) == "2.50亿"
    assert present.fmt_count(float("nan")) == "—"


def test_shares_and_money():
    assert present.fmt_pct(0.1234) == "12.3%"
    assert present.fmt_pct(1) == "100.0%"
    assert present.fmt_yuan(1234.5) == "1,234.50元"
    assert present.fmt_yuan(123456.78) == "12.35万元"


def test_table_shows_only_named_columns_and_escapes():
    frame = pd.DataFrame({"town": ["<b>龙山</b>"], "n": [12345], "phone": ["13800000000"]})
    page = present.table_html(frame, {"town": "镇街", "n": "件数"})
    assert "13800000000" not in page and "&lt;b&gt;" in page
    assert "<th>镇街</th><th>件数</th>" in page and "1.23万" in page


def test_town_names_sit_beside_their_codes():
    frame = pd.DataFrame({"town_code": ["500112012000", "500112144000"], "n": [1, 2]})
    named = present.with_town_names(frame)
    assert list(named.columns) == ["town_code", "town_name", "n"]
    assert named.town_name.tolist() == ["龙山街道", "洛碛镇"]


def test_targets_read_as_shares_or_counts():
    from yubei_gas_lib.dataset import Dataset
    from yubei_gas_lib.milestones import Milestone, TargetStatus
    from yubei_gas_lib.validate import concat_quarantine

    milestone = Milestone.model_validate({"id": "m4_normal", "name_zh": "常态管理",
                                          "as_of": "2024-10-31", "goal_zh": "—"})
    statuses = [
        TargetStatus("未整改项", "x", 5.0, 0.0, "<=", "not_met", unit="count"),
        TargetStatus("应退已退比例", "y", 0.7308, 0.99, ">=", "not_met"),
    ]
    page = present.briefing_header("简报", milestone,
                                   Dataset({}, concat_quarantine([])), statuses)
    assert "未整改项：5（目标 &lt;= 0）" in page
    assert "应退已退比例：73.08%（目标 &gt;= 99.00%）" in page
