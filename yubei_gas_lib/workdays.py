"""The Chinese working-day calendar, for time limits counted in working days.

A working day is a day the State Council's holiday notice makes a working
day: Monday to Friday unless it falls in a statutory holiday, plus the
weekend days swapped into working days (调休), such as Sunday 2024-02-04
and Sunday 2024-02-18 around the 2024 Spring Festival. The days come from
the ``chinesecalendar`` package (``import chinese_calendar``), which knows
each year only once the notice for it is out.

The deadline rule
-----------------
A limit of *N* working days after a moment *t* ends at the end of the
*N*-th working day after the calendar day of *t* (the day of *t* itself
never counts, whether or not it is a working day, and whatever the hour).
The deadline is returned as the first instant after that day, midnight,
so that a step done *at or before* the deadline is on time::

    received Thu 2024-02-08 15:00, limit 1 working day
      -> working day 1 is Fri 2024-02-09 -> due 2024-02-10 00:00
    received Thu 2024-02-08, limit 5 working days (holiday 02-10..02-17)
      -> 02-09, Sun 02-18 (调休), 02-19, 02-20, 02-21 -> due 2024-02-22 00:00
    received Sat 2024-02-03, limit 1 working day
      -> the next working day is Sun 2024-02-04 (调休) -> due 2024-02-05 00:00
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd

from .errors import YubeiGasError

__all__ = [
    "CalendarRangeError",
    "add_working_days",
    "calendar_years",
    "is_working_day",
    "working_day_list",
    "working_days_between",
]


class CalendarRangeError(YubeiGasError):
    """A date lies in a year the working-day calendar does not know yet."""

    def __init__(self, year: int, first: int, last: int) -> None:
        self.year = year
        super().__init__(
            f"工作日历不含 {year} 年（已知 {first}–{last} 年）：国务院放假安排发布后，"
            "请升级 chinesecalendar（pip install -U chinesecalendar）。",
            f"The working-day calendar has no data for {year} (it knows "
            f"{first}-{last}); once the State Council's holiday notice for that "
            "year is out, upgrade it: pip install -U chinesecalendar",
        )


def calendar_years() -> tuple[int, int]:
    """First and last year the installed ``chinese_calendar`` knows."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays] + [d.year for d in constants.workdays]
    return min(years), max(years)


@cache
def _table() -> tuple[pd.Timestamp, np.ndarray, np.ndarray]:
    """First day, working-day flags and their running count, day by day."""
    import chinese_calendar

    first, last = calendar_years()
    days = pd.date_range(f"{first}-01-01", f"{last}-12-31", freq="D")
    flags = np.fromiter(
        (chinese_calendar.is_workday(d) for d in days.date), bool, len(days)
    )
    # counts[i]: working days from the first day up to and including day i
    return days[0], flags, np.cumsum(flags)


def _day_index(dates: pd.Series) -> np.ndarray:
    """Position of each date's calendar day in the table; NaT gives -1."""
    start, flags, _ = _table()
    days = pd.to_datetime(dates).dt.normalize()
    offset = (days - start) // pd.Timedelta(days=1)
    idx = offset.to_numpy(dtype=float, na_value=np.nan)
    bad = (idx < 0) | (idx >= len(flags))
    if bad.any():
        first, last = calendar_years()
        raise CalendarRangeError(int(days[bad].iloc[0].year), first, last)
    return np.where(np.isnan(idx), -1, idx).astype(np.int64)


def is_working_day(dates: pd.Series) -> pd.Series:
    """Whether each date is a working day of the Chinese calendar.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2024-02-04", "2024-02-10"]))
    >>> is_working_day(s).tolist()
    [True, False]
    """
    _, flags, _ = _table()
    idx = _day_index(dates)
    out = np.where(idx >= 0, flags[np.maximum(idx, 0)], False)
    return pd.Series(out, index=dates.index, dtype=bool)


def add_working_days(moments: pd.Series, days: int | pd.Series) -> pd.Series:
    """Deadline ``days`` working days after each moment (see the module rule).

    Parameters
    ----------
    moments
        Timestamps (or dates); NaT gives NaT.
    days
        The limit, one number for all or one per moment; at least 1.

    Returns
    -------
    Series of datetime64
        Midnight at the end of the last working day of the limit.

    Raises
    ------
    CalendarRangeError
        When a moment or its deadline lies beyond the years the calendar knows.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2024-02-08 15:00"]))
    >>> add_working_days(s, 5).dt.strftime("%Y-%m-%d %H:%M").tolist()
    ['2024-02-22 00:00']
    """
    start, flags, counts = _table()
    n = np.broadcast_to(np.asarray(days, dtype=np.int64), (len(moments),))
    if (n < 1).any():
        raise ValueError(f"days must be at least 1, got {int(n.min())}")
    idx = _day_index(moments)
    valid = idx >= 0
    # the n-th working day after day i is the first day whose count reaches
    # counts[i] + n: the count only steps up on working days
    target = counts[np.maximum(idx, 0)] + n
    found = np.searchsorted(counts, target, side="left")
    if (valid & (found >= len(counts))).any():
        first, last = calendar_years()
        raise CalendarRangeError(last + 1, first, last)
    due = start + pd.to_timedelta(found + 1, unit="D")
    out = pd.Series(due, index=moments.index)
    return out.where(valid)


def working_days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days after the day of ``start`` up to and including ``end``'s day.

    The count a limit uses: a reply on the first working day after intake
    gives 1. Negative when ``end`` falls before ``start``; NaN where either is
    missing.

    Examples
    --------
    >>> a = pd.Series(pd.to_datetime(["2024-02-08 09:00"]))
    >>> b = pd.Series(pd.to_datetime(["2024-02-18 10:00"]))
    >>> working_days_between(a, b).tolist()
    [2.0]
    """
    _, _, counts = _table()
    i, j = _day_index(start), _day_index(end)
    value = counts[np.maximum(j, 0)] - counts[np.maximum(i, 0)]
    out = np.where((i >= 0) & (j >= 0), value, np.nan)
    return pd.Series(out, index=start.index, dtype=float)


def working_day_list(first: dt.date, last: dt.date) -> list[dt.date]:
    """The working days from ``first`` to ``last`` inclusive, for display."""
    days = pd.Series(pd.date_range(first, last, freq="D"))
    return [d.date() for d in days[is_working_day(days)]]
