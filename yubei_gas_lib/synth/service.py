"""Service requests for the six items, with completion times by enterprise."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .complaints import DAY, HOUR
from .rates import N_DAYS, Rates, day_index

# median hours to complete a request for a good enterprise
_MEDIAN_HOURS = {"install": 96, "repair": 20, "relocate": 120, "connect": 30,
                 "transfer": 24, "emergency": 0.6}


def requests(pop: pd.DataFrame, rates: Rates,
             rng: np.random.Generator) -> pd.DataFrame:
    """Service requests: household, item, submitted and completed times."""
    n = len(pop)
    years = N_DAYS / 365
    parts = []
    for item, rate in rates.service_per_household_year.items():
        k = rng.poisson(n * rate * years)
        hh = rng.integers(0, n, k)
        day = rng.integers(0, N_DAYS, k)
        if item in ("install", "connect"):
            # new accounts ask for installation and connection when they open
            new = np.flatnonzero(pop.opened_day.to_numpy() > 0)
            hh = np.r_[hh, new]
            day = np.r_[day, np.maximum(pop.opened_day.to_numpy()[new]
                                        - (15 if item == "install" else 3), 0)]
        parts.append(pd.DataFrame({"hh": hh, "day": day, "item": item}))
    req = pd.concat(parts, ignore_index=True)
    k = len(req)
    req["submitted"] = req.day * DAY + rng.integers(7 * HOUR, 22 * HOUR, k)
    ent = pop.enterprise.to_numpy()[req.hh]
    quality = np.asarray(rates.enterprise_quality)[ent]
    after = req.day.to_numpy() >= day_index(rates.campaign_from)
    median = req.item.map(_MEDIAN_HOURS).to_numpy() * (2.2 - 1.4 * quality)
    median = np.where(after, median * 0.7, median)
    hours = rng.lognormal(np.log(median), 0.7)
    done = req.submitted.to_numpy() + (hours * HOUR).astype(np.int64)
    req["completed"] = np.where(done < N_DAYS * DAY, done, -1)
    p5 = np.clip(0.25 + 0.5 * quality, 0, 0.9)
    u = rng.random(k)
    score = np.where(u < p5, 5, np.where(u < p5 + 0.25, 4, rng.integers(1, 4, k)))
    rated = (rng.random(k) < 0.6) & (req.completed.to_numpy() >= 0)
    req["score"] = np.where(rated, score, -1)
    req["town"] = pop.town.to_numpy()[req.hh]
    req["enterprise"] = ent
    req.loc[rng.random(k) < 0.1, "hh"] = -1
    return req.sort_values("submitted", kind="stable", ignore_index=True)
