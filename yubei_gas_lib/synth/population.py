"""The households: where they live, who serves them, what they have installed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from .. import geography
from . import names
from .enterprises import assign_enterprise
from .rates import N_DAYS, Rates

# Relative size of each town's gas customer base: the old centre
# (Longxi, Longshan, Longta) and the airport new town are the densest.
_URBAN_WEIGHT = {
    "500112011000": 10, "500112012000": 10, "500112013000": 8, "500112004000": 8,
    "500112002000": 7, "500112009000": 6, "500112014000": 5, "500112015000": 5,
    "500112019000": 5, "500112016000": 6, "500112017000": 4, "500112007000": 5,
    "500112008000": 5, "500112010000": 4, "500112023000": 3, "500112020000": 3,
    "500112021000": 3, "500112022000": 3, "500112018000": 1.5,
    # the rural towns: market towns near the city larger than the hill towns
    "500112129000": 1.5, "500112131000": 2.0, "500112133000": 1.0,
    "500112135000": 0.5, "500112138000": 0.8, "500112139000": 0.8,
    "500112140000": 0.5, "500112141000": 0.6, "500112142000": 0.8,
    "500112143000": 0.5, "500112144000": 1.5,
}
# a subdistrict's households sit within ~1.5 km of its seat, a town's ~4 km
_SPREAD_DEG = {"街道": 0.012, "镇": 0.035}


@dataclass
class Population:
    """Households as arrays indexed by household position ``0..n-1``."""

    frame: pd.DataFrame
    town_codes: np.ndarray

    def __len__(self) -> int:
        return len(self.frame)


def household_ids(n: int) -> np.ndarray:
    """Twelve-digit account numbers, unique and stable for a position."""
    return (310000000000 + np.arange(n, dtype=np.int64) * 37 + 1000003).astype(str)


def meter_ids(n: int) -> np.ndarray:
    """Meter numbers, one per household."""
    return np.char.add("BJ", (2000000000 + np.arange(n, dtype=np.int64) * 11)
                       .astype(str))


def town_weights(towns: pd.DataFrame, urban_share: float) -> np.ndarray:
    """Share of the district's households in each town."""
    urban = towns.kind.eq("街道").to_numpy()
    w = towns.town_code.map(_URBAN_WEIGHT).fillna(1.0).to_numpy(dtype=float).copy()
    w[urban] *= urban_share / w[urban].sum()
    w[~urban] *= (1 - urban_share) / w[~urban].sum()
    return w


def households(n: int, rates: Rates, rng: np.random.Generator) -> Population:
    """Draw ``n`` households.

    Returns
    -------
    Population
        ``frame`` columns: ``enterprise`` (position), ``town`` (position in
        :func:`geography.towns`), ``persons``, ``plan``, ``meter_type``,
        ``status``, ``opened_day`` and ``closed_day`` (day indices; the
        household uses gas on days ``opened_day <= d < closed_day``),
        ``lon``, ``lat``, ``name``, ``phone``, ``address``.
    """
    towns = geography.towns()
    weights = town_weights(towns, rates.urban_household_share)
    town = rng.choice(len(towns), size=n, p=weights).astype(np.int16)
    urban = towns.kind.eq("街道").to_numpy()[town]
    codes = towns.town_code.to_numpy()
    enterprise = assign_enterprise(town, codes, rates.enterprise_count, rng)

    # the household and its installation
    persons = rng.choice(np.arange(1, 7), size=n, p=rates.persons_shares)
    plans = np.array(list(rates.plan_shares))
    plan = plans[rng.choice(len(plans), size=n, p=list(rates.plan_shares.values()))]
    u = rng.random(n)
    meter = np.where(u < rates.smart_meter_share, "smart",
                     np.where(u < rates.smart_meter_share + rates.ic_card_share,
                              "ic_card", "mechanical"))
    s = rng.random(n)
    status = np.where(s < rates.unoccupied_share, "unoccupied",
                      np.where(s < rates.unoccupied_share + rates.closed_share,
                               "closed", "active"))

    # when the account opened (before the period for most) and closed
    opened = -rng.integers(30, 20 * 365, n)
    new = rng.random(n) < rates.opened_during_share
    opened[new] = rng.integers(1, N_DAYS - 120, new.sum())
    closed = np.full(n, N_DAYS, dtype=np.int64)
    is_closed = status == "closed"
    closed[is_closed] = np.maximum(opened[is_closed], 0) + rng.integers(
        90, N_DAYS, is_closed.sum())
    closed = np.minimum(closed, N_DAYS - 20)
    closed[~is_closed] = N_DAYS

    lon, lat = _locations(town, towns, rng)
    town_names = towns.town_name.to_numpy()[town]
    frame = pd.DataFrame({
        "enterprise": enterprise, "town": town, "persons": persons, "plan": plan,
        "meter_type": meter, "status": status, "opened_day": opened,
        "closed_day": closed, "lon": lon, "lat": lat,
        "name": names.names(n, rng), "phone": names.mobiles(n, rng),
        "address": names.addresses(town_names, urban, rng),
    })
    return Population(frame, codes)


def _inside(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """:func:`geography.inside_district` on a prepared outline, for speed."""
    outline = geography.district_outline().geometry.iloc[0]
    shapely.prepare(outline)
    return shapely.covers(outline, shapely.points(lon, lat))


def _locations(town: np.ndarray, towns: pd.DataFrame,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    seat_lon = towns.lon.to_numpy()[town]
    seat_lat = towns.lat.to_numpy()[town]
    spread = towns.kind.map(_SPREAD_DEG).to_numpy()[town]
    lon = np.round(seat_lon + rng.normal(0, 1, len(town)) * spread, 6)
    lat = np.round(seat_lat + rng.normal(0, 1, len(town)) * spread, 6)
    # redraw points that fell outside the district; the seat is the last resort
    outside = ~_inside(lon, lat)
    for _ in range(8):
        if not outside.any():
            break
        k = outside.sum()
        lon[outside] = np.round(seat_lon[outside] + rng.normal(0, 1, k)
                                * spread[outside] / 2, 6)
        lat[outside] = np.round(seat_lat[outside] + rng.normal(0, 1, k)
                                * spread[outside] / 2, 6)
        outside[outside] = ~_inside(lon[outside], lat[outside])
    lon[outside], lat[outside] = seat_lon[outside], seat_lat[outside]
    return lon, lat
