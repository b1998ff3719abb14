"""``yubei-gas validate``: check a data folder against the contract."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..load import load_dataset
from ..quality import load_summary, quarantine_by_rule


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="校验原始数据并输出隔离清单 (validate raw tables)",
        description="按数据契约校验数据目录中的每张表，打印逐表报告，并可写出隔离清单。",
    )
    parser.add_argument("--data", required=True, type=Path,
                        help="原始数据目录 (folder of raw exports)")
    parser.add_argument("--quarantine-out", type=Path,
                        help="隔离清单 CSV 输出路径 (where to write the quarantine)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat,
                        help="数据提取日期，默认今天 (extraction date; default today)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.data, as_of=args.as_of)
    print(render_report(dataset))
    if args.quarantine_out is not None:
        args.quarantine_out.parent.mkdir(parents=True, exist_ok=True)
        dataset.quarantine.to_csv(args.quarantine_out, index=False,
                                  encoding="utf-8-sig")
        print(f"隔离清单已写入 (quarantine written to) {args.quarantine_out}："
              f"{len(dataset.quarantine)} 条问题")
    return 0


def render_report(dataset) -> str:
    """The per-table terminal report, in Chinese with English headings."""
    lines = [f"数据校验报告 (validation report)  数据目录: {dataset_dir(dataset)}", ""]
    for row in load_summary(dataset).itertuples():
        if not row.present:
            lines.append(f"- {row.table}（{row.title_zh}）：缺失，未提供文件 (absent)")
            continue
        encoding = f"，编码 {row.encoding}" if row.encoding else ""
        lines.append(
            f"- {row.table}（{row.title_zh}）：{row.file}（{row.format}{encoding}）"
            f" 读取 {row.rows_read} 行 = 保留 {row.rows_kept} + 隔离 "
            f"{row.rows_quarantined}"
            + (f"；空行 {row.blank_lines}" if row.blank_lines else "")
        )
    findings = quarantine_by_rule(dataset)
    lines.append("")
    if findings.empty:
        lines.append("未发现问题 (no findings)。")
    else:
        lines.append("隔离原因 (why rows were quarantined):")
        for f in findings.itertuples():
            lines.append(f"  {f.table}.{f.column} [{f.rule}] {f.rule_zh}："
                         f"{f.findings} 处，行 {f.example_rows}")
    return "\n".join(lines)


def dataset_dir(dataset) -> str:
    paths = [s.path for s in dataset.sources.values() if s.format != "reference"]
    return str(Path(paths[0]).parent) if paths else "?"
