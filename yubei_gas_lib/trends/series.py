"""Monthly billing series: volume and charge, year over year, unit prices, rates.

A bill covers a reading period, often two months before the monthly reform;
its volume and charge are spread over the calendar months of the period in
proportion to its days, so that a month's figure is the gas used in it as
the bills tell it, not the bills that happened to be issued in it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..tariff import Tariff

GROUPS = {"enterprise": "enterprise_id", "town": "town_code"}


def spread_by_month(bills: pd.DataFrame) -> pd.DataFrame:
    """One row per bill and calendar month of its period, with its share.

    The period is the days from ``period_start`` up to the day before
    ``period_end``; ``share`` is the month's days over the period's days.

    Examples
    --------
    >>> b = pd.DataFrame({"bill_id": ["B"],
    ...                   "period_start": [pd.Timestamp("2024-01-22")],
    ...                   "period_end": [pd.Timestamp("2024-02-11")]})
    >>> spread_by_month(b)["share"].tolist()
    [0.5, 0.5]
    """
    start = bills["period_start"].to_numpy(dtype="datetime64[D]")
    end = bills["period_end"].to_numpy(dtype="datetime64[D]")
    first = start.astype("datetime64[M]")
    last = (end - np.timedelta64(1, "D")).astype("datetime64[M]")
    n = np.maximum((last - first).astype(np.int64) + 1, 1)
    rows = np.repeat(np.arange(len(bills)), n)
    k = np.arange(len(rows)) - np.repeat(np.cumsum(n) - n, n)
    month = first[rows] + k.astype("timedelta64[M]")
    month_start = month.astype("datetime64[D]")
    month_end = (month + np.timedelta64(1, "M")).astype("datetime64[D]")
    seg_start = np.maximum(month_start, start[rows])
    seg_end = np.minimum(month_end, end[rows])
    days = np.maximum((end - start).astype(np.int64), 1)[rows]
    out = bills.iloc[rows].reset_index(drop=True)
    out["month"] = month_start.astype("datetime64[ns]")
    out["share"] = np.maximum((seg_end - seg_start).astype(np.int64), 0) / days
    return out


def monthly_billing(dataset: Dataset, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """Volume, charge and households billed per calendar month (and group).

    Parameters
    ----------
    dataset
        Needs ``bills`` and ``households``; void bills are left out.
    by
        ``"enterprise"``, ``"town"``, both, or nothing for the district.

    Returns
    -------
    DataFrame
        ``month``, the group columns, ``volume_m3``, ``charge_yuan``,
        ``households`` (billed in the month), ``volume_per_household`` and
        their year-over-year changes (``*_yoy``, a fraction; missing
        without the same month a year earlier). The first and the last
        month of the data are left out, being only partly billed.
    """
    keys = [GROUPS[b] for b in ([by] if isinstance(by, str) else list(by))]
    dataset.require("bills", "households", command="trends")
    bills = dataset.table("bills")
    bills = bills[bills["status"].ne("void")]
    where = dataset.table("households").set_index("household_id")[list(GROUPS.values())]
    parts = spread_by_month(bills[["household_id", "period_start", "period_end",
                                   "volume_m3", "amount_yuan"]]).join(
        where, on="household_id")
    parts["volume_m3"] *= parts["share"]
    parts["charge_yuan"] = parts["amount_yuan"] * parts["share"]
    out = parts.groupby([*keys, "month"]).agg(
        volume_m3=("volume_m3", "sum"), charge_yuan=("charge_yuan", "sum"),
        households=("household_id", "nunique")).reset_index()
    out["volume_per_household"] = out["volume_m3"] / out["households"]
    # the first month is only partly covered by the data, and the last is
    # only partly billed yet: neither is a month's use
    edges = out["month"].isin([out["month"].min(), out["month"].max()])
    out = out[~edges].reset_index(drop=True)
    return year_over_year(out, ["volume_m3", "charge_yuan", "volume_per_household"],
                          keys)


def year_over_year(frame: pd.DataFrame, values: list[str],
                   keys: Sequence[str] = ()) -> pd.DataFrame:
    """Add ``<value>_yoy``: the change against the same month a year earlier."""
    out = frame.copy()
    before = frame[[*keys, "month", *values]].copy()
    before["month"] = before["month"] + pd.DateOffset(years=1)
    out = out.merge(before, on=[*keys, "month"], how="left", suffixes=("", "_ly"))
    for v in values:
        out[f"{v}_yoy"] = out[v] / out[f"{v}_ly"].replace(0, np.nan) - 1
    return out.drop(columns=[f"{v}_ly" for v in values])


def unit_prices(dataset: Dataset, tariff: Tariff) -> pd.DataFrame:
    """The effective unit price of bills, per month of issue, against the tariff.

    Returns
    -------
    DataFrame
        Per ``month``: ``bills``, the 10th, 50th and 90th percentile of
        ``amount / volume`` (``p10``, ``median``, ``p90``), the
        volume-weighted mean (``mean``), the tariff's lowest and highest
        price in force across plans (``floor``, ``ceiling``) and the
        share of bills priced outside their own plan's envelope
        (``outside_share``). Bills with no volume are left out.
    """
    bills = dataset.table("bills")
    bills = bills[bills["status"].ne("void") & (bills["volume_m3"] > 0)]
    plans = dataset.table("households").set_index("household_id")["plan"]
    frame = pd.DataFrame({
        "month": bills["issued_on"].dt.to_period("M").dt.to_timestamp(),
        "unit": (bills["amount_yuan"] / bills["volume_m3"]).to_numpy(),
        "amount": bills["amount_yuan"].to_numpy(),
        "volume": bills["volume_m3"].to_numpy(),
        "plan": bills["household_id"].map(plans).to_numpy(),
        "row": tariff.row_index(bills["period_end"] - pd.Timedelta(days=1)),
    })
    envelope = {(p, r): tariff.price_envelope(p, [r]) for p in tariff.plans
                for r in range(len(tariff.prices))}
    low = [envelope.get((p, r), (np.nan, np.nan))[0] for p, r in
           zip(frame["plan"], frame["row"], strict=True)]
    high = [envelope.get((p, r), (np.nan, np.nan))[1] for p, r in
            zip(frame["plan"], frame["row"], strict=True)]
    # a cent of rounding either way is not a price outside the tariff
    frame["outside"] = (frame["unit"] < np.array(low) - 0.01) | (
        frame["unit"] > np.array(high) + 0.01)
    grouped = frame.groupby("month")
    out = pd.DataFrame({
        "bills": grouped.size(),
        "p10": grouped["unit"].quantile(0.1),
        "median": grouped["unit"].median(),
        "p90": grouped["unit"].quantile(0.9),
        "mean": grouped["amount"].sum() / grouped["volume"].sum(),
        "outside_share": grouped["outside"].mean(),
    }).reset_index()
    rows = tariff.row_index(out["month"] + pd.Timedelta(days=14))
    in_force = [[envelope[(p, r)] for p in tariff.plans] if r >= 0 else []
                for r in rows]
    out["floor"] = [min(e[0] for e in v) if v else np.nan for v in in_force]
    out["ceiling"] = [max(e[1] for e in v) if v else np.nan for v in in_force]
    return out


def practice_rates(monthly_rates: pd.DataFrame) -> pd.DataFrame:
    """District 月抄, 月清, 月推 rates and estimate share per month.

    Parameters
    ----------
    monthly_rates
        :attr:`AuditResult.monthly_rates` (per enterprise, town and month).
    """
    sums = monthly_rates.groupby("month")[[
        "households_active", "households_read", "bills", "bills_settled",
        "bills_pushed", "readings", "readings_estimated"]].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame({
            "read_rate": sums["households_read"] / sums["households_active"],
            "settle_rate": sums["bills_settled"] / sums["bills"],
            "push_rate": sums["bills_pushed"] / sums["bills"],
            "estimate_share": sums["readings_estimated"] / sums["readings"],
        })
    return out.replace([np.inf, -np.inf], np.nan).reset_index()
