"""``yubei-gas risk``: the weekly opinion-risk table per town and district."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pandas as pd

from ..risk import DRIVERS, default_classifier, load_risk_params
from ..risk.drivers import DISTRICT
from ..risk.score import risk_scores
from ..tariff import PARAMS_DIR

# the columns written, in order; drivers hold their 0-100 values
ID_COLUMNS = ["week", "area", "area_name", "score", "level"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "risk",
        help="舆情风险预警 (weekly opinion-risk warning)",
        description="按周、按镇街和全区计算六项风险因子、加权得分和预警等级 "
                    "(six drivers, weighted score and level per week and area)。",
    )
    parser.add_argument("--data", required=True, type=Path,
                        help="原始数据目录 (folder of raw exports)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat,
                        help="截止日 YYYY-MM-DD，之后的数据不计 (cut-off date)")
    parser.add_argument("--out", required=True, type=Path,
                        help="输出 CSV，每周每区域一行 (one row per week and area)")
    parser.add_argument("--params-dir", type=Path, default=PARAMS_DIR,
                        help="参数目录：risk.yaml、lexicon.yaml、tariff.yaml 等 "
                             "(parameter folder)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # parameters first, so that a wrong file fails before the data are read
    params = load_risk_params(args.params_dir / "risk.yaml")
    classifier = default_classifier(args.params_dir / "lexicon.yaml")
    from ..complaints.limits import load_service_standards, ticket_timeline
    from ..load import load_dataset

    standards = load_service_standards(args.params_dir / "service_standards.yaml")
    data = load_dataset(args.data)
    data.require("households", "complaints", command="yubei-gas risk")
    if args.as_of is not None:
        data = data.cut(args.as_of)
    timeline = ticket_timeline(data, standards, args.as_of)
    bill_flags, refunds_due = _audit(data, args)
    scores = risk_scores(data, params, classifier, timeline=timeline,
                         bill_flags=bill_flags, refunds_due=refunds_due)
    table = output_table(scores, data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, encoding="utf-8-sig")
    last = table[table["week"].eq(table["week"].max())]
    district = last[last["area"].eq(DISTRICT)].iloc[0]
    print(f"已计算 {table['week'].nunique()} 周 × {table['area'].nunique()} 个区域 "
          f"(weeks × areas)；最近一周 {district['week']} 全区得分 (district score) "
          f"{district['score']:.1f}，等级 (level) {district['level'] or '无'}")
    print(f"已写入 (written) {args.out}")
    return 0


def _audit(data, args) -> tuple[pd.DataFrame | None, pd.Series | None]:
    """Bill flags and refunds due, when the tables for an audit are there."""
    from ..audit import REQUIRED_TABLES, audit, load_audit_params
    from ..tariff import load_tariff

    if not all(data.has(t) for t in REQUIRED_TABLES):
        return None, None
    result = audit(data, load_tariff(args.params_dir / "tariff.yaml"),
                   params=load_audit_params(args.params_dir / "audit.yaml"))
    due = result.households.set_index("household_id")["refund_due_yuan"]
    return result.bill_flags, due


def output_table(scores: pd.DataFrame, data) -> pd.DataFrame:
    """The CSV's rows: ISO weeks, town names, values rounded to 0.1."""
    names = {}
    if data.has("towns"):
        names = data.table("towns").set_index("town_code")["town_name"].to_dict()
    names[DISTRICT] = "全区"
    out = scores.copy()
    out["week"] = out["week"].dt.strftime("%Y-%m-%d")
    out["area_name"] = out["area"].map(names)
    contrib = [f"contrib_{d}" for d in DRIVERS]
    raw = [c for c in out.columns if c.startswith("raw_")]
    out = out[[*ID_COLUMNS, *DRIVERS, *contrib, *raw, "refund_outstanding_yuan",
               "households", "response_zh"]]
    rounded = ["score", *DRIVERS, *contrib]
    out[rounded] = out[rounded].round(1)
    return out
