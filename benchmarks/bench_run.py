"""How long all four milestones of the demo district take, and where it goes.

    .venv/bin/python benchmarks/bench_run.py [--households 20000] [--jobs 2]

Target (issue): all four milestones with the 30 town pages in at most five
minutes on a 2-core machine. The baseline, run in the same process first, is a
trivial notebook executed the same way: its time is what a kernel start and
shutdown cost, so notebooks x baseline estimates the share of kernel starts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from yubei_gas_lib.run.execute import execute
from yubei_gas_lib.run.kernel import ensure_kernel
from yubei_gas_lib.run.runner import RunPaths, run

ROOT = Path(__file__).resolve().parents[1]


def trivial_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("x + 1")]
    nbformat.write(nb, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_run_"))
    bin_dir = Path(sys.executable).parent

    clock = time.time()
    subprocess.run([str(bin_dir / "yubei-gas"), "synth", "--households",
                    str(args.households), "--seed", "2024", "--out", str(work / "raw"),
                    "--truth", str(work / "truth")], check=True, capture_output=True)
    print(f"demo district of {args.households} households: {time.time() - clock:.1f} s")

    kernel = ensure_kernel()
    nb = trivial_notebook(work / "trivial.ipynb")
    base = [execute(nb, work / f"trivial_out{i}.ipynb", {}, kernel).seconds
            for i in range(3)]
    baseline = min(base)
    print(f"baseline: trivial notebook through papermill {baseline:.2f} s "
          f"(runs {', '.join(f'{b:.2f}' for b in base)})")

    paths = RunPaths(work / "raw", work / "out", ROOT / "params", ROOT / "notebooks")
    clock = time.time()
    code = run(["m1_investigation", "m2_rectification", "m3_evaluation",
                "m4_normal"], paths, None, jobs=args.jobs, progress=False)
    wall = time.time() - clock
    timings = json.loads((work / "out" / "run_timings.json").read_text())
    n = timings["notebooks_run"]
    kernels = n * baseline
    print(f"\nall four milestones, {n} briefings, --jobs {args.jobs}: "
          f"{wall:.1f} s wall (exit {code}); target 300 s, ratio {wall / 300:.2f}")
    for phase, seconds in timings["phases"].items():
        print(f"  {phase:<32}{seconds:8.1f} s")
    print(f"  notebook execution, summed       {timings['execute_seconds']:8.1f} s "
          f"(of which kernel starts ~{kernels:.1f} s = {n} x baseline)")
    print(f"  HTML export, summed              {timings['export_seconds']:8.1f} s")
    print(f"  computation in notebooks, summed {timings['execute_seconds'] - kernels:8.1f} s")
    clock = time.time()
    run(["m1_investigation", "m2_rectification", "m3_evaluation", "m4_normal"],
        paths, None, jobs=args.jobs, progress=False)
    again = time.time() - clock
    print(f"\nrepeated with nothing changed: {again:.1f} s "
          f"({again / wall:.2%} of the first run; results reused)")
    print(f"outputs: {work / 'out'}")


if __name__ == "__main__":
    main()
