"""Time and peak memory of ``yubei-gas synth`` at demo and district size.

Run: ``python benchmarks/bench_synth.py [households ...]`` (default 20000 and
700000). Each size runs in its own process, in Parquet and, for the demo
size, in CSV too; figures are printed as a table.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def bench(households: int, fmt: str) -> tuple[float, float]:
    """Wall seconds and peak resident memory (GiB) of one run."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "yubei_gas_lib.cli", "synth",
                   "--households", str(households), "--seed", "2024",
                   "--format", fmt, "--out", str(Path(tmp) / "raw"),
                   "--truth", str(Path(tmp) / "truth")]
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
    # children's peak RSS is a running maximum; sizes run smallest first
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kib / 2**20


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [20000, 700000]
    runs = [(n, "csv") for n in sizes if n <= 50000] + [(n, "parquet") for n in sizes]
    runs.sort()
    header = f"{'households':>10} {'format':>8} {'seconds':>9}"
    print(f"{header} {'peak GiB (max so far)':>22}")
    for n, fmt in runs:
        seconds, gib = bench(n, fmt)
        print(f"{n:>10} {fmt:>8} {seconds:>9.1f} {gib:>22.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
