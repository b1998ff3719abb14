"""True gas use: a daily rate per household and month, and the meter register.

Use follows Chongqing's seasons: cooking is steady, water heating grows as
the month gets colder, and households on the heating plan burn gas in
proportion to the degrees below 16 °C (wall-hung boilers, December to
February above all). Each household has its own level; each month its own
small disturbance. Within a month the daily rate is constant, so the
register is piecewise linear and can be evaluated at any day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .rates import CHONGQING_TEMPERATURE_C, Rates, month_starts

_PLAN_LEVEL = {"standard": 1.0, "heating": 1.15, "low_income": 0.8,
               "shared_meter": 3.2}


@dataclass
class Consumption:
    """Daily rates ``rate[h, m]`` (m³/day) and registers of every household.

    Attributes
    ----------
    rate
        Daily use in month ``m`` (0 = 2022-09) of household ``h``.
    initial
        Register at day 0, or at opening for a household opened later.
    opened, closed
        Gas flows on days ``opened <= d < closed``.
    """

    rate: np.ndarray
    initial: np.ndarray
    opened: np.ndarray
    closed: np.ndarray

    def __post_init__(self) -> None:
        starts = month_starts()
        self._starts = starts
        days = self._active_days(np.arange(len(starts) - 1)[None, :], starts[1:])
        volume = self.rate * days
        self._cum = np.concatenate(
            [np.zeros((len(self.rate), 1)), np.cumsum(volume, axis=1)], axis=1)

    def _active_days(self, months: np.ndarray, upto: np.ndarray,
                     rows: np.ndarray | None = None) -> np.ndarray:
        opened = self.opened if rows is None else self.opened[rows]
        closed = self.closed if rows is None else self.closed[rows]
        if rows is None:
            opened, closed = opened[:, None], closed[:, None]
        lo = np.maximum(self._starts[months], opened)
        hi = np.minimum(upto, closed)
        return np.maximum(hi - lo, 0)

    def register(self, rows: np.ndarray, days: np.ndarray) -> np.ndarray:
        """True register of households ``rows`` at the start of ``days``."""
        month = np.searchsorted(self._starts, days, side="right") - 1
        month = np.clip(month, 0, self.rate.shape[1] - 1)
        part = self._active_days(month, days, rows) * self.rate[rows, month]
        return self.initial[rows] + self._cum[rows, month] + part

    def monthly(self) -> np.ndarray:
        """True volume of each household and month (m³)."""
        return np.diff(self._cum, axis=1)


def consumption(pop: pd.DataFrame, rates: Rates,
                rng: np.random.Generator) -> Consumption:
    """Draw the true daily use of every household."""
    n = len(pop)
    starts = month_starts()
    months = (np.arange(len(starts) - 1) + 8) % 12  # 0 = January
    temp = np.asarray(CHONGQING_TEMPERATURE_C)[months]
    # each winter differs a little from the normal
    temp = temp + rng.normal(0, 1.0, len(temp))

    level = pop.plan.map(_PLAN_LEVEL).to_numpy()
    level = level * np.sqrt(pop.persons.to_numpy() / 3)
    base = rates.base_daily_m3 * level * rng.lognormal(
        -rates.base_sigma**2 / 2, rates.base_sigma, n)
    water = 1 + rates.water_heating_per_degree * np.maximum(0, 20 - temp)
    rate = base[:, None] * water[None, :]
    heating = pop.plan.eq("heating").to_numpy()
    coef = rates.heating_m3_per_degree_day * rng.lognormal(
        -rates.heating_sigma**2 / 2, rates.heating_sigma, heating.sum())
    rate[heating] += coef[:, None] * np.maximum(0, 16 - temp)[None, :]
    rate *= rng.lognormal(-rates.month_noise_sigma**2 / 2, rates.month_noise_sigma,
                          rate.shape)
    rate[pop.status.eq("unoccupied").to_numpy()] = 0.0
    rate = np.round(rate, 4)

    opened = np.maximum(pop.opened_day.to_numpy(), 0)
    closed = pop.closed_day.to_numpy()
    new = pop.opened_day.to_numpy() > 0
    initial = np.where(new, 0.0, np.round(rng.uniform(50, 4000, n), 0))
    return Consumption(rate, initial, opened, closed)
