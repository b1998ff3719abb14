"""``yubei-gas synth``: write a synthetic district for tests, demos and training."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tqdm import tqdm

from ..synth import district, writer


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``synth`` subcommand."""
    parser = subparsers.add_parser(
        "synth",
        help="生成虚构的渝北区燃气数据 (generate a synthetic district)",
        description=(
            "生成一个虚构的渝北区：用户、抄表、账单、退费、投诉工单、舆情、服务事项、"
            "信息公开、检查与评价，写入数据目录；真实值（真实用气、缺陷、多收金额、"
            "舆情标签）另写入真值目录，分析代码不读取。"
            " Generate a fictional district and write every table of the data "
            "contract, with the ground truth in a separate folder."
        ),
    )
    parser.add_argument("--households", type=int, default=20000,
                        help="用户数 (number of households, default 20000)")
    parser.add_argument("--seed", type=int, default=2024,
                        help="随机种子，相同种子生成相同文件 (seed; same seed, same files)")
    parser.add_argument("--out", type=Path, default=Path("data/raw"),
                        help="数据目录 (output folder, default data/raw)")
    parser.add_argument("--truth", type=Path, default=Path("data/truth"),
                        help="真值目录 (ground-truth folder, default data/truth)")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv",
                        dest="fmt", help="文件格式 (file format, default csv)")
    parser.add_argument("--inject-bad-rows", action="store_true",
                        help="加入一组已知的错误行，清单写入真值目录 "
                             "(append known bad rows; their list goes to the truth "
                             "folder)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Generate and write; print where the files went."""
    if args.households < 100:
        print("错误：--households 至少为 100 (households must be at least 100)")
        return 2
    started = time.perf_counter()
    d = district.generate(args.households, args.seed, progress=tqdm)
    counts = writer.write(d, args.out, args.truth, args.fmt, args.inject_bad_rows,
                          progress=tqdm)
    seconds = time.perf_counter() - started
    print(f"已生成 {args.households} 户虚构数据（种子 {args.seed}），用时 {seconds:.1f} 秒；"
          f"数据写入 {args.out}，真值写入 {args.truth}。")
    print(f"Generated {args.households} households (seed {args.seed}) in "
          f"{seconds:.1f} s: data in {args.out}, truth in {args.truth}.")
    for name, rows in counts.items():
        print(f"  {name}: {rows} 行 (rows)")
    return 0
