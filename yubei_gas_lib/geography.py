"""Reference geography of Yubei District (2024): towns, outline, town polygons.

The suite ships the 30 township-level units (镇街) with their statistical
codes and seats, the district outline, and *schematic* town polygons built as
a Voronoi split of the seats clipped to the outline. No open township
boundaries exist for Yubei, so every map drawn from these polygons must say
so (:data:`SCHEMATIC_NOTE`). A bureau holding official boundaries passes their
file to :func:`town_polygons`. Sources and licences: ``data/geo/NOTICE.md``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from .errors import YubeiGasError

WGS84 = "EPSG:4326"
# An equal-area projection for areas in km² (China Albers).
_AREA_CRS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=WGS84 +units=m"

SCHEMATIC_NOTE = "示意边界，非官方行政界线 (schematic boundaries, not official)"

_GEO = files("yubei_gas_lib") / "data" / "geo"


def reference_file(name: str) -> Path:
    """Path of a shipped reference file under ``data/geo``."""
    return Path(str(_GEO / name))


@cache
def _towns_cached() -> pd.DataFrame:
    seats = pd.read_csv(reference_file("town_seats.csv"), dtype={"code": str})
    return seats.rename(columns={"code": "town_code", "name": "town_name"})[
        ["town_code", "town_name", "kind", "lon", "lat", "coord_source"]
    ]


def towns() -> pd.DataFrame:
    """The 30 towns and subdistricts: code, name, kind, seat lon/lat (WGS-84).

    Examples
    --------
    >>> t = towns()
    >>> len(t), t.loc[t.town_code == "500112012000", "town_name"].item()
    (30, '龙山街道')
    """
    return _towns_cached().copy()


def town_names() -> dict[str, str]:
    """Town code -> Chinese name."""
    t = _towns_cached()
    return dict(zip(t.town_code, t.town_name, strict=True))


@cache
def _outline_cached() -> shapely.MultiPolygon:
    frame = gpd.read_file(reference_file("district_outline.geojson"))
    return shapely.union_all(frame.geometry.values)


def district_outline() -> gpd.GeoDataFrame:
    """The district outline as one WGS-84 geometry."""
    return gpd.GeoDataFrame(
        {"name": ["渝北区"]}, geometry=[_outline_cached()], crs=WGS84
    )


def inside_district(lon: pd.Series, lat: pd.Series) -> pd.Series:
    """Whether each point lies inside (or on) the district outline."""
    points = shapely.points(lon.to_numpy(dtype=float), lat.to_numpy(dtype=float))
    inside = shapely.covers(_outline_cached(), points)
    return pd.Series(inside, index=lon.index)


@cache
def _schematic_cached() -> gpd.GeoDataFrame:
    seats = _towns_cached()
    outline = _outline_cached()
    points = shapely.multipoints(shapely.points(seats.lon, seats.lat))
    # extend_to well past the outline so no cell is cut short before clipping
    cells = shapely.voronoi_polygons(points, extend_to=outline.buffer(1.0))
    by_seat = []
    for lon, lat in zip(seats.lon, seats.lat, strict=True):
        seat = shapely.Point(lon, lat)
        cell = next(c for c in cells.geoms if c.covers(seat))
        by_seat.append(shapely.intersection(cell, outline))
    frame = gpd.GeoDataFrame(
        seats[["town_code", "town_name", "kind"]].copy(),
        geometry=by_seat,
        crs=WGS84,
    )
    frame["schematic"] = True
    return frame


def town_polygons(official_file: str | Path | None = None) -> gpd.GeoDataFrame:
    """Town polygons: schematic by default, or the bureau's official file.

    Parameters
    ----------
    official_file
        A vector file (GeoJSON, Shapefile, GeoPackage) of township
        boundaries. Each feature is matched to a town by a ``town_code``-like
        column (12-digit code, or the 9-digit township prefix) or else by the
        Chinese name. Every one of the 30 towns must match.

    Returns
    -------
    GeoDataFrame
        ``town_code, town_name, kind, schematic, geometry`` in WGS-84, one row
        per town. ``schematic`` is True for the derived polygons; any map of
        them must show :data:`SCHEMATIC_NOTE`.
    """
    if official_file is None:
        return _schematic_cached().copy()
    return _official_polygons(Path(official_file))


_CODE_COLUMNS = ("town_code", "code", "镇街代码", "xzqhdm", "adcode", "gb")
_NAME_COLUMNS = ("town_name", "name", "镇街名称", "名称", "NAME")


def _official_polygons(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise YubeiGasError(
            f"找不到官方镇街边界文件 {path}", f"Official boundary file {path} not found"
        )
    frame = gpd.read_file(path)
    frame = frame.to_crs(WGS84) if frame.crs is not None else frame.set_crs(WGS84)
    seats = _towns_cached()
    code_col = next((c for c in _CODE_COLUMNS if c in frame.columns), None)
    name_col = next((c for c in _NAME_COLUMNS if c in frame.columns), None)
    if code_col is None and name_col is None:
        raise YubeiGasError(
            f"{path}: 边界文件中找不到镇街代码或名称列（可用列名：{', '.join(_CODE_COLUMNS)}"
            f" 或 {', '.join(_NAME_COLUMNS)}）",
            f"{path}: no town code or name column in the boundary file",
        )
    match = pd.Series(pd.NA, index=frame.index, dtype=object)
    if code_col is not None:
        codes = frame[code_col].astype(str).str.strip().str.ljust(12, "0")
        match = codes.where(codes.isin(seats.town_code), pd.NA)
    if name_col is not None:
        by_name = dict(zip(seats.town_name, seats.town_code, strict=True))
        match = match.fillna(frame[name_col].astype(str).str.strip().map(by_name))
    frame = frame.assign(town_code=match)
    unmatched_features = frame[frame.town_code.isna()]
    missing = seats[~seats.town_code.isin(frame.town_code)]
    if len(missing) or len(unmatched_features):
        lost = "、".join(missing.town_name) or "无"
        extra = len(unmatched_features)
        raise YubeiGasError(
            f"{path}: 官方边界与镇街名录不匹配：缺少 {lost}；另有 {extra} 个要素无法匹配",
            f"{path}: official boundaries do not match the town list: "
            f"{len(missing)} town(s) without a polygon "
            f"({', '.join(missing.town_code) or 'none'}), "
            f"{extra} feature(s) matching no town",
        )
    dissolved = frame.dissolve(by="town_code").reset_index()
    out = seats[["town_code", "town_name", "kind"]].merge(
        dissolved[["town_code", "geometry"]], on="town_code"
    )
    result = gpd.GeoDataFrame(out, geometry="geometry", crs=WGS84)
    result["schematic"] = False
    return result


def area_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    """Area of each geometry in km², on an equal-area projection."""
    return frame.geometry.to_crs(_AREA_CRS).area / 1e6


def town_neighbours(polygons: gpd.GeoDataFrame):
    """Queen contiguity weights between towns (libpysal), indexed by town code."""
    from libpysal.weights import Queen

    return Queen.from_dataframe(
        polygons.set_index("town_code"), use_index=True, silence_warnings=True
    )


def admin_change_2025() -> pd.DataFrame:
    """The 2025-11-06 crosswalk: each 2024 town to the district it joined.

    Columns: ``town_code`` (2024), ``town_name``, ``kind``,
    ``liangjiang_managed_before``, ``district_after``,
    ``district_code_after`` and ``township_code_after`` (9 digits, from
    community data, not officially confirmed; may be empty).
    """
    raw = pd.read_csv(
        reference_file("admin_change_2025.csv"),
        dtype={"code_2022": str, "township_code_9_after": str},
    )
    district = raw.district_from_2025_11_06.str.extract(r"^(.*?)\s*\((\d{6})\)$")
    return pd.DataFrame({
        "town_code": raw.code_2022,
        "town_name": raw.name,
        "kind": raw.kind,
        "liangjiang_managed_before": raw.liangjiang_managed_pre2025.eq("yes"),
        "district_after": district[0],
        "district_code_after": district[1],
        "township_code_after": raw.township_code_9_after,
    })
