"""The validated tables of one data folder, optionally cut at an as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from .errors import MissingTableError

QUARANTINE_COLUMNS = ["table", "row", "column", "rule", "value"]

# For a milestone cut: the column that dates each row of a table.
AS_OF_COLUMNS = {
    "readings": "read_on",
    "bills": "issued_on",
    "refunds": "refunded_on",
    "complaints": "received_at",
    "complaint_events": "at",
    "service_requests": "submitted_at",
    "opinion_posts": "published_at",
    "disclosures": "published_on",
    "inspections": "opened_on",
    "evaluations": "evaluated_on",
}


@dataclass(frozen=True)
class SourceFile:
    """Where a table came from, for reports and the provenance footer."""

    table: str
    path: str
    format: str
    encoding: str | None
    sha256: str
    rows_read: int
    rows_kept: int
    rows_quarantined: int
    blank_lines: int = 0


@dataclass(frozen=True)
class Dataset:
    """Validated tables keyed by name, with the quarantine of rejected rows.

    Every table holds canonical English column names and parsed types:
    dates and timestamps as ``datetime64``, categories as canonical ids. The
    index of each table is the row's number in its source file (the line in a
    CSV with the header as line 1, the row in an XLSX sheet, 1-based in
    Parquet), so any figure can be traced back to the file.
    """

    tables: dict[str, pd.DataFrame]
    quarantine: pd.DataFrame
    sources: dict[str, SourceFile] = field(default_factory=dict)
    as_of: dt.date | None = None

    def has(self, name: str) -> bool:
        return name in self.tables

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name``; raises :class:`MissingTableError` if absent."""
        try:
            return self.tables[name]
        except KeyError:
            raise MissingTableError(name) from None

    def require(self, *names: str, command: str | None = None) -> None:
        """Raise one :class:`MissingTableError` naming every absent table."""
        missing = [n for n in names if n not in self.tables]
        if missing:
            raise MissingTableError(*missing, command=command)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def cut(self, as_of: dt.date) -> Dataset:
        """The data as known at the end of ``as_of``: later rows left out.

        Rows are not lost: the full dataset is unchanged, and the cut one only
        sees what had happened by then. Bills issued later, readings taken
        later and events stamped later disappear; events of a ticket received
        by ``as_of`` stay if they happened by then.
        """
        end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
        tables = {}
        for name, frame in self.tables.items():
            column = AS_OF_COLUMNS.get(name)
            if column is None or column not in frame:
                tables[name] = frame
                continue
            tables[name] = frame[~(frame[column] >= end)]
        return replace(self, tables=tables, as_of=as_of)
