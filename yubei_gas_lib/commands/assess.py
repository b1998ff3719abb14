"""``yubei-gas assess``: the enterprise assessment of a milestone, as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ..assessment import TASK_COLUMNS, Assessment

CSV_COLUMNS = ["enterprise_id", "name", "score", "grade", "rank", "rank_low",
               "rank_high", "robust", "score_entropy", "rank_entropy",
               *TASK_COLUMNS, "score_industry_data", "score_self",
               "score_third_party", "indicators_missing"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "assess",
        help="燃气企业服务质量考核评价 (enterprise service-quality assessment)",
        description="按指标目录计算各企业的指标、任务得分、综合得分、等级、"
                    "排名及其权重扰动区间 (score, grade, rank and rank band of "
                    "every enterprise at a milestone)。",
    )
    parser.add_argument("--data", required=True, type=Path,
                        help="原始数据目录 (folder of raw exports)")
    parser.add_argument("--milestone", required=True,
                        help="阶段，如 m3_evaluation (milestone id)")
    parser.add_argument("--params", type=Path, default=None,
                        help="参数目录，默认随软件提供的 params (parameter folder)")
    parser.add_argument("--out", required=True, type=Path,
                        help="每企业一行的 CSV (one row per enterprise)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..session import prepare
    from ..tariff import PARAMS_DIR

    session = prepare(args.milestone, args.data, args.params or PARAMS_DIR)
    result = session.result("assessment").current
    write_csv(result, args.out)
    e = result.enterprises
    print(f"已评价 {e.score.notna().sum()} 家企业（assessed enterprises），"
          f"截至 (as of) {result.as_of}；整改项 (rectification items) "
          f"{len(result.rectification)}")
    print(f"已写入 (written) {args.out}")
    return 0


def write_csv(result: Assessment, out: Path) -> Path:
    """One row per enterprise, best first; scores to two decimals."""
    frame = result.enterprises.reindex(columns=CSV_COLUMNS).copy()
    numeric = frame.select_dtypes("number").columns.drop(
        ["rank", "rank_low", "rank_high", "rank_entropy", "indicators_missing"])
    frame[numeric] = frame[numeric].round(2)
    for col in ("rank", "rank_low", "rank_high", "rank_entropy"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, encoding="utf-8-sig")
    return out
