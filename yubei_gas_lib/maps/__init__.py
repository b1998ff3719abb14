"""Complaint maps for town officers, drawn to work with no network."""

from .build import (
    HOTSPOT_TABLE_ZH,
    allowed_origins,
    complaint_map_for,
    hotspot_table,
    town_hotspots,
)
from .choropleth import classify_rates, complaint_map
from .coords import wgs84_to_gcj02
from .hotspots import HOTSPOT_ZH, gi_star
from .offline import OfflineMapError, offline_html, save_offline, show_offline
from .params import MapParams, load_map_params

__all__ = [
    "HOTSPOT_TABLE_ZH",
    "HOTSPOT_ZH",
    "MapParams",
    "OfflineMapError",
    "allowed_origins",
    "classify_rates",
    "complaint_map",
    "complaint_map_for",
    "gi_star",
    "hotspot_table",
    "load_map_params",
    "offline_html",
    "save_offline",
    "show_offline",
    "town_hotspots",
    "wgs84_to_gcj02",
]
