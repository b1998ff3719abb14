"""Complaint timelines and measures of a milestone, and the targets they answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..complaints.limits import load_service_standards, ticket_timeline
from ..complaints.measures import complaint_measures
from ..complaints.tables import overdue_table
from ..contract import METERING_BILLING_CATEGORIES
from ..errors import MissingTableError
from ..milestones import metric
from ..privacy import MIN_HOUSEHOLDS
from . import builder


@dataclass(frozen=True)
class ComplaintResults:
    """One timeline row per ticket, and the measures by each grouping."""

    timeline: pd.DataFrame
    by_town: pd.DataFrame
    by_enterprise: pd.DataFrame
    by_category: pd.DataFrame
    by_channel: pd.DataFrame
    by_week: pd.DataFrame
    district: pd.DataFrame
    overdue: pd.DataFrame  # open beyond limit, masked, every town (``town``)


@builder("complaints")
def build_complaints(session: Any) -> ComplaintResults:
    standards = load_service_standards(session.params_dir / "service_standards.yaml")
    data, as_of = session.data, session.milestone.as_of
    timeline = ticket_timeline(data, standards, as_of)

    def measures(by):
        return complaint_measures(data, standards, as_of, by=by, timeline=timeline)

    return ComplaintResults(
        timeline=timeline,
        by_town=measures("town"),
        by_enterprise=measures("enterprise"),
        by_category=measures("category"),
        by_channel=measures("channel"),
        by_week=measures("week"),
        district=measures([]),
        overdue=overdue_table(timeline, as_of),
    )


@metric("billing_tickets_overdue")
def billing_tickets_overdue(dataset, session) -> float:
    """Metering-and-billing tickets open beyond their limit (动态清零 when 0)."""
    if session is None:
        raise MissingTableError("complaints", command="complaints")
    t = session.result("complaints").timeline
    return float((t.overdue_open & t.category.isin(METERING_BILLING_CATEGORIES)).sum())


@metric("complaints_overdue")
def complaints_overdue(dataset, session) -> float:
    """Tickets of any category open beyond their limit."""
    if session is None:
        raise MissingTableError("complaints", command="complaints")
    return float(session.result("complaints").timeline.overdue_open.sum())


@dataclass(frozen=True)
class ComplaintMaps:
    """Offline map pages of the district and of every town, and the hotspots.

    Built once per run: drawing 31 maps here costs a fraction of what 30
    town briefings would spend importing the spatial libraries to draw
    their own.
    """

    district: str
    towns: dict[str, str]
    hotspots: pd.DataFrame
    hotspot_rows: pd.DataFrame  # the significant towns, formatted for reading
    hotspot_headers: dict[str, str]


@builder("complaint_maps")
def build_complaint_maps(session: Any) -> ComplaintMaps:
    from ..geography import town_polygons
    from ..maps import complaint_map, load_map_params, offline_html
    from ..maps.build import (
        HOTSPOT_TABLE_ZH,
        allowed_origins,
        hotspot_table,
        town_hotspots,
    )

    result = session.result("complaints")
    by_town = published_towns(result.by_town)
    params = load_map_params(session.params_dir / "maps.yaml")
    polygons = town_polygons(params.official_boundaries)
    hotspots = town_hotspots(by_town, params, polygons)
    points = result.timeline.reindex(columns=["lon", "lat"])
    allow = allowed_origins(params)

    def page(town_code: str | None) -> str:
        m = complaint_map(by_town, polygons, points, hotspots, params, town_code)
        return offline_html(m, allow)

    return ComplaintMaps(page(None), {c: page(c) for c in polygons.town_code},
                         hotspots, hotspot_table(hotspots, by_town),
                         HOTSPOT_TABLE_ZH)


def published_towns(by_town: pd.DataFrame) -> pd.DataFrame:
    """Town measures with the figures of towns under 5 households blanked.

    What a map may show: such a town keeps its name and outline but no
    figure, colour or hotspot test.
    """
    small = by_town["households"].fillna(0) < MIN_HOUSEHOLDS
    figures = by_town.columns.drop("households")
    numeric = [c for c in figures if pd.api.types.is_numeric_dtype(by_town[c])
               and not pd.api.types.is_bool_dtype(by_town[c])]
    out = by_town.astype({c: "float64" for c in numeric})
    out.loc[small, numeric] = float("nan")
    return out
