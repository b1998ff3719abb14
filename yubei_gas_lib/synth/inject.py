"""Known bad rows, appended to clean tables, that the loader must quarantine.

Each bad row breaks exactly one rule and nothing refers to it, so the
loader's quarantine is predictable to the row: the list returned here, with
the CSV line (header = line 1) or the 1-based Parquet row of each, is the
answer key written to the truth folder.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

# (table, column, rule) of each bad row, in the order they are appended
BAD_ROWS = (
    ("households", "lon", "outside_district"),
    ("households", "persons", "range"),
    ("readings", "read_on", "type"),
    ("readings", "register_m3", "range"),
    ("readings", "read_type", "allowed_values"),
    ("readings", "meter_id", "meter_one_household"),
    ("bills", "amount_yuan", "amount_sign"),
    ("bills", "issued_on", "order"),
    ("bills", "bill_id", "unique"),
    ("bills", "status", "allowed_values"),
    ("refunds", "household_id", "reference"),
    ("refunds", "amount_yuan", "range"),
    ("complaints", "channel", "allowed_values"),
    ("complaints", "town_code", "reference"),
    ("complaint_events", "at", "event_after_receipt"),
    ("service_requests", "completed_at", "order"),
    ("service_requests", "score", "range"),
    ("opinion_posts", "text", "missing"),
    ("disclosures", "published_on", "type"),
    ("inspections", "penalty_yuan", "range"),
    ("evaluations", "score", "range"),
)


def _shift_date(text: str, days: int) -> str:
    return (pd.Timestamp(text) + pd.Timedelta(days=days)).strftime("%Y-%m-%d")


def _shift_stamp(text: str, hours: float) -> str:
    return (pd.Timestamp(text) + pd.Timedelta(hours=hours)).strftime(
        "%Y-%m-%d %H:%M:%S")


def _bad_row(name: str, column: str, rule: str, t: dict[str, pa.Table]) -> dict:
    """A copy of a valid row of ``name`` changed to break ``rule`` only."""
    table = t[name]
    row = table.slice(0, 1).to_pylist()[0]
    if name == "households":
        row["household_id"] = "399999999901" if rule == "range" else "399999999902"
        if rule == "outside_district":
            row["lon"], row["lat"] = 105.9, 29.1
        else:
            row["persons"] = 0
    elif name == "readings":
        # readings of the first household; a date between two of its visits
        rows = table.slice(0, 3).to_pylist()
        mid = _shift_date(rows[0]["read_on"], 3)
        row = dict(rows[0], read_on=mid)
        if rule == "type":
            row["read_on"] = "2024-13-45"
        elif rule == "range":
            row.update(read_on=_shift_date(rows[0]["read_on"], 2), register_m3=-5.0)
        elif rule == "allowed_values":
            row.update(read_on=_shift_date(rows[0]["read_on"], 1), read_type="瞎估")
        else:
            other = table.column("household_id")
            last = other[len(other) - 1].as_py()
            row.update(household_id=last, read_on=_shift_date(rows[1]["read_on"], 1))
    elif name == "bills":
        row = next(r for r in table.slice(0, 200).to_pylist() if r["volume_m3"] > 0)
        fresh = "ZD" + str(10**10 + table.num_rows + 100 + len(column))
        if rule == "amount_sign":
            row.update(bill_id=fresh + "1", amount_yuan=-12.5)
        elif rule == "order":
            row.update(bill_id=fresh + "2",
                       issued_on=_shift_date(row["period_end"], -1))
        elif rule == "allowed_values":
            row.update(bill_id=fresh + "3", status="已取消")
    elif name == "refunds":
        row["refund_id"] = f"TF9{len(column)}{len(rule)}"
        if rule == "reference":
            row["household_id"] = "399999999999"
        else:
            row["amount_yuan"] = 0.0
    elif name == "complaints":
        row["ticket_id"] = f"GD9{len(column)}"
        if rule == "allowed_values":
            row["channel"] = "微信群"
        else:
            row["town_code"] = "500112999000"
    elif name == "complaint_events":
        row["at"] = _shift_stamp(row["at"], -24)
    elif name == "service_requests":
        row = next(r for r in table.slice(0, 200).to_pylist() if r["completed_at"])
        row["request_id"] = f"SQ9{len(column)}"
        if rule == "order":
            row["completed_at"] = _shift_stamp(row["submitted_at"], -2)
        else:
            row["score"] = 7
    elif name == "opinion_posts":
        row.update(post_id="YQ9", text=None)
    elif name == "disclosures":
        row["published_on"] = "2024-02-30"
    elif name == "inspections":
        row.update(case_id="JC999999", penalty_yuan=-100.0)
    elif name == "evaluations":
        row["score"] = 120.0
    return row


def inject(tables: dict[str, pa.Table], fmt: str
           ) -> tuple[dict[str, pa.Table], pd.DataFrame]:
    """Append the bad rows; return the tables and the expected quarantine.

    Parameters
    ----------
    tables
        Clean tables in canonical English (from :func:`.tables.build`).
    fmt
        ``csv`` (rows are line numbers, header = 1) or ``parquet`` (1-based).
    """
    first_row = 2 if fmt == "csv" else 1
    out = dict(tables)
    expected = []
    for name, column, rule in BAD_ROWS:
        row = _bad_row(name, column, rule, tables)
        table = out[name]
        expected.append({"table": name, "row": table.num_rows + first_row,
                         "column": column, "rule": rule,
                         "value": None if row.get(column) is None
                         else str(row[column])})
        extra = pa.Table.from_pylist([row], schema=table.schema)
        out[name] = pa.concat_tables([table, extra])
    return out, pd.DataFrame(expected)
