"""Writing the district: exports as the companies send them, truth apart.

CSV exports differ by table on purpose, as real ones do. Reading records,
bills and the complaint tickets and their events come from the companies'
billing and hotline systems as GB18030 with Chinese headers and Chinese
category words; households, refunds and service requests are Excel-saved
UTF-8 with a byte-order mark and Chinese headers; the rest is plain UTF-8
with English headers. Parquet holds canonical English headers and values.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..contract import TABLES, label_zh
from .district import District
from .inject import inject
from .tables import build, truth_tables

# table -> (encoding, Chinese headers, Chinese category values)
CSV_STYLE = {
    "readings": ("gb18030", True, True),
    "bills": ("gb18030", True, True),
    "complaints": ("gb18030", True, True),
    "complaint_events": ("gb18030", True, True),
    "households": ("utf-8-sig", True, False),
    "refunds": ("utf-8-sig", True, False),
    "service_requests": ("utf-8-sig", True, False),
}
_PLAIN = ("utf-8", False, False)


def write(d: District, out: str | Path, truth: str | Path, fmt: str = "csv",
          inject_bad_rows: bool = False, progress=None) -> dict[str, int]:
    """Write every contract table to ``out`` and the truth to ``truth``.

    Returns the number of rows written per table.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', got {fmt!r}")
    out, truth = Path(out), Path(truth)
    out.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    tables = build(d)
    if inject_bad_rows:
        tables, expected = inject(tables, fmt)
        _write_one(pa.Table.from_pandas(expected, preserve_index=False),
                   truth / f"bad_rows.{fmt}", fmt, _PLAIN)
    else:
        (truth / f"bad_rows.{fmt}").unlink(missing_ok=True)
    items = list(tables.items())
    for name, table in items if progress is None else progress(items, desc="写出 write"):
        style = CSV_STYLE.get(name, _PLAIN)
        for stale in ("csv", "parquet", "xlsx"):
            (out / f"{name}.{stale}").unlink(missing_ok=True)
        _write_one(table, out / f"{name}.{fmt}", fmt, style, name)
    for name, table in truth_tables(d).items():
        _write_one(table, truth / f"{name}.{fmt}", fmt, _PLAIN)
    counts = {name: t.num_rows for name, t in tables.items()}
    manifest = {
        "seed": d.seed, "households": len(d.pop), "format": fmt,
        "inject_bad_rows": inject_bad_rows, "rows": counts,
        "csv_style": {n: CSV_STYLE.get(n, _PLAIN) for n in tables},
        "rates": dataclasses.asdict(d.rates),
    }
    (truth / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True),
        encoding="utf-8")
    return counts


def _write_one(table: pa.Table, path: Path, fmt: str, style: tuple,
               name: str | None = None) -> None:
    if fmt == "parquet":
        pq.write_table(table, path, compression="zstd")
        return
    encoding, zh_headers, zh_values = style
    if name is not None and zh_values:
        table = _values_zh(table, name)
    if name is not None and zh_headers:
        contract = TABLES[name]
        table = table.rename_columns(
            [contract.column(c).alias for c in table.column_names])
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(quoting_style="needed"))
    data = buffer.getvalue()
    if encoding == "gb18030":
        data = data.decode("utf-8").encode("gb18030")
    elif encoding == "utf-8-sig":
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


def _values_zh(table: pa.Table, name: str) -> pa.Table:
    """Category values as their first Chinese alias; unknown ones as sent."""
    contract = TABLES[name]
    for i, column in enumerate(table.column_names):
        values = contract.column(column).values
        if not values:
            continue
        keys = list(values)
        zh = pa.array([label_zh(values, k) for k in keys])
        col = table.column(i)
        index = pc.index_in(col, value_set=pa.array(keys))
        mapped = pc.if_else(pc.is_null(index), col, pc.take(zh, index))
        table = table.set_column(i, column, mapped)
    return table
