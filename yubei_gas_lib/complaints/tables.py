"""Display tables of the complaint measures, for the briefings.

Each function returns a DataFrame of what a reader sees, with Chinese
labels, and ids masked; the notebooks pass it to
:func:`yubei_gas_lib.present.table_html` with :data:`MEASURE_FORMATS`.
Nothing here computes a measure: the figures come from
:mod:`.measures` and :mod:`.limits`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from ..contract import CATEGORIES, CHANNELS, label_zh
from ..errors import YubeiGasError
from ..geography import town_names
from ..present import fmt_count, fmt_pct
from ..privacy import mask_id, suppress_small
from ..workdays import working_days_between
from .limits import overdue_open_tickets
from .measures import MEASURES_ZH


def _hours(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:,.1f}"


def _rating(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:.2f}"


def _yes_no(value: object) -> str:
    return "—" if pd.isna(value) else ("是" if value else "否")


def _rate(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:,.1f}"


def _share(value: object) -> str:
    return fmt_pct(None if pd.isna(value) else float(value))


def _count(value: object) -> str:
    return fmt_count(None if pd.isna(value) else float(value))


MEASURE_FORMATS: dict[str, Callable[[object], str]] = {
    **{m: _count for m in ("tickets", "households", "metering_billing", "open",
                           "open_overdue", "open_overdue_metering_billing",
                           "repeats", "reopened", "escalations")},
    **{m: _share for m in ("reply_on_time", "close_on_time", "callback_on_time",
                           "rating_4_5_share", "callback_coverage")},
    **{m: _hours for m in ("reply_hours_median", "reply_hours_p90",
                           "close_hours_median", "close_hours_p90")},
    "per_10k": _rate,
    "rating_mean": _rating,
    "cleared": _yes_no,
}

_GROUP_LABELS = {
    "town_code": ("镇街", lambda code: town_names().get(code, code)),
    "enterprise_id": ("企业", str),
    "category": ("诉求类别", lambda c: label_zh(CATEGORIES, c)),
    "channel": ("渠道", lambda c: label_zh(CHANNELS, c)),
    "week": ("周（起始日）", lambda w: f"{pd.Timestamp(w):%Y-%m-%d}"),
}


def labelled(measures: pd.DataFrame, columns: list[str] | None = None,
             ) -> tuple[pd.DataFrame, dict[str, str]]:
    """The measures with a Chinese name column first, and the headers to show.

    Parameters
    ----------
    measures
        :func:`~.measures.complaint_measures` grouped by one key.
    columns
        The measures to show; all of :data:`~.measures.MEASURES_ZH` by default.

    Returns
    -------
    tuple
        The frame (``name`` plus the measures) and ``column -> Chinese header``
        for :func:`yubei_gas_lib.present.table_html`.
    """
    key = measures.index.name
    title, name = _GROUP_LABELS.get(key, ("分组", str))
    frame = measures.reset_index()
    frame.insert(0, "name", frame[key].map(name))
    if key == "town_code":
        # a town's figures from fewer than 5 households are not published
        frame = suppress_small(frame, "households", ["name", key])
    columns = columns or list(MEASURES_ZH)
    return frame, {"name": title, **{c: MEASURES_ZH[c] for c in columns}}


def town_vs_district(by_town: pd.DataFrame, district: pd.DataFrame,
                     town_code: str) -> pd.DataFrame:
    """One row per measure: the town's figure and the district's, formatted."""
    town, whole = by_town.loc[town_code], district.iloc[0]
    rows = [{"measure": MEASURES_ZH[m], "town": MEASURE_FORMATS[m](town[m]),
             "district": MEASURE_FORMATS[m](whole[m])} for m in MEASURES_ZH]
    return pd.DataFrame(rows)


def overdue_table(timeline: pd.DataFrame, as_of: dt.date,
                  town_code: str | None = None) -> pd.DataFrame:
    """Open tickets beyond their closing limit, ids masked, oldest first.

    ``due`` is the last day of the limit; ``days_over`` counts the working
    days after it up to ``as_of`` (the timeline's as-of date).
    """
    rows = overdue_open_tickets(timeline, town_code)
    last_day = rows.close_due - pd.Timedelta(days=1)
    days = working_days_between(last_day,
                                pd.Series(pd.Timestamp(as_of), index=rows.index))
    return pd.DataFrame({
        "ticket": mask_id(rows.ticket_id.astype(str)),
        "household": mask_id(rows.household_id.astype(object)),
        "town": rows.town_code.map(town_names()),
        "category": rows.category.map(lambda c: label_zh(CATEGORIES, c)),
        "channel": rows.channel.map(lambda c: label_zh(CHANNELS, c)),
        "received": rows.received_at.dt.strftime("%Y-%m-%d"),
        "due": last_day.dt.strftime("%Y-%m-%d"),
        "days_over": days.clip(lower=0).astype(int),
    })


OVERDUE_ZH = {"ticket": "工单编号", "household": "户号", "town": "镇街",
              "category": "诉求类别", "channel": "渠道", "received": "受理日期",
              "due": "办结时限（当日止）", "days_over": "已超时（工作日）"}


def town_weekly(dataset, standards, as_of: dt.date, town_code: str,
                timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Weekly measures of one town, rates over its own households.

    Indexed by week (the Monday it starts); no rows when the town had no
    ticket.
    """
    from .measures import complaint_measures

    weekly = complaint_measures(dataset, standards, as_of, by=["town", "week"],
                                timeline=timeline)
    if town_code not in weekly.index.get_level_values("town_code"):
        return weekly.iloc[:0].droplevel("town_code")
    return weekly.xs(town_code, level="town_code")


def town_label(town_code: str | int) -> tuple[str, str]:
    """The town's 12-digit code as text and its Chinese name.

    A code given as a number (papermill's ``-p town_code 500112012000``) is
    accepted; an unknown code is an error that lists where to find codes.
    """
    code = str(town_code).strip()
    names = town_names()
    if code not in names:
        raise YubeiGasError(
            f"未知的镇街代码 {code}：应为 12 位统计用区划代码，见 town_seats.csv",
            f"unknown town_code {code!r}: expected one of the 30 12-digit codes "
            "of yubei_gas_lib/data/geo/town_seats.csv",
        )
    return code, names[code]
