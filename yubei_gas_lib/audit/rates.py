"""月抄、月清、月推 rates and the estimate share, per enterprise, town and month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import TRUSTED_READ_TYPES
from .params import AuditParams

KEYS = ["enterprise_id", "town_code", "month"]
RATE_COLUMNS = KEYS + [
    "households_active", "households_read", "read_rate",
    "bills", "bills_settled", "settle_rate",
    "bills_pushed", "push_rate",
    "readings", "readings_estimated", "estimate_share",
]


def _month(values: pd.Series) -> pd.Series:
    """The first day of each value's month, as a Series like ``values``."""
    return values.dt.to_period("M").dt.to_timestamp()


def monthly_rates(households: pd.DataFrame, readings: pd.DataFrame,
                  bills: pd.DataFrame, params: AuditParams) -> pd.DataFrame:
    """The campaign's monthly practice rates.

    Notes
    -----
    - 月抄: of the households active in a month (status ``active`` or not
      given, opened by the month's end), the share with a trusted reading.
    - 月清: of the non-void bills issued in a month, the share issued within
      ``settle_days`` of their period end and covering 26 to 35 days.
    - 月推: of the same bills, the share pushed within ``late_push_days``.
    - Estimate share: of the readings taken in a month, the share estimated.
    """
    where = households.set_index("household_id")[["enterprise_id", "town_code"]]

    # reading side: counts per household-month first, then per group
    r = readings[["household_id", "read_on", "read_type"]].copy()
    r["month"] = _month(r["read_on"])
    r["trusted"] = r["read_type"].isin(TRUSTED_READ_TYPES)
    r["estimated"] = r["read_type"] == "estimated"
    r = r.join(where, on="household_id")
    per_hh = r.groupby(["household_id", "month"], sort=False).agg(
        trusted=("trusted", "any")).reset_index()
    read = per_hh[per_hh["trusted"]].join(_activity(households), on="household_id")
    month_end = read["month"] + pd.offsets.MonthEnd(0)
    read = read[read["live"] & ~(read["opened_on"] > month_end)]
    read = read.groupby(KEYS).size().rename("households_read")
    est = r.groupby(KEYS).agg(readings=("estimated", "size"),
                             readings_estimated=("estimated", "sum"))

    # bill side, by month of issue
    b = bills[bills["status"] != "void"]
    b = b.join(where, on="household_id")
    b["month"] = _month(b["issued_on"])
    length = (b["period_end"] - b["period_start"]).dt.days
    lo, hi = params.cycle_days_monthly
    b["settled"] = ((b["issued_on"] - b["period_end"]).dt.days <= params.settle_days
                    ) & length.between(lo, hi)
    pushed = b["pushed_on"] if "pushed_on" in b else pd.Series(pd.NaT, index=b.index)
    b["pushed"] = ((pushed - b["issued_on"]).dt.days <= params.late_push_days)
    bs = b.groupby(KEYS).agg(bills=("settled", "size"),
                             bills_settled=("settled", "sum"),
                             bills_pushed=("pushed", "sum"))

    months = pd.Index(pd.concat([r["month"], b["month"]]).dropna().unique())
    active = _active(households, months)
    out = active.join([read, bs, est], how="outer").fillna(0)
    for c in out.columns:
        out[c] = out[c].astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["read_rate"] = out["households_read"] / out["households_active"]
        out["settle_rate"] = out["bills_settled"] / out["bills"]
        out["push_rate"] = out["bills_pushed"] / out["bills"]
        out["estimate_share"] = out["readings_estimated"] / out["readings"]
    out = out.replace([np.inf, -np.inf], np.nan).reset_index()
    return out.sort_values(KEYS)[RATE_COLUMNS].reset_index(drop=True)


def _activity(households: pd.DataFrame) -> pd.DataFrame:
    """Per household id: group keys, ``live`` (status active) and opening day."""
    h = households
    status = h["status"] if "status" in h else pd.Series("active", index=h.index)
    opened = h["opened_on"] if "opened_on" in h else pd.Series(pd.NaT, index=h.index)
    return pd.DataFrame({
        "enterprise_id": h["enterprise_id"].to_numpy(),
        "town_code": h["town_code"].to_numpy(),
        "live": (status.fillna("active") == "active").to_numpy(),
        "opened_on": pd.to_datetime(opened).to_numpy(),
    }, index=pd.Index(h["household_id"], name="household_id"))


def _active(households: pd.DataFrame, months: pd.Index) -> pd.DataFrame:
    """Active households per enterprise, town and month (opened by its end)."""
    act = _activity(households)
    live = act[act["live"]]
    if len(months) == 0 or len(live) == 0:
        return pd.DataFrame(columns=KEYS + ["households_active"]).set_index(KEYS)
    months = pd.DatetimeIndex(sorted(months))
    # count openings per month, then add them up month after month
    opened = _month(live["opened_on"]).fillna(months[0]).clip(lower=months[0])

    counts = live.assign(month=opened.to_numpy()).groupby(
        ["enterprise_id", "town_code", "month"]).size().unstack("month")
    counts = counts.reindex(columns=counts.columns.union(months), fill_value=0)
    running = counts.fillna(0).cumsum(axis=1)[months]
    out = running.stack().rename("households_active").to_frame()
    out.index.names = KEYS
    return out
