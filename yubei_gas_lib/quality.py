"""Data-quality summaries of a loaded dataset: what was kept and what was not."""

from __future__ import annotations

import pandas as pd

from .contract import LOAD_ORDER, RULES_ZH, TABLES
from .dataset import Dataset


def load_summary(dataset: Dataset) -> pd.DataFrame:
    """One row per contract table: its file and the reconciled row counts.

    Tables with no file are listed as absent, so a reader sees what is
    missing as well as what is there.
    """
    rows = []
    for name in LOAD_ORDER:
        source = dataset.sources.get(name)
        rows.append({
            "table": name,
            "title_zh": TABLES[name].title_zh,
            "present": source is not None,
            "file": source.path.rsplit("/", 1)[-1] if source else None,
            "format": source.format if source else None,
            "encoding": source.encoding if source else None,
            "rows_read": source.rows_read if source else 0,
            "rows_kept": source.rows_kept if source else 0,
            "rows_quarantined": source.rows_quarantined if source else 0,
            "blank_lines": source.blank_lines if source else 0,
        })
    return pd.DataFrame(rows)


def quarantine_by_rule(dataset: Dataset, examples: int = 5) -> pd.DataFrame:
    """Quarantine findings counted per table, column and rule.

    ``example_rows`` lists the first few source row numbers; the offending
    values are left out because a rejected cell may hold personal data.
    """
    q = dataset.quarantine
    if q.empty:
        return pd.DataFrame(columns=["table", "column", "rule", "rule_zh",
                                     "findings", "example_rows"])
    grouped = q.groupby(["table", "column", "rule"], sort=False)["row"]
    out = grouped.agg(
        findings="size",
        example_rows=lambda rows: "、".join(str(r) for r in sorted(rows)[:examples]),
    ).reset_index()
    out.insert(3, "rule_zh", out["rule"].map(RULES_ZH).fillna(out["rule"]))
    return out


def reconciliation_sentence(dataset: Dataset) -> str:
    """A one-line verdict on the row counts, for the briefing."""
    if reconciles(dataset):
        return "核对通过：每张表的读取行数均等于保留行数加隔离行数，没有数据被静默丢弃。"
    return "核对未通过：有表的读取行数不等于保留加隔离行数，请联系技术支持。"


def reconciles(dataset: Dataset) -> bool:
    """Whether rows read = rows kept + rows quarantined for every table."""
    quarantined = dataset.quarantine.groupby("table")["row"].nunique()
    for name, source in dataset.sources.items():
        kept = len(dataset.tables[name])
        if source.rows_read != kept + int(quarantined.get(name, 0)):
            return False
    return True


def cut_summary(full: Dataset, cut: Dataset) -> pd.DataFrame:
    """Per table: valid rows, rows dated up to the milestone, rows after it."""
    rows = []
    for name, frame in full.tables.items():
        seen = len(cut.tables.get(name, frame))
        rows.append({"table": name, "title_zh": TABLES[name].title_zh,
                     "rows_kept": len(frame), "rows_up_to_as_of": seen,
                     "rows_after_as_of": len(frame) - seen})
    return pd.DataFrame(rows)


LOAD_SUMMARY_ZH = {
    "table": "数据表", "title_zh": "名称", "file": "文件", "format": "格式",
    "encoding": "编码", "rows_read": "读取行数", "rows_kept": "保留",
    "rows_quarantined": "隔离",
}
FINDINGS_ZH = {
    "table": "数据表", "column": "列", "rule": "规则", "rule_zh": "说明",
    "findings": "问题数", "example_rows": "示例行号",
}
CUT_SUMMARY_ZH = {
    "table": "数据表", "title_zh": "名称", "rows_kept": "有效行",
    "rows_up_to_as_of": "截至阶段日期", "rows_after_as_of": "阶段日期之后",
}


def stage_finding_counts(dataset: Dataset) -> pd.DataFrame:
    """Complaint tickets whose stages break the loop's order, per finding.

    Empty when the data hold no complaints. Only counts are given: a
    ticket's events are the enterprise's to correct.
    """
    from .complaints import FINDINGS, stage_findings

    if not dataset.has("complaints"):
        return pd.DataFrame(columns=["finding", "finding_zh", "tickets"])
    findings = stage_findings(dataset)
    counts = findings.groupby("finding", sort=False)["ticket_id"].nunique()
    out = pd.DataFrame({"finding": list(FINDINGS),
                        "finding_zh": list(FINDINGS.values())})
    out["tickets"] = out["finding"].map(counts).fillna(0).astype(int)
    return out


STAGE_FINDINGS_ZH = {"finding_zh": "问题", "finding": "编号", "tickets": "工单数"}
