"""``yubei-gas audit``: the household audit, written as CSV plus Parquet."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pandas as pd

from ..audit import REQUIRED_TABLES, AuditResult, audit, load_audit_params
from ..audit.rounding import money, volume
from ..tariff import load_tariff

MONEY_COLUMNS = ["billed_yuan", "correct_yuan", "refund_due_yuan",
                 "under_billed_yuan", "refunded_yuan", "outstanding_yuan",
                 "suspended_yuan"]
VOLUME_COLUMNS = ["volume_m3", "billed_volume_m3", "tier1_m3", "tier2_m3",
                  "tier3_m3", "flat_m3"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "audit",
        help="逐户核算与退费审计 (household billing audit)",
        description="按阶梯气价逐户核算应收气费，比对账单，给出应退、少收、"
                    "规则标记和说明 (audit every household against the tariff)。",
    )
    parser.add_argument("--data", required=True, type=Path,
                        help="原始数据目录 (folder of raw exports)")
    parser.add_argument("--tariff", type=Path,
                        help="气价参数文件，默认 params/tariff.yaml (tariff file)")
    parser.add_argument("--params", type=Path,
                        help="规则阈值参数文件，默认 params/audit.yaml "
                             "(flag thresholds)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat,
                        help="核算截止日 YYYY-MM-DD，之后的数据不计 (cut-off date)")
    parser.add_argument("--out", required=True, type=Path,
                        help="逐户结果 CSV；账单标记另存为同名 _bill_flags.parquet "
                             "(household CSV; bill flags beside it as Parquet)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # parameters first, so that a wrong file fails before the data are read
    tariff = load_tariff(args.tariff)
    params = load_audit_params(args.params)
    from ..load import load_dataset

    dataset = load_dataset(args.data, tables=[*REQUIRED_TABLES, "refunds"])
    dataset.require(*REQUIRED_TABLES, command="yubei-gas audit")
    result = audit(dataset, tariff, as_of=args.as_of, params=params)
    paths = write_result(result, args.out)
    h = result.households
    print(f"已核算 {len(h)} 户（audited households），气价文件 (tariff): "
          f"{result.tariff_path}")
    print(f"应退合计 (refund due) {money(h['refund_due_yuan']).sum():.2f} 元，"
          f"尚需退还 (outstanding) {money(h['outstanding_yuan']).sum():.2f} 元，"
          f"有标记 (flagged) {(h['flags'] != '').sum()} 户")
    for path in paths:
        print(f"已写入 (written) {path}")
    return 0


def rounded_households(result: AuditResult) -> pd.DataFrame:
    """The household table as written: money to the fen, volumes to 0.001."""
    frame = result.households.copy()
    for col in MONEY_COLUMNS:
        frame[col] = money(frame[col])
    for col in VOLUME_COLUMNS:
        frame[col] = volume(frame[col])
    for col in ("window_start", "window_end"):
        frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    return frame


def write_result(result: AuditResult, out: Path) -> list[Path]:
    """Write the household CSV and the bill flags as Parquet beside it."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rounded_households(result).to_csv(out, index=False, encoding="utf-8-sig")
    bills = out.with_name(out.stem + "_bill_flags.parquet")
    result.bill_flags.to_parquet(bills, index=False)
    return [out, bills]
