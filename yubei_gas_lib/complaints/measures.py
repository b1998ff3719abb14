"""The loop's measures per town, enterprise, category, channel and week.

Every measure is computed from :func:`~.limits.ticket_timeline`, one row per
ticket, by grouping; nothing loops over tickets. Rates are per 10,000
households of the group's town and/or enterprise (all the district's
households when the grouping names neither), because towns differ tenfold
in size and a raw count would only show which town is big.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..contract import METERING_BILLING_CATEGORIES
from ..dataset import Dataset
from .limits import ServiceStandards, ticket_timeline

GROUPS = {
    "town": "town_code",
    "enterprise": "enterprise_id",
    "category": "category",
    "channel": "channel",
    "week": "week",
}
ESCALATION_CHANNELS = ("12345", "regulator")

# measure -> Chinese label, in the order the tables show them
MEASURES_ZH = {
    "tickets": "投诉量（件）",
    "households": "户数",
    "per_10k": "每万户投诉量",
    "metering_billing": "计量收费类（件）",
    "reply_on_time": "按时反馈率",
    "close_on_time": "按时办结率",
    "callback_on_time": "按时回访率",
    "reply_hours_median": "反馈用时中位数（小时）",
    "reply_hours_p90": "反馈用时90分位（小时）",
    "close_hours_median": "办结用时中位数（小时）",
    "close_hours_p90": "办结用时90分位（小时）",
    "open": "未办结（件）",
    "open_overdue": "超时未办结（件）",
    "open_overdue_metering_billing": "计量收费类超时未办结（件）",
    "cleared": "动态清零",
    "repeats": "重复投诉（件）",
    "reopened": "重办工单（件）",
    "escalations": "升级投诉（件）",
    "rating_mean": "平均评分",
    "rating_4_5_share": "满意率（4–5分）",
    "callback_coverage": "回访覆盖率",
}


def complaint_measures(
    dataset: Dataset,
    standards: ServiceStandards | None = None,
    as_of: dt.date | None = None,
    by: str | Sequence[str] = "town",
    timeline: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The measures of ``complaints.md`` for each group of tickets.

    Parameters
    ----------
    dataset
        Needs ``complaints``; ``complaint_events`` and ``households`` when
        present (without households the rates are missing).
    standards
        The time limits; the shipped defaults when None.
    as_of
        The backlog is counted at the end of this day; later tickets and
        events are left out. Defaults as in :func:`~.limits.ticket_timeline`.
    by
        One or more of ``town``, ``enterprise``, ``category``, ``channel``,
        ``week`` (the Monday a ticket's week starts); an empty sequence gives
        one row for the whole district.
    timeline
        A timeline already computed for the same arguments, to save the work.

    Returns
    -------
    DataFrame
        One row per group (every town or enterprise, even with no ticket, when
        grouped by that alone), columns as in :data:`MEASURES_ZH`. Shares are
        fractions 0..1 over the tickets whose outcome is known; ``cleared``
        (动态清零) holds when no metering-and-billing ticket is open beyond
        its limit.

    Examples
    --------
    >>> from yubei_gas_lib.complaints.measures import complaint_measures
    >>> from yubei_gas_lib.complaints.testing import small_district
    >>> m = complaint_measures(small_district(), by="town")
    >>> float(m.loc["500112012000", "per_10k"])
    200.0
    """
    standards = standards or ServiceStandards()
    keys = [by] if isinstance(by, str) else list(by)
    unknown = sorted(set(keys) - set(GROUPS))
    if unknown:
        raise ValueError(f"by must be among {sorted(GROUPS)}, got {unknown}")
    columns = [GROUPS[k] for k in keys]
    if timeline is None:
        timeline = ticket_timeline(dataset, standards, as_of)
    flagged = _with_flags(timeline, standards)
    if not columns:
        flagged = flagged.assign(scope="district")
    groups = columns or ["scope"]

    # the measures, one aggregation per paragraph of the spec
    grouped = flagged.groupby(groups, sort=True, observed=True)
    out = pd.DataFrame({
        "tickets": grouped.size(),
        "metering_billing": grouped.metering.sum(),
        "reply_on_time": grouped.reply_on_time.mean(),
        "close_on_time": grouped.close_on_time.mean(),
        "callback_on_time": grouped.callback_on_time.mean(),
        "reply_hours_median": grouped.reply_hours.median(),
        "reply_hours_p90": grouped.reply_hours.quantile(0.9),
        "close_hours_median": grouped.close_hours.median(),
        "close_hours_p90": grouped.close_hours.quantile(0.9),
        "open": grouped.is_open.sum(),
        "open_overdue": grouped.overdue_open.sum(),
        "open_overdue_metering_billing": grouped.overdue_metering.sum(),
        "repeats": grouped.repeat.sum(),
        "reopened": grouped.was_reopened.sum(),
        "escalations": grouped.escalation.sum(),
        "rating_mean": grouped.rating.mean(),
        "rating_4_5_share": grouped.rated_4_5.mean(),
        "callback_coverage": grouped.called_back.mean(),
    })
    out = _all_groups(out, dataset, columns)
    out = _with_rates(out, dataset, columns)
    out["cleared"] = out.open_overdue_metering_billing.eq(0)
    return out[list(MEASURES_ZH)]


def _with_flags(timeline: pd.DataFrame, standards: ServiceStandards) -> pd.DataFrame:
    """Per-ticket flags the measures sum or average."""
    out = timeline.copy()
    out["week"] = out.received_at.dt.to_period("W-SUN").dt.start_time
    out["metering"] = out.category.isin(METERING_BILLING_CATEGORIES)
    out["overdue_metering"] = out.overdue_open & out.metering
    out["was_reopened"] = out.reopened > 0
    for col in ("reply_on_time", "close_on_time", "callback_on_time"):
        out[col] = out[col].astype("Float64")
    out["rated_4_5"] = (out.rating >= 4).astype(float).where(out.rating.notna())
    out["called_back"] = out.callback_at.notna().astype(float).where(~out.is_open)
    out["repeat"] = repeat_flags(out, standards.repeat_window_days)
    out["escalation"] = escalation_flags(out, standards.escalation_window_days)
    return out


def repeat_flags(tickets: pd.DataFrame, window_days: int = 30) -> pd.Series:
    """Whether each ticket's household complained before, within the window.

    The first ticket of a household is not a repeat; each later one within
    ``window_days`` of the household's previous ticket is. Tickets without a
    household are never repeats.
    """
    known = tickets[tickets.household_id.notna()].sort_values(
        ["household_id", "received_at"], kind="stable")
    previous = known.groupby("household_id").received_at.shift()
    gap = known.received_at - previous
    repeat = gap <= pd.Timedelta(days=window_days)
    return repeat.reindex(tickets.index, fill_value=False).astype(bool)


def escalation_flags(tickets: pd.DataFrame, window_days: int = 30) -> pd.Series:
    """Whether each ticket escalates an enterprise-hotline ticket.

    An escalation is a ``12345`` or ``regulator`` ticket received after an
    ``enterprise_hotline`` ticket of the same household, within
    ``window_days`` of it.
    """
    known = tickets.household_id.notna()
    later = tickets[known & tickets.channel.isin(ESCALATION_CHANNELS)]
    hotline = tickets[known & tickets.channel.eq("enterprise_hotline")]
    if later.empty or hotline.empty:
        return pd.Series(False, index=tickets.index)
    left = later[["household_id", "received_at"]].reset_index().sort_values(
        "received_at")
    right = hotline[["household_id", "received_at"]].rename(
        columns={"received_at": "hotline_at"}).sort_values("hotline_at")
    matched = pd.merge_asof(
        left, right, left_on="received_at", right_on="hotline_at",
        by="household_id", direction="backward", allow_exact_matches=False,
        tolerance=pd.Timedelta(days=window_days),
    )
    flags = pd.Series(matched.hotline_at.notna().to_numpy(),
                      index=matched["index"].to_numpy())
    return flags.reindex(tickets.index, fill_value=False).astype(bool)


def households_per(dataset: Dataset, columns: list[str]) -> pd.Series | float:
    """Households by ``columns`` (town and/or enterprise), closed accounts out."""
    if not dataset.has("households"):
        return np.nan
    homes = dataset.households
    if "status" in homes:
        homes = homes[homes.status.ne("closed")]
    if not columns:
        return float(len(homes))
    return homes.groupby(columns).size()


def _all_groups(out: pd.DataFrame, dataset: Dataset, columns: list[str],
                ) -> pd.DataFrame:
    """Every town (or enterprise) a row, with zero tickets where it had none."""
    if columns == ["town_code"]:
        from .. import geography

        towns = (dataset.towns.town_code if dataset.has("towns")
                 else geography.towns().town_code)
        index = pd.Index(sorted(towns), name="town_code")
    elif columns == ["enterprise_id"] and dataset.has("enterprises"):
        index = pd.Index(sorted(dataset.enterprises.enterprise_id),
                         name="enterprise_id")
    else:
        return out
    index = index.union(out.index)
    counts = ["tickets", "metering_billing", "open", "open_overdue",
              "open_overdue_metering_billing", "repeats", "reopened", "escalations"]
    out = out.reindex(index)
    out[counts] = out[counts].fillna(0).astype(int)
    return out


def _with_rates(out: pd.DataFrame, dataset: Dataset, columns: list[str],
                ) -> pd.DataFrame:
    base = [c for c in columns if c in ("town_code", "enterprise_id")]
    homes = households_per(dataset, base)
    if isinstance(homes, pd.Series):
        levels = [out.index.get_level_values(c) for c in base]
        key = levels[0] if len(levels) == 1 else pd.MultiIndex.from_arrays(levels)
        out["households"] = homes.reindex(key).fillna(0).to_numpy(dtype=float)
    else:
        out["households"] = homes
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k"] = (out.tickets / out.households * 1e4).where(
            out.households > 0)
    return out
