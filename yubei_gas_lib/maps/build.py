"""From a Dataset to the finished complaint map of the district or one town."""

from __future__ import annotations

import datetime as dt

import folium
import pandas as pd

from ..complaints import ServiceStandards, complaint_measures, ticket_timeline
from ..dataset import Dataset
from ..geography import town_neighbours, town_polygons
from .choropleth import complaint_map
from .hotspots import gi_star
from .params import MapParams


def town_hotspots(figures: pd.DataFrame, params: MapParams | None = None,
                  polygons=None) -> pd.DataFrame:
    """Gi* of complaints per 10,000 households over neighbouring towns."""
    params = params or MapParams()
    polygons = polygons if polygons is not None else town_polygons(
        params.official_boundaries)
    h = params.hotspots
    rates = figures.per_10k.reindex(polygons.town_code)
    return gi_star(rates, town_neighbours(polygons), permutations=h.permutations,
                   seed=h.seed, alpha=h.alpha)


def complaint_map_for(
    dataset: Dataset,
    standards: ServiceStandards | None = None,
    as_of: dt.date | None = None,
    params: MapParams | None = None,
    town_code: str | None = None,
    timeline: pd.DataFrame | None = None,
) -> folium.Map:
    """The complaint map of the district, or zoomed to ``town_code``.

    Computes the measures by town, the Gi* hotspots and the heat points from
    ``dataset`` and draws :func:`~.choropleth.complaint_map`. Pass a
    ``timeline`` (:func:`~yubei_gas_lib.complaints.ticket_timeline`) already
    computed to draw many town maps without recomputing it.

    Examples
    --------
    >>> from yubei_gas_lib.maps import complaint_map_for, save_offline
    >>> save_offline(complaint_map_for(ds), "map.html")  # doctest: +SKIP
    """
    params = params or MapParams()
    if timeline is None:
        timeline = ticket_timeline(dataset, standards, as_of)
    figures = complaint_measures(dataset, standards, as_of, by="town",
                                 timeline=timeline)
    polygons = town_polygons(params.official_boundaries)
    hotspots = town_hotspots(figures, params, polygons)
    points = timeline.reindex(columns=["lon", "lat"])
    return complaint_map(figures, polygons, points, hotspots, params, town_code)


def allowed_origins(params: MapParams) -> tuple[str, ...]:
    """Network addresses a saved page may keep: the tile service, if any."""
    return (params.tiles.origin,) if params.tiles is not None else ()


HOTSPOT_TABLE_ZH = {"town": "镇街", "per_10k": "每万户投诉量", "z": "Gi* z 值",
                    "p": "置换 p 值", "label": "判定"}


def hotspot_table(hotspots: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The significant towns (hot first, by z), with names and rates, formatted."""
    from ..geography import town_names
    from .hotspots import HOTSPOT_ZH

    rows = hotspots[hotspots.hotspot != "none"].join(figures[["per_10k"]])
    rows = rows.sort_values("z", ascending=False, key=lambda z: z.abs())
    rows = rows.sort_values("hotspot", ascending=False, kind="stable")
    return pd.DataFrame({
        "town": rows.index.map(town_names()),
        "per_10k": rows.per_10k.map(lambda v: f"{v:,.1f}"),
        "z": rows.z.map(lambda v: f"{v:+.2f}"),
        "p": rows.p.map(lambda v: f"{v:.3f}"),
        "label": rows.hotspot.map(HOTSPOT_ZH),
    }).reset_index(drop=True)
