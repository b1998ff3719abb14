"""Small builders of hand-made datasets, for tests and worked examples.

Each builder takes short tuples so that a test reads like the case it works
by hand; dates are ISO strings.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..dataset import QUARANTINE_COLUMNS, Dataset


def households(*rows: tuple, **defaults) -> pd.DataFrame:
    """``(household_id, plan[, persons[, status]])`` rows."""
    records = []
    for row in rows:
        hid, plan, persons, status = (tuple(row) + (None, None))[:4]
        records.append({
            "household_id": hid, "enterprise_id": defaults.get("enterprise", "E1"),
            "town_code": defaults.get("town", "500112002000"), "plan": plan,
            "persons": persons, "status": status or "active",
        })
    frame = pd.DataFrame(records)
    frame["persons"] = pd.array(frame["persons"], dtype="Int64")
    return frame


def readings(*rows: tuple) -> pd.DataFrame:
    """``(household_id, meter_id, read_on, register_m3, read_type)`` rows."""
    frame = pd.DataFrame(rows, columns=["household_id", "meter_id", "read_on",
                                        "register_m3", "read_type"])
    frame["read_on"] = pd.to_datetime(frame["read_on"])
    frame["register_m3"] = frame["register_m3"].astype(float)
    return frame


def bills(*rows: tuple) -> pd.DataFrame:
    """``(bill_id, household_id, start, end, volume, amount[, status[,
    issued_on[, pushed_on]]])`` rows; issued and pushed on the end day by
    default."""
    records = []
    for row in rows:
        bid, hid, start, end, vol, amount, status, issued, pushed = (
            tuple(row) + (None,) * 3)[:9]
        issued = issued or end
        records.append({
            "bill_id": bid, "household_id": hid, "period_start": start,
            "period_end": end, "volume_m3": float(vol), "amount_yuan": float(amount),
            "issued_on": issued, "pushed_on": issued if pushed is None else pushed,
            "status": status or "paid",
        })
    frame = pd.DataFrame(records, columns=[
        "bill_id", "household_id", "period_start", "period_end", "volume_m3",
        "amount_yuan", "issued_on", "pushed_on", "status"])
    for col in ("period_start", "period_end", "issued_on", "pushed_on"):
        frame[col] = pd.to_datetime(frame[col].replace("", None))
    return frame


def refunds(*rows: tuple) -> pd.DataFrame:
    """``(refund_id, household_id, amount_yuan, refunded_on)`` rows."""
    frame = pd.DataFrame(rows, columns=["refund_id", "household_id",
                                        "amount_yuan", "refunded_on"])
    frame["refunded_on"] = pd.to_datetime(frame["refunded_on"])
    frame["amount_yuan"] = frame["amount_yuan"].astype(float)
    return frame


def dataset(households: pd.DataFrame, readings: pd.DataFrame,
            bills: pd.DataFrame | None = None,
            refunds: pd.DataFrame | None = None,
            extra: Iterable[tuple[str, pd.DataFrame]] = ()) -> Dataset:
    """A :class:`Dataset` of the given tables (empty bills if none)."""
    tables = {"households": households, "readings": readings,
              "bills": bills if bills is not None else globals()["bills"]()}
    if refunds is not None:
        tables["refunds"] = refunds
    tables.update(dict(extra))
    return Dataset(tables=tables, quarantine=pd.DataFrame(columns=QUARANTINE_COLUMNS))
