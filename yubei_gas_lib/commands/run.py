"""``yubei-gas run``: the milestone briefings."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..milestones import MILESTONE_IDS
from ..run import logger
from ..run.runner import RunPaths, run


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run",
        help="运行阶段简报 (run the milestone briefings)",
        description="执行阶段的全部简报笔记本，导出 HTML 到输出目录，并更新索引页。",
    )
    parser.add_argument("--milestone", required=True,
                        choices=[*MILESTONE_IDS, "all"],
                        help="阶段编号，或 all (milestone id, or all)")
    parser.add_argument("--data", type=Path, default=Path("data/raw"),
                        help="原始数据目录 (default data/raw)")
    parser.add_argument("--out", type=Path, default=Path("outputs"),
                        help="输出目录 (default outputs)")
    parser.add_argument("--params", type=Path, default=Path("params"),
                        help="参数目录 (default params)")
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"),
                        help="笔记本目录 (default notebooks)")
    parser.add_argument("--towns", default="all",
                        help="镇街简报：all、none 或逗号分隔的镇街代码")
    parser.add_argument("--jobs", type=int, default=2,
                        help="并行运行的笔记本数 (parallel notebooks, default 2)")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    _log_to(args.out / "run.log")
    milestones = list(MILESTONE_IDS) if args.milestone == "all" else [args.milestone]
    towns = {"all": None, "none": []}.get(args.towns)
    if towns is None and args.towns != "all":
        towns = [c.strip() for c in args.towns.split(",") if c.strip()]
    paths = RunPaths(args.data, args.out, args.params, args.notebooks)
    code = run(milestones, paths, towns, jobs=args.jobs, progress=not args.quiet)
    index = args.out / "index.html"
    print(("全部简报已生成" if code == 0 else "部分简报失败，详见索引页与运行日志")
          + f"：{index}（日志 {args.out / 'run.log'}）")
    return code


def _log_to(path: Path) -> None:
    logger.setLevel(logging.INFO)
    if not any(isinstance(h, logging.FileHandler) for h in logger.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(console)
