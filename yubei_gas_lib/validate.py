"""Typing and validating one raw table against the contract.

Two passes, both collecting every failure before anything is reported:
parsing text into the column types (a cell that does not parse fails rule
``type``), then one pandera schema per table holding every other rule of the
contract (missing values, categories, ranges, formats, uniqueness, references,
dates in order). Failures become quarantine rows ``table, row, column, rule,
value``; a row with any failure is quarantined whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .contract import Column, Table, value_aliases
from .dataset import QUARANTINE_COLUMNS

# Excel counts days from 1899-12-30 (it treats 1900 as a leap year).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL = re.compile(r"^\d{4,5}(\.\d+)?$")


# --- parsing -------------------------------------------------------------

def parse_table(frame: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse each contract column of ``frame`` into its type.

    Returns the typed frame and the type failures (quarantine rows).
    """
    typed = frame.copy()
    failures = []
    for col in table.columns:
        if col.name not in frame:
            continue
        values, failed = _parse_column(frame[col.name], col)
        typed[col.name] = values
        if failed.any():
            failures.append(_failures(table.name, col.name, "type",
                                      frame.loc[failed, col.name]))
    return typed, concat_quarantine(failures)


def _parse_column(raw: pd.Series, col: Column) -> tuple[pd.Series, pd.Series]:
    if col.kind in ("date", "timestamp"):
        parsed = _parse_time(raw, date_only=col.kind == "date")
    elif col.kind in ("int", "float"):
        parsed = _parse_number(raw, integer=col.kind == "int")
    else:
        parsed = _parse_text(raw, col)
    present = ~_is_empty(raw)
    return parsed, present & parsed.isna()


def _is_empty(raw: pd.Series) -> pd.Series:
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        return raw.isna() | raw.astype(str).str.strip().eq("")
    return raw.isna()


def _parse_text(raw: pd.Series, col: Column) -> pd.Series:
    text = raw.astype("string").str.strip()
    text = text.mask(text.eq(""))
    if col.values is not None:
        # unknown spellings stay as sent, so the category check can report them
        aliases = value_aliases(col)
        mapped = text.map(aliases, na_action="ignore")
        lowered = text.str.lower().map(aliases, na_action="ignore")
        text = mapped.fillna(lowered).fillna(text).astype("string")
    return text


def _parse_number(raw: pd.Series, integer: bool) -> pd.Series:
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        numbers = raw.astype(float)
    else:
        text = raw.astype("string").str.strip().str.replace(",", "", regex=False)
        numbers = pd.to_numeric(text.mask(text.eq("")), errors="coerce").astype(float)
    if not integer:
        return numbers
    whole = numbers.where(np.isclose(numbers, np.round(numbers)))
    return whole.round().astype("Int64")


def _parse_time(raw: pd.Series, date_only: bool) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = raw.dt.tz_localize(None) if raw.dt.tz is not None else raw
    else:
        text = raw.astype("string").str.strip()
        text = text.mask(text.eq(""))
        # the canonical form parses in C; only the rest takes the slow road
        canonical = "%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M:%S"
        parsed = pd.to_datetime(text, format=canonical, errors="coerce")
        rest = parsed.isna() & text.notna()
        if rest.any():
            parsed = parsed.astype("datetime64[ns]")
            parsed[rest] = _parse_loose(text[rest])
    parsed = parsed.astype("datetime64[ns]")
    return parsed.dt.normalize() if date_only else parsed


def _parse_loose(text: pd.Series) -> pd.Series:
    """Slashes, unpadded months and days, a ``T``, a missing time, Excel serials."""
    iso = (text.str.replace("/", "-", regex=False)
           .str.replace(r"^(\d{4})-(\d)(?=-)", r"\1-0\2", regex=True)
           .str.replace(r"^(\d{4}-\d{2})-(\d)(?!\d)", r"\1-0\2", regex=True)
           .str.replace("T", " ", regex=False))
    parsed = pd.to_datetime(iso, format="ISO8601", errors="coerce")
    serial = text.where(text.str.fullmatch(_SERIAL.pattern, na=False))
    days = pd.to_numeric(serial, errors="coerce")
    return parsed.fillna(_EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).astype(
        "datetime64[ns]")


# --- rules ---------------------------------------------------------------

# pandera names its built-in checks after the function; map them to rule ids
_CHECK_RULES = (
    ("not_nullable", "missing"),
    ("field_uniqueness", "unique"),
    ("multiple_fields_uniqueness", "unique"),
    ("isin", "allowed_values"),
    ("greater_than", "range"),
    ("less_than", "range"),
    ("in_range", "range"),
    ("str_matches", "pattern"),
)


def build_schema(
    table: Table,
    present: list[str],
    kept: Mapping[str, pd.DataFrame],
    context: ValidationContext,
) -> pa.DataFrameSchema:
    """The pandera schema of ``table`` for the columns present in the file."""
    columns = {}
    for col in table.columns:
        if col.name not in present:
            continue
        columns[col.name] = pa.Column(
            None,
            checks=_column_checks(col, kept),
            nullable=col.allows_empty,
            unique=col.unique,
            report_duplicates="exclude_first",
            required=False,
        )
    unique = [c for c in table.unique_together if c in present] or None
    return pa.DataFrameSchema(
        columns,
        checks=_row_checks(table, present, context),
        unique=unique if unique and len(unique) == len(table.unique_together) else None,
        report_duplicates="exclude_first",
    )


def _column_checks(col: Column, kept: Mapping[str, pd.DataFrame]) -> list[pa.Check]:
    checks = []
    if col.values is not None:
        checks.append(pa.Check.isin(list(col.values)))
    if col.ge is not None:
        checks.append(pa.Check.ge(col.ge))
    if col.gt is not None:
        checks.append(pa.Check.gt(col.gt))
    if col.le is not None:
        checks.append(pa.Check.le(col.le))
    if col.pattern is not None:
        checks.append(pa.Check.str_matches(f"^{col.pattern}$"))
    if col.references is not None and col.references[0] in kept:
        target, key = col.references
        keys = pd.Index(kept[target][key].dropna().unique())
        checks.append(pa.Check(lambda s, keys=keys: s.isin(keys), name="reference"))
    return checks


class ValidationContext:
    """What the cross-row and cross-table rules need besides the table."""

    def __init__(
        self,
        as_of: dt.date,
        inside_district: Callable[[pd.Series, pd.Series], pd.Series],
        received_at: pd.Series | None = None,
    ) -> None:
        self.as_of_end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
        self.inside_district = inside_district
        self.received_at = received_at


def _row_checks(table: Table, present: list[str],
                context: ValidationContext) -> list[pa.Check]:
    checks = []
    for later, earlier, strict in table.ordered:
        if later in present and earlier in present:
            checks.append(pa.Check(
                lambda d, a=later, b=earlier, s=strict: _ordered(d[a], d[b], s),
                name=f"order:{later}"))
    for column in table.date_not_after_as_of:
        if column in present:
            checks.append(pa.Check(
                lambda d, c=column: ~(d[c] >= context.as_of_end),
                name=f"after_as_of:{column}"))
    rules = set(table.extra_rules)
    if "amount_sign" in rules:
        checks.append(pa.Check(_amount_sign, name="amount_sign:amount_yuan"))
    if "inside_district" in rules and {"lon", "lat"} <= set(present):
        checks.append(pa.Check(
            lambda d: _inside(d, context.inside_district), name="outside_district:lon"))
    if "meter_one_household" in rules:
        checks.append(pa.Check(_meter_one_household,
                               name="meter_one_household:meter_id"))
    if "event_after_receipt" in rules and context.received_at is not None:
        checks.append(pa.Check(
            lambda d: _after_receipt(d, context.received_at),
            name="event_after_receipt:at"))
    return checks


def _ordered(later: pd.Series, earlier: pd.Series, strict: bool) -> pd.Series:
    ok = later > earlier if strict else later >= earlier
    return ok | later.isna() | earlier.isna()


def _amount_sign(d: pd.DataFrame) -> pd.Series:
    amount, volume = d["amount_yuan"], d["volume_m3"]
    bad = ((amount < 0) & ~(volume < 0)) | ((volume < 0) & (amount > 0))
    return ~bad.fillna(False)


def _inside(d: pd.DataFrame, inside: Callable) -> pd.Series:
    given = d["lon"].notna() & d["lat"].notna()
    ok = pd.Series(True, index=d.index)
    if given.any():
        ok[given] = inside(d.loc[given, "lon"], d.loc[given, "lat"])
    return ok


def _meter_one_household(d: pd.DataFrame) -> pd.Series:
    # the household that read a meter first owns it; later others are suspect
    ordered = d.sort_values(["read_on"], kind="stable")
    owner = ordered.groupby("meter_id", sort=False)["household_id"].first()
    return d["household_id"].eq(d["meter_id"].map(owner)) | d["meter_id"].isna()


def _after_receipt(d: pd.DataFrame, received_at: pd.Series) -> pd.Series:
    received = d["ticket_id"].map(received_at)
    return ~(d["at"] < received).fillna(False)


# --- quarantine ----------------------------------------------------------

def run_schema(typed: pd.DataFrame, raw: pd.DataFrame, table: Table,
               schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate ``typed`` lazily; every failure as a quarantine row.

    The value reported is the cell as it stood in the file (``raw``), so the
    sender recognises it.
    """
    try:
        schema.validate(typed, lazy=True)
    except SchemaErrors as errors:
        return _schema_failures(raw, table, errors.failure_cases)
    return concat_quarantine([])


def _schema_failures(frame: pd.DataFrame, table: Table,
                     cases: pd.DataFrame) -> pd.DataFrame:
    cases = cases[cases["index"].notna()].copy()
    rule_column = cases["check"].astype(str).str.split(":", n=1, expand=True)
    is_row_rule = cases["schema_context"].eq("DataFrameSchema") & rule_column[0].ne(
        "multiple_fields_uniqueness")
    cases["rule"] = rule_column[0].map(_rule_id)
    if 1 in rule_column:
        cases.loc[is_row_rule, "column"] = rule_column.loc[is_row_rule, 1]
    # a duplicate key is one finding, named by all the key's columns
    together = rule_column[0].eq("multiple_fields_uniqueness")
    cases.loc[together, "column"] = "+".join(table.unique_together)
    cases = cases.drop_duplicates(["index", "rule", "column"])
    rows = cases["index"].astype(int)
    values = [_cell(frame, r, c) for r, c in zip(rows, cases["column"], strict=True)]
    return pd.DataFrame({
        "table": table.name, "row": rows.to_numpy(),
        "column": cases["column"].to_numpy(), "rule": cases["rule"].to_numpy(),
        "value": values,
    })


def _cell(frame: pd.DataFrame, row: int, column: str) -> object:
    names = column.split("+")
    if not all(n in frame for n in names):
        return None
    return "+".join(str(frame.at[row, n]) for n in names)


def _rule_id(check: str) -> str:
    for prefix, rule in _CHECK_RULES:
        if check.startswith(prefix):
            return rule
    return check


def _failures(table: str, column: str, rule: str, values: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({
        "table": table, "row": values.index.to_numpy(), "column": column,
        "rule": rule, "value": values.to_numpy(dtype=object),
    })


def concat_quarantine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUARANTINE_COLUMNS})
    return pd.concat(parts, ignore_index=True)[QUARANTINE_COLUMNS]


def combine(parse_failures: pd.DataFrame, rule_failures: pd.DataFrame) -> pd.DataFrame:
    """One quarantine for a table; a cell that failed to parse is not re-reported."""
    if len(parse_failures) and len(rule_failures):
        typed = set(zip(parse_failures.row, parse_failures.column, strict=True))
        again = [(r, c) in typed for r, c in
                 zip(rule_failures.row, rule_failures.column, strict=True)]
        rule_failures = rule_failures[~np.array(again, dtype=bool)]
    return concat_quarantine([parse_failures, rule_failures])
