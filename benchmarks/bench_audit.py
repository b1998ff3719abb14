"""Time and peak memory of the household audit at 10k, 100k and 700k households.

Run: ``python benchmarks/bench_audit.py [--data DIR] [sizes ...]``. ``DIR``
holds a synthetic district in Parquet (``DIR/raw``); it is generated with
``yubei-gas synth --households 700000 --format parquet`` when absent. The
smaller sizes are the first households of that district with their rows.

Each size is audited in its own process, so that its peak memory is its own;
the tables are read from Parquet and typed directly (the loader's validation
is the loader's cost, measured by its own benchmark). The same run times a
straightforward per-household loop over a sample of households and a plain
vectorised tier pass (one row per household-day) over the 10k size's
readings, and prints the per-household ratios against the audit.

Targets on a 2-core machine: the full district in at most 60 s and 6 GiB, at
least 50x faster per household than the loop, time linear in households.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

DATES = {"readings": ["read_on"], "refunds": ["refunded_on"],
         "bills": ["period_start", "period_end", "issued_on", "pushed_on", "paid_on"],
         "households": ["opened_on"]}
TABLES = ("households", "readings", "bills", "refunds")
SIZES = (10_000, 100_000, 700_000)
LOOP_SAMPLE = 300
EPOCH = dt.date(1970, 1, 1)


def read_tables(raw: Path, households: int):
    """The first ``households`` households of the district, typed.

    Rows are filtered while reading, so that a small size's peak memory is
    not the whole district's.
    """
    first = pd.read_parquet(raw / "households.parquet").iloc[:households]
    keep = first["household_id"].tolist()
    tables = {"households": first}
    for name in TABLES[1:]:
        tables[name] = pd.read_parquet(
            raw / f"{name}.parquet", filters=[("household_id", "in", keep)])
    for name, frame in tables.items():
        for col in DATES[name]:
            if col in frame:
                frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
    return tables


class _PeakWatcher:
    """Samples the resident memory every 20 ms while the audit runs.

    The process's high-water mark also holds reading Parquet into pandas,
    which briefly doubles the tables; the audit's own peak is this one.
    """

    def __init__(self) -> None:
        self.peak = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._done.wait(0.02):
            with open("/proc/self/statm") as f:
                rss = int(f.read().split()[1]) * page / 2**30
            self.peak = max(self.peak, rss)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak


def one_size(raw: Path, households: int) -> dict:
    """Audit one size in this process; wall time excludes reading the files."""
    from yubei_gas_lib.audit import audit
    from yubei_gas_lib.dataset import QUARANTINE_COLUMNS, Dataset
    from yubei_gas_lib.tariff import load_tariff

    tables = read_tables(raw, households)
    dataset = Dataset(tables=tables,
                      quarantine=pd.DataFrame(columns=QUARANTINE_COLUMNS))
    tariff = load_tariff()
    watcher = _PeakWatcher()
    started = time.perf_counter()
    result = audit(dataset, tariff)
    seconds = time.perf_counter() - started
    audit_peak = watcher.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    out = {"households": households, "readings": len(tables["readings"]),
           "seconds": seconds, "peak_gib": peak, "audit_peak_gib": audit_peak,
           "refund_due": float(result.households["refund_due_yuan"].sum())}
    if households == min(SIZES):
        out.update(baselines(tables, tariff))
    return out


def baselines(tables, tariff) -> dict:
    """Per-household seconds of a plain loop and of a day-level tier pass."""
    from yubei_gas_lib.audit.allocation import allocate

    alloc = allocate(tables["readings"], tables["households"], tariff)
    p = alloc.periods
    plans = tables["households"]["plan"].to_numpy()
    persons = tables["households"]["persons"].fillna(3).to_numpy(float)

    # a straightforward loop: household by household, day by day
    sample = np.unique(p["hh"])[:LOOP_SAMPLE]
    started = time.perf_counter()
    loop_total = sum(_loop_household(p[p["hh"] == h], plans[h], persons[h], tariff)
                     for h in sample)
    loop = (time.perf_counter() - started) / len(sample)

    # a plain vectorised pass: one row per household-day
    started = time.perf_counter()
    _day_pass(p, plans, persons, tariff)
    day_pass = (time.perf_counter() - started) / len(tables["households"])
    return {"loop_s_per_household": loop, "day_pass_s_per_household": day_pass,
            "loop_sample": len(sample), "loop_total": loop_total}


def _loop_household(periods, plan, persons, tariff) -> float:
    extra = tariff.extra_per_person_m3 * max(0, persons - tariff.persons_included)
    daily: dict[int, float] = {}
    for d0, d1, rate in zip(periods["d0"], periods["d1"], periods["rate"],
                              strict=True):
        for day in range(int(d0), int(d1)):
            daily[day] = daily.get(day, 0.0) + rate
    buckets = {b: bucket for b, bucket in enumerate(tariff.plans[plan].buckets)}
    running: dict[tuple[int, int], float] = {}
    total = 0.0
    for day in sorted(daily):
        date = EPOCH + dt.timedelta(days=day)
        row = next(i for i, r in enumerate(tariff.prices) if r.valid_from <= date
                   and (r.valid_to is None or date <= r.valid_to))
        if tariff.plans[plan].flat:
            total += daily[day] * tariff.prices[row].flat_yuan[plan]
            continue
        year = date.year - (date.month < tariff.tier_year_start.month)
        b = next(i for i, bk in buckets.items() if date.month in bk.months)
        t1, t2 = (x + extra for x in buckets[b].thresholds_m3)
        c0 = running.get((year, b), 0.0)
        c1 = c0 + daily[day]
        running[(year, b)] = c1
        p1, p2, p3 = tariff.tier_prices(row, date.month)
        total += (max(0.0, min(c1, t1) - c0) * p1
                  + max(0.0, min(c1, t2) - max(c0, t1)) * p2
                  + max(0.0, c1 - max(c0, t2)) * p3)
    return total


def _day_pass(p, plans, persons, tariff) -> np.ndarray:
    n = (p["d1"] - p["d0"]).to_numpy()
    hh = np.repeat(p["hh"].to_numpy(), n)
    day = np.repeat(p["d0"].to_numpy(), n) + np.arange(n.sum()) - np.repeat(
        np.cumsum(n) - n, n)
    vol = np.repeat(p["rate"].to_numpy(), n)
    frame = pd.DataFrame({"hh": hh, "day": day, "vol": vol}).groupby(
        ["hh", "day"], as_index=False)["vol"].sum()
    dates = pd.DatetimeIndex(frame["day"].to_numpy().astype("datetime64[D]"))
    month = dates.month.to_numpy()
    frame["year"] = dates.year.to_numpy() - (month < 9)
    table = tariff.bucket_table().set_index(["plan", "month"])
    key = pd.MultiIndex.from_arrays([plans[frame["hh"]], month])
    b = table.reindex(key)
    extra = tariff.extra_per_person_m3 * np.maximum(0, persons - 4)[frame["hh"]]
    frame["bucket"] = b["bucket"].fillna(0).to_numpy()
    c1 = frame.groupby(["hh", "year", "bucket"])["vol"].cumsum().to_numpy()
    c0 = c1 - frame["vol"].to_numpy()
    t1 = b["t1"].fillna(np.inf).to_numpy() + extra
    t2 = b["t2"].fillna(np.inf).to_numpy() + extra
    winter = np.isin(month, [12, 1, 2])
    p1, p2, p3 = (np.where(winter, w, o) for w, o in zip(
        tariff.tier_prices(0, 1), tariff.tier_prices(0, 6), strict=True))
    return (np.clip(np.minimum(c1, t1) - c0, 0, None) * p1
            + np.clip(np.minimum(c1, t2) - np.maximum(c0, t1), 0, None) * p2
            + np.clip(c1 - np.maximum(c0, t2), 0, None) * p3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/yubei_bench"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    raw = args.data / "raw"
    if args.one:
        print(json.dumps(one_size(raw, args.one)))
        return
    if not (raw / "readings.parquet").exists():
        subprocess.run([sys.executable, "-m", "yubei_gas_lib.cli", "synth",
                        "--households", str(max(args.sizes)), "--seed", "2024",
                        "--format", "parquet", "--out", str(raw),
                        "--truth", str(args.data / "truth")], check=True)
    rows = []
    for size in sorted(args.sizes):
        done = subprocess.run([sys.executable, __file__, "--data", str(args.data),
                               "--one", str(size)], check=True, capture_output=True,
                              text=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{r['households']:>8,} households  {r['readings']:>11,} readings  "
              f"{r['seconds']:7.2f} s  peak {r['audit_peak_gib']:5.2f} GiB "
              f"(process {r['peak_gib']:5.2f})  "
              f"{r['readings'] / r['seconds']:>12,.0f} readings/s  "
              f"{r['seconds'] / r['households'] * 1e6:7.1f} µs/household", flush=True)
    base = next((r for r in rows if "loop_s_per_household" in r), None)
    if base:
        per = base["seconds"] / base["households"]
        print(f"per-household loop ({base['loop_sample']} households): "
              f"{base['loop_s_per_household'] * 1e3:.2f} ms/household, "
              f"{base['loop_s_per_household'] / per:,.0f}x slower than the audit")
        print(f"plain day-level vectorised tier pass: "
              f"{base['day_pass_s_per_household'] * 1e6:.1f} µs/household, "
              f"{base['day_pass_s_per_household'] / per:.2f}x the audit's time "
              "(tiers only, no flags or accounts)")
    if len(rows) > 1:
        small, big = rows[0], rows[-1]
        growth = (big["seconds"] / small["seconds"]) / (
            big["households"] / small["households"])
        print(f"time per household at {big['households']:,} vs "
              f"{small['households']:,}: {growth:.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
