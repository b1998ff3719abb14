"""Loading a data folder into a validated :class:`~yubei_gas_lib.dataset.Dataset`.

The folder holds one file per table, named after the table
(``bills.csv``, ``bills.xlsx`` or ``bills.parquet``). Tables are checked in
the order references allow (enterprises before households before readings),
so a row that refers to a rejected row is quarantined with that reason.
Every row read is either kept or quarantined: the counts reconcile.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from . import geography
from .contract import LOAD_ORDER, TABLES, Table, header_aliases
from .dataset import Dataset, SourceFile
from .errors import DataContractError
from .readers import FORMATS, RawTable, read_raw, sha256_of
from .validate import (
    ValidationContext,
    build_schema,
    combine,
    concat_quarantine,
    parse_table,
    run_schema,
)


def find_table_files(data_dir: Path) -> dict[str, Path]:
    """The file of each contract table present in ``data_dir``."""
    if not data_dir.is_dir():
        raise DataContractError(
            str(data_dir), "数据目录不存在", "data folder does not exist"
        )
    found: dict[str, Path] = {}
    for path in sorted(data_dir.iterdir()):
        stem, fmt = path.stem, FORMATS.get(path.suffix.lower())
        if stem not in TABLES or fmt is None or path.name.startswith("~$"):
            continue
        if stem in found:
            raise DataContractError(
                str(path),
                f"数据表 {stem} 有多个文件（{found[stem].name}、{path.name}），请只保留一个",
                f"table {stem} has more than one file ({found[stem].name}, "
                f"{path.name}); keep one",
            )
        found[stem] = path
    return found


def load_dataset(
    data_dir: str | Path,
    as_of: dt.date | None = None,
    tables: list[str] | None = None,
) -> Dataset:
    """Read, type and validate every table in ``data_dir``.

    Parameters
    ----------
    data_dir
        The folder of raw exports.
    as_of
        The date the data were extracted; dates after it break the contract
        (a reading cannot be in the future). Defaults to today. This is not
        the milestone cut: use :meth:`Dataset.cut` for that.
    tables
        Load only these tables (and what they reference); default all present.

    Returns
    -------
    Dataset
        Kept rows per table, and the quarantine of the rest.

    Raises
    ------
    DataContractError
        When a file cannot be decoded or lacks a required column.
    """
    data_dir = Path(data_dir)
    files = find_table_files(data_dir)
    if tables is not None:
        files = {t: p for t, p in files.items() if t in _with_references(tables)}
    context = ValidationContext(as_of or dt.date.today(), geography.inside_district)

    kept: dict[str, pd.DataFrame] = {}
    raw_keys: dict[str, pd.Index] = {}
    quarantines, sources = [], {}
    raws = {name: read_raw(path) for name, path in files.items()}
    if "towns" not in raws:
        raws["towns"] = _shipped_towns()
    for name in LOAD_ORDER:
        if name not in raws:
            continue
        table = TABLES[name]
        raw = raws[name]
        frame = _canonical_headers(raw, table)
        typed, parse_failures = parse_table(frame, table)
        if name == "complaint_events" and "complaints" in kept:
            context.received_at = kept["complaints"].set_index("ticket_id")[
                "received_at"]
        schema = build_schema(table, list(typed.columns), kept, context)
        failures = combine(parse_failures, run_schema(typed, frame, table, schema))
        failures = _classify_references(failures, table, raw_keys)
        bad_rows = failures["row"].unique()
        kept[name] = typed.drop(index=bad_rows)
        raw_keys[name] = _primary_keys(typed, table)
        quarantines.append(failures)
        sources[name] = SourceFile(
            table=name, path=str(raw.path), format=raw.format,
            encoding=raw.encoding, sha256=raw.sha256, rows_read=len(typed),
            rows_kept=len(kept[name]), rows_quarantined=len(bad_rows),
            blank_lines=raw.blank_lines,
        )
    quarantine = pd.concat(quarantines, ignore_index=True) if quarantines else None
    return Dataset(
        tables=kept,
        quarantine=_sorted(quarantine),
        sources=sources,
    )


def _with_references(tables: list[str]) -> set[str]:
    wanted, todo = set(), list(tables)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        todo.extend(c.references[0] for c in TABLES[name].columns if c.references)
    return wanted


def _shipped_towns() -> RawTable:
    towns = geography.towns().drop(columns="coord_source")
    towns.index = pd.RangeIndex(1, len(towns) + 1)
    path = geography.reference_file("town_seats.csv")
    return RawTable(towns, path, "reference", None, sha256_of(path))


def _canonical_headers(raw: RawTable, table: Table) -> pd.DataFrame:
    aliases = header_aliases(table)
    renamed = {}
    for header in raw.frame.columns:
        key = str(header).strip()
        name = aliases.get(key) or aliases.get(key.lower())
        if name is not None and name not in renamed.values():
            renamed[header] = name
    frame = raw.frame.rename(columns=renamed)
    missing = [c for c in table.required_columns if c not in frame.columns]
    if missing:
        names_zh = "、".join(f"{c}（{table.column(c).alias}）" for c in missing)
        raise DataContractError(
            str(raw.path),
            f"数据表 {table.name}（{table.title_zh}）缺少必需列 {names_zh}",
            f"table {table.name} lacks required column(s) {', '.join(missing)}",
        )
    return frame


def _primary_keys(typed: pd.DataFrame, table: Table) -> pd.Index:
    first = table.columns[0]
    if not first.unique:
        return pd.Index([])
    return pd.Index(typed[first.name].dropna().unique())


def _classify_references(failures: pd.DataFrame, table: Table,
                         raw_keys: dict[str, pd.Index]) -> pd.DataFrame:
    """Tell a reference to a quarantined row from one to no row at all."""
    is_ref = failures["rule"].eq("reference")
    if not is_ref.any():
        return failures
    failures = failures.copy()
    for col in table.columns:
        if col.references is None:
            continue
        target = col.references[0]
        here = is_ref & failures["column"].eq(col.name)
        known = failures.loc[here, "value"].isin(raw_keys.get(target, pd.Index([])))
        failures.loc[known[known].index, "rule"] = "depends_on_quarantined"
    return failures


def _sorted(quarantine: pd.DataFrame | None) -> pd.DataFrame:
    if quarantine is None or quarantine.empty:
        return concat_quarantine([])
    order = {name: i for i, name in enumerate(LOAD_ORDER)}
    return (quarantine.assign(_t=quarantine["table"].map(order))
            .sort_values(["_t", "row", "column"], kind="stable")
            .drop(columns="_t").reset_index(drop=True))
