"""Heating degree days of Chongqing and weather-normalised consumption.

Only monthly normals are shipped (``params/weather.yaml``), so a month's
degree days are ``days x max(0, base - normal mean)``: the same every year.
Normalising by them takes the heating season out of the monthly volume, so
that a winter month and a spring month compare; it cannot take out a
winter colder than normal, which needs the year's own temperatures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator
from scipy.optimize import nnls

from ..params import parse_model
from ..tariff import PARAMS_DIR

DEFAULT_WEATHER = PARAMS_DIR / "weather.yaml"


class WeatherNormals(BaseModel):
    """Monthly normal temperatures and the degree-day base."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    base_temperature_c: float = Field(18.0, ge=0, le=30)
    monthly_mean_c: dict[int, float]

    @field_validator("monthly_mean_c")
    @classmethod
    def _twelve_months(cls, value: dict[int, float]) -> dict[int, float]:
        if sorted(value) != list(range(1, 13)):
            raise ValueError(f"need months 1..12 exactly, got {sorted(value)}")
        return value


def load_weather(path: str | Path | None = None) -> WeatherNormals:
    """Read and check ``params/weather.yaml`` (or ``path``)."""
    return parse_model(WeatherNormals, path or DEFAULT_WEATHER)


def heating_degree_days(months: pd.Series | pd.DatetimeIndex,
                        normals: WeatherNormals) -> np.ndarray:
    """Heating degree days of each calendar month, from the normals.

    Examples
    --------
    >>> n = WeatherNormals(source="x", base_temperature_c=18,
    ...                    monthly_mean_c={m: 8.0 if m == 1 else 20.0
    ...                                    for m in range(1, 13)})
    >>> heating_degree_days(pd.DatetimeIndex(["2024-01-01", "2024-07-01"]), n)
    array([310.,   0.])
    """
    index = pd.DatetimeIndex(months)
    mean = np.array([normals.monthly_mean_c[m] for m in index.month])
    heat = np.maximum(0.0, normals.base_temperature_c - mean)
    return np.asarray(index.days_in_month, dtype=float) * heat


def weather_normalise(monthly: pd.DataFrame, normals: WeatherNormals,
                      value: str = "volume_m3") -> pd.DataFrame:
    """Split ``value`` into a base load a day and a load per degree day.

    Fits ``value = base x days + heating x HDD`` (both non-negative, least
    squares) over the months given, one series at a time.

    Parameters
    ----------
    monthly
        One row per calendar month (column ``month``, the first day).

    Returns
    -------
    DataFrame
        ``monthly`` with ``hdd``, ``expected`` (the fit) and ``normalised``
        (``value`` over ``expected``: 1 is a usual month for its season,
        1.2 is a fifth above it), plus ``base_per_day`` and ``per_hdd``.
    """
    out = monthly.copy()
    months = pd.DatetimeIndex(out["month"])
    out["hdd"] = heating_degree_days(months, normals)
    design = np.column_stack([months.days_in_month, out["hdd"]]).astype(float)
    target = out[value].to_numpy(dtype=float)
    ok = np.isfinite(target)
    coef, _ = nnls(design[ok], target[ok]) if ok.sum() >= 2 else (np.zeros(2), 0)
    out["base_per_day"], out["per_hdd"] = coef
    out["expected"] = design @ coef
    out["normalised"] = out[value] / out["expected"].replace(0, np.nan)
    return out
