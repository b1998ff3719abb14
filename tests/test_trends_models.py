"""Degree days, month spreading, STL and the interrupted time series, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yubei_gas_lib.trends import (
    heating_degree_days,
    interrupted_time_series,
    load_weather,
    spread_by_month,
    stl_decompose,
    weather_normalise,
    year_over_year,
)
from yubei_gas_lib.trends.weather import WeatherNormals


def test_degree_days_by_hand():
    normals = WeatherNormals(source="hand", base_temperature_c=18.0,
                             monthly_mean_c={m: 18.0 + m for m in range(1, 13)}
                             | {1: 8.0, 2: 10.5, 12: 17.0})
    months = pd.DatetimeIndex(["2024-01-01", "2024-02-01", "2023-02-01",
                               "2024-07-01", "2024-12-01"])
    # Jan 31 x 10; Feb 2024 29 x 7.5; Feb 2023 28 x 7.5; July warm; Dec 31 x 1
    assert heating_degree_days(months, normals).tolist() == [310, 217.5, 210, 0, 31]


def test_shipped_normals_give_a_winter_only_heating_season():
    hdd = heating_degree_days(pd.date_range("2024-01-01", periods=12, freq="MS"),
                              load_weather())
    assert hdd[[0, 1, 11]].min() > 200  # Dec-Feb
    assert hdd[5:8].sum() == 0  # Jun-Aug


def test_weather_normalise_recovers_base_and_heating_load():
    months = pd.date_range("2023-01-01", periods=24, freq="MS")
    normals = load_weather()
    hdd = heating_degree_days(months, normals)
    volume = 100 * months.days_in_month + 40 * hdd
    fit = weather_normalise(pd.DataFrame({"month": months, "volume_m3": volume}),
                            normals)
    assert fit["base_per_day"].iloc[0] == pytest.approx(100)
    assert fit["per_hdd"].iloc[0] == pytest.approx(40)
    assert np.allclose(fit["normalised"], 1.0)


def test_a_bill_is_spread_over_its_months_by_days():
    bills = pd.DataFrame({
        "bill_id": ["A", "B"],
        "period_start": pd.to_datetime(["2024-01-21", "2024-03-01"]),
        "period_end": pd.to_datetime(["2024-03-11", "2024-04-01"]),
        "volume_m3": [50.0, 31.0],
    })
    parts = spread_by_month(bills)
    # A: 50 days = 11 in Jan, 29 in Feb, 10 in Mar; B: all of March
    a = parts[parts["bill_id"].eq("A")]
    assert a["month"].dt.month.tolist() == [1, 2, 3]
    assert np.allclose(a["share"], [11 / 50, 29 / 50, 10 / 50])
    b = parts[parts["bill_id"].eq("B")]
    assert b["share"].tolist() == [1.0]
    assert (parts["share"] * parts["volume_m3"]).sum() == pytest.approx(81)


def test_year_over_year_matches_the_same_month():
    frame = pd.DataFrame({"month": pd.to_datetime(["2023-01-01", "2024-01-01",
                                                   "2024-02-01"]),
                          "v": [100.0, 150.0, 80.0]})
    out = year_over_year(frame, ["v"])
    assert np.isnan(out["v_yoy"].iloc[0])
    assert out["v_yoy"].iloc[1] == pytest.approx(0.5)
    assert np.isnan(out["v_yoy"].iloc[2])


def test_its_recovers_a_planted_level_and_slope_change():
    rng = np.random.default_rng(3)
    weeks = pd.date_range("2023-01-02", periods=104, freq="7D")
    t = np.arange(104.0)
    t0 = 60
    after = t >= t0
    y = 20 + 0.10 * t + np.where(after, -6 + -0.30 * (t - t0), 0)
    y = y + rng.normal(0, 1.0, len(t))
    its = interrupted_time_series(pd.Series(y, index=weeks), weeks[t0])
    c = its.coefficients
    for term, planted in (("baseline", 20), ("pre_trend", 0.10),
                          ("level_change", -6), ("slope_change", -0.30)):
        assert c.loc[term, "ci_low"] <= planted <= c.loc[term, "ci_high"], term
    assert c.loc["level_change", "ci_high"] < 0
    assert c.loc["slope_change", "ci_high"] < 0
    # the counterfactual carries the pre-period line on
    assert its.fitted["counterfactual"].iloc[-1] == pytest.approx(
        20 + 0.10 * 103, abs=1.5)


def test_its_refuses_too_few_weeks_after():
    weeks = pd.date_range("2024-01-01", periods=20, freq="7D")
    with pytest.raises(ValueError, match="at least 3 periods"):
        interrupted_time_series(pd.Series(1.0, index=weeks), weeks[-2])


def test_stl_separates_a_planted_season_and_needs_two_years():
    months = pd.date_range("2022-01-01", periods=36, freq="MS")
    season = 10 * np.cos(2 * np.pi * (months.month - 1) / 12)
    series = pd.Series(100 + np.arange(36) + season, index=months)
    series.iloc[20] += 80  # a catch-up month: robust STL leaves it in the residual
    parts = stl_decompose(series)
    assert parts["resid"].abs().idxmax() == months[20]
    assert np.allclose(parts["seasonal"].iloc[:12], season[:12], atol=3)
    assert stl_decompose(series.iloc[:23]) is None
