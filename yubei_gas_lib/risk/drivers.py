"""The six drivers of the opinion-risk warning, per town-week and district-week.

Each driver is a raw measure in its own unit (see :data:`RAW_UNITS_ZH`);
:mod:`.score` maps it to 0-100. Everything is computed on a grid of weeks
(Monday to Sunday) by areas (every town, and ``district``), so that a week
with nothing in it is a zero, not a gap.

The drivers only use what was known at the end of each week, except where
the data cannot say when something became known: audit flags and refunds
due come from the audit at the as-of date (see the notes of
:func:`driver_values`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import poisson

from ..complaints.measures import escalation_flags, repeat_flags
from ..contract import METERING_BILLING_CATEGORIES
from ..dataset import Dataset
from .params import DRIVERS, Windows
from .text import PostClassifier

DISTRICT = "district"

RAW_UNITS_ZH = {
    "complaint_surge": "意外程度（-log10 泊松尾概率）",
    "escalation": "占比（收缩估计）",
    "online_heat": "加权负面帖/万户",
    "bill_shock": "户/万户",
    "overdue_backlog": "件/万户",
    "refund_outstanding": "户/万户",
}


def week_start(values: pd.Series) -> pd.Series:
    """The Monday (00:00) of each timestamp's week."""
    return pd.to_datetime(values).dt.to_period("W-SUN").dt.start_time


def week_grid(dataset: Dataset) -> pd.DatetimeIndex:
    """Mondays from the first dated complaint, bill or post to the as-of week."""
    firsts, lasts = [], []
    for table, column in (("complaints", "received_at"), ("bills", "issued_on"),
                          ("opinion_posts", "published_at")):
        if dataset.has(table) and len(dataset.table(table)):
            firsts.append(dataset.table(table)[column].min())
            lasts.append(dataset.table(table)[column].max())
    if not firsts:
        raise ValueError("dataset has no complaints, bills or posts to date weeks by")
    last = pd.Timestamp(dataset.as_of) if dataset.as_of else max(lasts)
    monday = week_start(pd.Series([min(firsts), last]))
    return pd.date_range(monday.iloc[0], monday.iloc[1], freq="7D")


def area_households(dataset: Dataset, areas: list[str], floor: int) -> pd.Series:
    """Households per area (closed accounts out), at least ``floor``."""
    homes = dataset.table("households")
    if "status" in homes:
        homes = homes[homes["status"].ne("closed").fillna(True)]
    counts = homes["town_code"].value_counts().reindex(areas, fill_value=0)
    counts[DISTRICT] = len(homes)
    return counts.clip(lower=floor).astype(float)


def driver_values(
    dataset: Dataset,
    windows: Windows,
    classifier: PostClassifier,
    timeline: pd.DataFrame | None = None,
    bill_flags: pd.DataFrame | None = None,
    refunds_due: pd.Series | None = None,
) -> pd.DataFrame:
    """Every driver's raw value for each week and area.

    Parameters
    ----------
    dataset
        Cut at its as-of date; needs ``households`` and ``complaints``;
        ``bills``, ``opinion_posts`` and ``refunds`` are used when present.
    windows
        The ``windows`` section of the risk parameters.
    classifier
        Labels the posts negative or not.
    timeline
        :func:`~yubei_gas_lib.complaints.ticket_timeline` of the same data,
        for the overdue backlog; without it that driver is missing.
    bill_flags
        The audit's per-bill flags (:attr:`AuditResult.bill_flags`).
    refunds_due
        The audit's ``refund_due_yuan`` indexed by household id.

    Returns
    -------
    DataFrame
        Columns ``week``, ``area``, ``households`` (as used for rates) and
        one column per driver id holding its raw value, plus
        ``refund_outstanding_yuan`` (yuan owed per household).

    Notes
    -----
    Bill flags and refunds due are what the audit finds at the as-of date;
    a past week sees the flags of the bills issued in it, and the refunds
    due less those paid by its end, counted from the week of the first
    refund in the data (before any refund was paid, none was promised).
    """
    dataset.require("households", "complaints", command="risk")
    weeks = week_grid(dataset)
    towns = sorted(dataset.table("households")["town_code"].dropna().unique())
    areas = [*towns, DISTRICT]
    homes = area_households(dataset, towns, windows.min_households)
    per_10k = homes.to_numpy() / 1e4

    tickets = dataset.table("complaints")
    raw = {
        "complaint_surge": _complaint_surge(tickets, weeks, areas, windows),
        "escalation": _escalation(dataset, weeks, areas, windows),
        "online_heat": _online_heat(dataset, weeks, areas, classifier) / per_10k,
        "bill_shock": _bill_shock(dataset, weeks, areas, windows, bill_flags)
        / per_10k,
        "overdue_backlog": (_overdue(timeline, weeks, areas, dataset.as_of) / per_10k
                            if timeline is not None else np.full(
                                (len(weeks), len(areas)), np.nan)),
    }
    owed_homes, owed_yuan = _refunds(dataset, weeks, areas, refunds_due)
    raw["refund_outstanding"] = owed_homes / per_10k
    long = pd.DataFrame({
        "week": np.repeat(weeks, len(areas)),
        "area": np.tile(areas, len(weeks)),
        "households": np.tile(homes.to_numpy(), len(weeks)),
    })
    for name in DRIVERS:
        long[name] = np.asarray(raw[name], dtype=float).ravel()
    long["refund_outstanding_yuan"] = (owed_yuan / homes.to_numpy()).ravel()
    return long


def counts(dates: pd.Series, towns: pd.Series, weeks: pd.DatetimeIndex,
           areas: list[str], weights: pd.Series | None = None) -> np.ndarray:
    """Weighted count per week (rows) and area (columns); district = all rows."""
    frame = pd.DataFrame({"week": week_start(dates).to_numpy(),
                          "area": towns.astype(object).to_numpy(),
                          "w": 1.0 if weights is None else weights.to_numpy()})
    frame = frame[frame["week"].isin(weeks)]
    table = frame.pivot_table(index="week", columns="area", values="w",
                              aggfunc="sum", fill_value=0.0)
    table[DISTRICT] = frame.groupby("week")["w"].sum()
    return table.reindex(index=weeks, columns=areas, fill_value=0.0).fillna(
        0.0).to_numpy(dtype=float)


def poisson_surprise(count: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``-log10 P(X >= count)`` for X ~ Poisson(``expected``); 0 for no count.

    Bounded by the counts themselves, unlike a ratio to a small baseline: one
    ticket where half a ticket was expected gives 0.4, not a doubling.

    Examples
    --------
    >>> poisson_surprise(np.array([0, 1, 4]), np.array([0.5, 0.5, 0.5])).round(2)
    array([0.  , 0.41, 2.76])
    """
    count = np.asarray(count, dtype=float)
    tail = poisson.sf(count - 1, np.asarray(expected, dtype=float))
    return np.where(count > 0, -np.log10(np.clip(tail, 1e-300, 1.0)), 0.0)


def _complaint_surge(tickets, weeks, areas, windows: Windows) -> np.ndarray:
    billing = tickets[tickets["category"].isin(METERING_BILLING_CATEGORIES)]
    observed = counts(billing["received_at"], billing["town_code"], weeks, areas)
    # the baseline is the trailing weeks before this one, never this one
    trailing = pd.DataFrame(observed).rolling(
        windows.baseline_weeks, min_periods=windows.baseline_weeks // 2).mean()
    baseline = trailing.shift(1).to_numpy()
    expected = np.maximum(np.nan_to_num(baseline, nan=np.inf), windows.baseline_floor)
    # weeks without a baseline yet cannot surprise
    return np.where(np.isfinite(expected), poisson_surprise(observed, expected), 0.0)


def _escalation(dataset: Dataset, weeks, areas, windows: Windows) -> np.ndarray:
    tickets = dataset.table("complaints")
    escalated = (repeat_flags(tickets) | escalation_flags(tickets)
                 | tickets["channel"].eq("media"))
    n = counts(tickets["received_at"], tickets["town_code"], weeks, areas)
    k = counts(tickets["received_at"], tickets["town_code"], weeks, areas,
               escalated.astype(float))
    if dataset.has("complaint_events"):
        # a reopening escalates in the week it happens
        events = dataset.table("complaint_events")
        reopen = events[events["stage"].eq("reopened")].merge(
            tickets[["ticket_id", "town_code"]], on="ticket_id")
        extra = counts(reopen["at"], reopen["town_code"], weeks, areas)
        n, k = n + extra, k + extra
    pooled_k = pd.DataFrame(k).rolling(windows.escalation_weeks, min_periods=1).sum()
    pooled_n = pd.DataFrame(n).rolling(windows.escalation_weeks, min_periods=1).sum()
    a, p0 = windows.escalation_prior_tickets, windows.escalation_prior_share
    return ((pooled_k + a * p0) / (pooled_n + a)).to_numpy()


def _online_heat(dataset: Dataset, weeks, areas, classifier) -> np.ndarray:
    if not dataset.has("opinion_posts"):
        return np.zeros((len(weeks), len(areas)))
    posts = dataset.table("opinion_posts")
    negative = classifier.is_negative(posts["text"].fillna(""))
    posts = posts[negative]
    engagement = sum(posts[c].fillna(0).astype(float) if c in posts else 0.0
                     for c in ("reposts", "comments", "likes"))
    # every negative post counts once, more when it is shared and discussed
    weight = 1.0 + np.log1p(engagement)
    town = posts["town_code"] if "town_code" in posts else pd.Series(
        pd.NA, index=posts.index)
    return counts(posts["published_at"], town, weeks, areas, weight)


def _bill_shock(dataset: Dataset, weeks, areas, windows: Windows,
                bill_flags: pd.DataFrame | None) -> np.ndarray:
    if not dataset.has("bills"):
        return np.zeros((len(weeks), len(areas)))
    bills = dataset.table("bills")
    bills = bills[bills["status"].ne("void")]
    days = (bills["period_end"] - bills["period_start"]).dt.days.clip(lower=1)
    frame = pd.DataFrame({
        "household_id": bills["household_id"].to_numpy(),
        "bill_id": bills["bill_id"].to_numpy(),
        "issued_on": bills["issued_on"].to_numpy(),
        "month": bills["period_end"].dt.to_period("M").to_numpy(),
        "daily": (bills["amount_yuan"] / days).to_numpy(),
    })
    # charge a day against the same household's bills of that month a year ago
    by_month = frame.groupby(["household_id", "month"])["daily"].mean()
    last_year = pd.MultiIndex.from_arrays([frame["household_id"], frame["month"] - 12])
    before = by_month.reindex(last_year).to_numpy()
    ratio = windows.bill_shock_ratio
    shock = (before > 0) & (frame["daily"].to_numpy() > ratio * before)
    if bill_flags is not None and windows.bill_flags:
        cols = [c for c in windows.bill_flags if c in bill_flags]
        flagged = bill_flags.set_index("bill_id")[cols].any(axis=1)
        shock |= flagged.reindex(frame["bill_id"]).fillna(False).to_numpy(dtype=bool)
    hits = frame.loc[shock, ["household_id", "issued_on"]]
    # a household stays shocked for the weeks its bill is fresh, once a week
    first = week_start(hits["issued_on"])
    spread = pd.concat([
        pd.DataFrame({"household_id": hits["household_id"].to_numpy(),
                      "week": (first + pd.Timedelta(weeks=i)).to_numpy()})
        for i in range(windows.bill_weeks)]).drop_duplicates()
    town = dataset.table("households").set_index("household_id")["town_code"]
    return counts(spread["week"], spread["household_id"].map(town), weeks, areas)


def _overdue(timeline: pd.DataFrame, weeks, areas, as_of) -> np.ndarray:
    ends = weeks + pd.Timedelta(days=7)
    if as_of is not None:
        ends = ends.where(ends <= pd.Timestamp(as_of) + pd.Timedelta(days=1),
                          pd.Timestamp(as_of) + pd.Timedelta(days=1))
    due = timeline["close_due"].to_numpy(dtype="datetime64[ns]")
    closed = timeline["closed_at"].fillna(pd.Timestamp.max).to_numpy(
        dtype="datetime64[ns]")
    codes = pd.Categorical(timeline["town_code"].astype(object), categories=areas[:-1])
    out = np.zeros((len(weeks), len(areas)))
    for i, end in enumerate(ends.to_numpy()):
        late = (due < end) & (closed > end)
        out[i, :-1] = np.bincount(codes.codes[late & (codes.codes >= 0)],
                                  minlength=len(areas) - 1)
        out[i, -1] = late.sum()
    return out


def _refunds(dataset: Dataset, weeks, areas, refunds_due: pd.Series | None):
    shape = (len(weeks), len(areas))
    if refunds_due is None or not dataset.has("refunds"):
        return np.zeros(shape), np.zeros(shape)
    due = refunds_due[refunds_due > 0.005]
    refunds = dataset.table("refunds")
    if due.empty or refunds.empty:
        return np.zeros(shape), np.zeros(shape)
    paid = refunds[refunds["household_id"].isin(due.index)].assign(
        week=lambda f: week_start(f["refunded_on"]))
    paid = paid.pivot_table(index="week", columns="household_id",
                            values="amount_yuan", aggfunc="sum")
    paid = paid.reindex(index=weeks, columns=due.index, fill_value=0)
    paid = paid.fillna(0).cumsum()
    owed = np.maximum(due.to_numpy() - paid.to_numpy(), 0.0)
    # no refund was promised before the first one was paid
    owed[weeks < week_start(refunds["refunded_on"]).min()] = 0.0
    town = dataset.table("households").set_index("household_id")["town_code"]
    codes = pd.Categorical(due.index.map(town).astype(object), categories=areas[:-1])
    homes, yuan = np.zeros(shape), np.zeros(shape)
    for j in range(len(areas) - 1):
        cols = codes.codes == j
        homes[:, j] = (owed[:, cols] > 0.005).sum(axis=1)
        yuan[:, j] = owed[:, cols].sum(axis=1)
    homes[:, -1] = (owed > 0.005).sum(axis=1)
    yuan[:, -1] = owed.sum(axis=1)
    return homes, yuan
