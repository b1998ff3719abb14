"""The working-day calendar, on cases worked by hand from the 2024 notice.

2024 Spring Festival: holiday Sat 02-10 .. Sat 02-17; Sun 02-04 and Sun 02-18
are working days (调休). Fri 02-09 (除夕) is a working day.
"""

import pandas as pd
import pytest

from yubei_gas_lib.workdays import (
    CalendarRangeError,
    add_working_days,
    is_working_day,
    working_day_list,
    working_days_between,
)


def _ts(*values):
    return pd.Series(pd.to_datetime(list(values)))


def _due(moment, days):
    return add_working_days(_ts(moment), days).item()


def test_swapped_sundays_are_working_days():
    days = _ts("2024-02-03", "2024-02-04", "2024-02-10", "2024-02-18", "2024-02-19")
    assert is_working_day(days).tolist() == [False, True, False, True, True]


def test_received_before_spring_festival_one_day():
    # Thu 02-08 -> working day 1 is Fri 02-09; due at its end
    assert _due("2024-02-08 15:00", 1) == pd.Timestamp("2024-02-10 00:00")


def test_received_before_spring_festival_five_days():
    # 02-09 (1), Sun 02-18 调休 (2), 02-19 (3), 02-20 (4), 02-21 (5)
    assert _due("2024-02-08 09:00", 5) == pd.Timestamp("2024-02-22 00:00")


def test_received_before_spring_festival_ten_days():
    # ... 02-21 (5), 02-22 (6), 02-23 (7), 02-26 (8), 02-27 (9), 02-28 (10)
    assert _due("2024-02-08 09:00", 10) == pd.Timestamp("2024-02-29 00:00")


def test_received_on_a_swapped_working_sunday():
    # Sun 02-04 is a working day but the day of intake never counts: Mon 02-05
    assert _due("2024-02-04 10:00", 1) == pd.Timestamp("2024-02-06 00:00")


def test_received_saturday_before_swapped_sunday():
    # Sat 02-03 -> the next working day is Sun 02-04 (调休)
    assert _due("2024-02-03 10:00", 1) == pd.Timestamp("2024-02-05 00:00")


def test_received_during_the_holiday():
    # Mon 02-12 (holiday) -> Sun 02-18 (调休) is the first working day
    assert _due("2024-02-12 23:59", 1) == pd.Timestamp("2024-02-19 00:00")


def test_hour_of_day_does_not_matter_and_nat_passes_through():
    out = add_working_days(_ts("2024-03-01 00:00", "2024-03-01 23:59", None), 1)
    assert out.iloc[0] == out.iloc[1] == pd.Timestamp("2024-03-05 00:00")
    assert pd.isna(out.iloc[2])


def test_vectorised_with_one_limit_per_moment():
    out = add_working_days(_ts("2024-02-08", "2024-02-08"), pd.Series([1, 5]))
    assert out.tolist() == [pd.Timestamp("2024-02-10"), pd.Timestamp("2024-02-22")]


def test_working_days_between_counts_the_limit_way():
    a = _ts("2024-02-08 09:00", "2024-02-08 09:00", "2024-02-08 09:00")
    b = _ts("2024-02-09 17:00", "2024-02-17 10:00", "2024-02-21 23:00")
    assert working_days_between(a, b).tolist() == [1.0, 1.0, 5.0]


def test_working_day_list():
    got = working_day_list(pd.Timestamp("2024-02-03").date(),
                           pd.Timestamp("2024-02-05").date())
    assert [d.isoformat() for d in got] == ["2024-02-04", "2024-02-05"]


def test_unknown_year_is_a_clear_error():
    with pytest.raises(CalendarRangeError, match="chinesecalendar"):
        add_working_days(_ts("2031-01-05"), 1)


def test_limit_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(_ts("2024-03-01"), 0)
