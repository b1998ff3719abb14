"""A small made-up district for tests and examples of the complaint code.

Not the synthetic district of :mod:`yubei_gas_lib.synth`: a few hundred
households and tickets whose every figure a test can predict.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import CATEGORIES, STAGE_ORDER
from ..dataset import Dataset
from ..geography import towns


def small_district(
    seed: int = 1,
    households_per_town: int | dict[str, int] = 100,
    tickets_per_1000: float | dict[str, float] = 20.0,
    coordinates: bool = True,
    start: str = "2024-03-01",
    days: int = 60,
) -> Dataset:
    """A Dataset of all 30 towns, two enterprises, households and full loops.

    Parameters
    ----------
    seed
        Seed of the draws (times, channels, categories, reply delays).
    households_per_town, tickets_per_1000
        One figure for every town, or a dict town code -> figure (other towns
        get the default: 100 households, 20 tickets per 1,000 households).
        The number of tickets of a town is the rounded product, exactly.
    coordinates
        Whether tickets carry lon/lat (near their town's seat).
    start, days
        Tickets are received over ``days`` days from ``start``.
    """
    rng = np.random.default_rng(seed)
    seats = towns()
    codes = seats.town_code.tolist()
    homes = _per_town(codes, households_per_town, 100)
    rate = _per_town(codes, tickets_per_1000, 20.0)

    # households: numbered within the town, alternating enterprises
    town_of_home = np.repeat(codes, [homes[c] for c in codes])
    numbers = pd.Series(town_of_home).groupby(town_of_home).cumcount()
    households = pd.DataFrame({
        "household_id": [f"{c}{n:05d}" for c, n in zip(town_of_home, numbers,
                                                         strict=True)],
        "enterprise_id": np.where(numbers % 2 == 0, "E1", "E2"),
        "town_code": town_of_home,
        "plan": "standard",
        "status": "active",
    })

    # tickets: the first households of each town complain, once each
    per_town = {c: round(homes[c] * rate[c] / 1000) for c in codes}
    picked = households.groupby("town_code", sort=False).head(max(per_town.values()))
    picked = picked[picked.groupby("town_code").cumcount()
                    < picked.town_code.map(per_town)]
    n = len(picked)
    received = (pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), "D")
                + pd.to_timedelta(rng.integers(8 * 60, 18 * 60, n), "min"))
    complaints = pd.DataFrame({
        "ticket_id": [f"T{i:05d}" for i in range(n)],
        "received_at": received,
        "channel": rng.choice(["12345", "enterprise_hotline", "online"], n),
        "household_id": picked.household_id.to_numpy(),
        "town_code": picked.town_code.to_numpy(),
        "enterprise_id": picked.enterprise_id.to_numpy(),
        "category": rng.choice(list(CATEGORIES), n),
    })
    if coordinates:
        seat = seats.set_index("town_code").loc[complaints.town_code]
        complaints["lon"] = seat.lon.to_numpy() + rng.normal(0, 0.01, n)
        complaints["lat"] = seat.lat.to_numpy() + rng.normal(0, 0.01, n)
    tables = {
        "towns": seats[["town_code", "town_name", "kind", "lon", "lat"]],
        "enterprises": pd.DataFrame({"enterprise_id": ["E1", "E2"],
                                     "name": ["甲燃气公司", "乙燃气公司"]}),
        "households": households,
        "complaints": complaints,
        "complaint_events": _full_loops(complaints, rng),
    }
    return Dataset(tables, quarantine=pd.DataFrame())


def _per_town(codes: list[str], value, default):
    if isinstance(value, dict):
        return {c: value.get(c, default) for c in codes}
    return dict.fromkeys(codes, value)


def _full_loops(complaints: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every stage in order, an hour apart after a random reply delay."""
    n, k = len(complaints), len(STAGE_ORDER)
    delay = pd.to_timedelta(rng.integers(1, 30, n), "h")
    steps = pd.to_timedelta(np.tile(np.arange(k), n), "h")
    events = pd.DataFrame({
        "ticket_id": np.repeat(complaints.ticket_id.to_numpy(), k),
        "stage": np.tile(STAGE_ORDER, n),
        "at": np.repeat(complaints.received_at.to_numpy(), k) + steps,
    })
    late = np.tile(np.arange(k) >= STAGE_ORDER.index("reply"), n)
    events.loc[late, "at"] += np.repeat(delay.to_numpy(), k)[late]
    scored = events.stage.isin(["rating", "callback"]).to_numpy()
    events["score"] = pd.array(np.where(scored, rng.integers(3, 6, len(events)),
                                        pd.NA), dtype="Int64")
    return events
