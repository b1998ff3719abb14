"""The town map: complaints per 10,000 households, hotspots, heat and notes.

The map is drawn with Leaflet alone: the town polygons as one GeoJSON layer
(fill by class, outline by hotspot), town names as plain labels, the heat
layer when tickets carry coordinates, and a legend written as plain HTML, so
that the page needs neither d3 (branca's colour scale) nor jQuery and
Bootstrap (folium's defaults) and stays small offline.
"""

from __future__ import annotations

import html
import warnings

import folium
import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
import shapely
from branca.element import Element
from folium.plugins import HeatMap

from ..geography import SCHEMATIC_NOTE
from ..present import fmt_count, fmt_pct
from .coords import wgs84_to_gcj02
from .hotspots import HOTSPOT_ZH
from .params import MapParams

__all__ = ["classify_rates", "complaint_map"]

# ColorBrewer YlOrRd, 9 classes; k classes take evenly spaced steps of it
_PALETTE = ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a",
            "#e31a1c", "#bd0026", "#800026"]
_NO_DATA = "#d9d9d9"
_OUTLINE = {"hot": "#b2182b", "cold": "#2166ac", "none": "#636363"}
_SCHEMES_ZH = {"FisherJenks": "Fisher-Jenks 自然间断法", "NaturalBreaks": "自然间断法",
               "Quantiles": "分位数法", "EqualInterval": "等间距法",
               "JenksCaspall": "Jenks-Caspall 法", "HeadTailBreaks": "头尾断裂法"}


def classify_rates(rates: pd.Series, scheme: str = "FisherJenks", k: int = 5,
                   ) -> tuple[pd.Series, list[tuple[float, float]]]:
    """Class of each rate (0 = lowest; -1 = no data) and each class's range.

    Class 0 runs from the lowest rate to its upper bound inclusive; every
    later class holds the rates above its lower bound up to its upper bound.
    Fewer classes are used when there are fewer distinct rates than ``k``.

    Examples
    --------
    >>> classes, bounds = classify_rates(pd.Series([1.0, 2.0, 9.0, 10.0]), k=2)
    >>> classes.tolist(), bounds
    ([0, 0, 1, 1], [(1.0, 2.0), (2.0, 10.0)])
    """
    known = rates.dropna().astype(float)
    classes = pd.Series(-1, index=rates.index, dtype=int)
    distinct = known.nunique()
    if distinct == 0:
        return classes, []
    if distinct == 1:
        classes[known.index] = 0
        return classes, [(known.iloc[0], known.iloc[0])]
    with warnings.catch_warnings():
        # mapclassify notes it runs without numba; only slower, same classes
        warnings.simplefilter("ignore", UserWarning)
        classifier = getattr(mapclassify, scheme)(known.to_numpy(), k=min(k, distinct))
    classes[known.index] = classifier.yb
    lows = [known.min(), *classifier.bins[:-1]]
    bounds = [(float(lo), float(hi)) for lo, hi in zip(lows, classifier.bins,
                                                       strict=True)]
    return classes, bounds


def _colours(k: int) -> list[str]:
    steps = np.linspace(0, len(_PALETTE) - 1, max(k, 1)).round().astype(int)
    return [_PALETTE[i] for i in steps]


def complaint_map(
    figures: pd.DataFrame,
    polygons: gpd.GeoDataFrame,
    points: pd.DataFrame | None = None,
    hotspots: pd.DataFrame | None = None,
    params: MapParams | None = None,
    town_code: str | None = None,
) -> folium.Map:
    """Choropleth of complaints per 10,000 households by town.

    Parameters
    ----------
    figures
        Measures by town (:func:`~yubei_gas_lib.complaints.complaint_measures`
        with ``by="town"``), indexed by town code.
    polygons
        Town polygons (:func:`~yubei_gas_lib.geography.town_polygons`).
    points
        Tickets with ``lon`` and ``lat`` (WGS-84) for the heat layer; rows
        without coordinates are ignored. None or none left: the map says so.
    hotspots
        :func:`~.hotspots.gi_star` of the rates, indexed by town code.
    params
        Map settings; the defaults draw without tiles.
    town_code
        Zoom to this town and outline it; the whole district when None.

    Returns
    -------
    folium.Map
        Save it with :func:`~.offline.save_offline` for a page that works
        offline.
    """
    params = params or MapParams()
    frame = _town_frame(figures, polygons, hotspots, params)
    if town_code is not None and town_code not in set(frame.town_code):
        raise ValueError(f"town_code {town_code!r} is not one of the map's towns")
    shift = params.tiles is not None and params.tiles.datum == "gcj02"
    if shift:
        frame = frame.set_geometry(shapely.transform(
            frame.geometry.values, _gcj02_xy))

    # the base map: no tiles unless configured
    focus = frame if town_code is None else frame[frame.town_code == town_code]
    west, south, east, north = focus.total_bounds
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2],
                   zoom_start=10, tiles=None, control_scale=True,
                   attribution_control=params.tiles is not None,
                   prefer_canvas=False)
    if params.tiles is not None:
        folium.TileLayer(params.tiles.template, attr=params.tiles.attribution,
                         name="底图").add_to(m)
    m.fit_bounds([[south, west], [north, east]])

    _towns_layer(frame, town_code).add_to(m)
    _labels(frame, small=town_code is None).add_to(m)
    heat_note = _heat_layer(points, params, shift, m)
    schematic = bool(polygons.get("schematic", pd.Series([False])).any())
    m.get_root().html.add_child(Element(
        _legend_html(frame, params, hotspots is not None, heat_note, schematic)))
    return m


def _gcj02_xy(xy: np.ndarray) -> np.ndarray:
    lon, lat = wgs84_to_gcj02(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def _town_frame(figures: pd.DataFrame, polygons: gpd.GeoDataFrame,
                hotspots: pd.DataFrame | None, params: MapParams,
                ) -> gpd.GeoDataFrame:
    """Polygons with class, colour and the hover's formatted figures."""
    frame = polygons[["town_code", "town_name", "geometry"]].copy()
    figs = figures.reindex(frame.town_code)
    rates = pd.Series(figs.per_10k.to_numpy(dtype=float), index=frame.index)
    classes, bounds = classify_rates(rates, params.classification.scheme,
                                     params.classification.k)
    colours = _colours(len(bounds))
    frame["fill"] = [colours[c] if c >= 0 else _NO_DATA for c in classes]
    frame["klass"] = classes.to_numpy()
    frame.attrs["bounds"] = bounds
    spots = (hotspots.hotspot.reindex(frame.town_code).fillna("none").to_numpy()
             if hotspots is not None else np.full(len(frame), "none"))
    frame["spot"] = spots
    frame["名称"] = frame.town_name
    frame["投诉量"] = [fmt_count(v) for v in figs.tickets.fillna(0)]
    frame["每万户"] = [_fmt_rate(v) for v in figs.per_10k]
    frame["户数"] = [fmt_count(v) for v in figs.households]
    frame["超时未办结"] = [fmt_count(v) for v in figs.open_overdue.fillna(0)]
    frame["按时办结率"] = [fmt_pct(v) for v in figs.close_on_time.astype(float)]
    frame["动态清零"] = np.where(figs.cleared.fillna(True).astype(bool), "是", "否")
    frame["热点"] = [HOTSPOT_ZH[s] for s in spots] if hotspots is not None else "—"
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=polygons.crs)


def _fmt_rate(value: float) -> str:
    return "无户数" if pd.isna(value) else f"{value:,.1f}"


_HOVER = ["名称", "投诉量", "每万户", "户数", "超时未办结", "按时办结率", "动态清零",
          "热点"]
_HOVER_ZH = ["镇街", "投诉量（件）", "每万户投诉量", "户数", "超时未办结（件）",
             "按时办结率", "计量收费动态清零", "Gi* 热点"]


def _towns_layer(frame: gpd.GeoDataFrame, town_code: str | None) -> folium.GeoJson:
    def style(feature: dict) -> dict:
        p = feature["properties"]
        focused = p["town_code"] == town_code
        spot = p["spot"] != "none"
        return {"fillColor": p["fill"], "fillOpacity": 0.75,
                "color": "#000000" if focused and not spot else _OUTLINE[p["spot"]],
                "weight": 5 if focused else (3.5 if spot else 1),
                "dashArray": "6 4" if spot and not focused else None}

    data = frame[["town_code", "fill", "spot", *_HOVER, "geometry"]]
    return folium.GeoJson(
        # Chinese as is, so the page can be searched and read as text
        data.to_json(ensure_ascii=False), name="镇街", style_function=style,
        highlight_function=lambda _: {"weight": 4, "fillOpacity": 0.9},
        tooltip=folium.GeoJsonTooltip(fields=_HOVER, aliases=_HOVER_ZH,
                                      sticky=True),
    )


def _labels(frame: gpd.GeoDataFrame, small: bool) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="镇街名称")
    size = 11 if small else 13
    for name, point in zip(frame.town_name, frame.geometry.representative_point(),
                           strict=True):
        label = (f'<div style="font-size:{size}px;color:#222;white-space:nowrap;'
                 "transform:translate(-50%,-50%);text-shadow:0 0 3px #fff,0 0 3px #fff;"
                 f'pointer-events:none">{html.escape(name)}</div>')
        folium.Marker([point.y, point.x], icon=folium.DivIcon(
            html=label, icon_size=(0, 0), class_name="yg-town-label"),
            interactive=False).add_to(group)
    return group


def _heat_layer(points: pd.DataFrame | None, params: MapParams, shift: bool,
                m: folium.Map) -> str | None:
    """Add the heat layer; a note to show instead when no ticket has coordinates."""
    if points is None or not {"lon", "lat"} <= set(points.columns):
        return "本期工单均无坐标，未绘制热力图层。"
    located = points.dropna(subset=["lon", "lat"])
    if located.empty:
        return "本期工单均无坐标，未绘制热力图层。"
    lon, lat = located.lon.to_numpy(float), located.lat.to_numpy(float)
    if shift:
        lon, lat = wgs84_to_gcj02(lon, lat)
    HeatMap(np.column_stack([lat, lon]).round(5).tolist(), name="工单热力",
            radius=params.heat.radius, blur=params.heat.blur).add_to(m)
    share = len(located) / len(points)
    return (None if share == 1 else
            f"热力图层仅含带坐标的工单（{fmt_pct(share)}）。")


def _legend_html(frame: gpd.GeoDataFrame, params: MapParams, with_hotspots: bool,
                 heat_note: str | None, schematic: bool) -> str:
    bounds = frame.attrs["bounds"]
    colours = _colours(len(bounds))
    counts = frame.klass.value_counts()
    rows = []
    for i, ((lo, hi), colour) in enumerate(zip(bounds, colours, strict=True)):
        # classes after the first hold values above their lower bound
        low = f"{lo:,.1f}" if i == 0 else f"&gt;{lo:,.1f}"
        rows.append(_swatch(colour, f"{low} – {hi:,.1f}（{counts.get(i, 0)} 个镇街）"))
    if (frame.klass < 0).any():
        missing = int((frame.klass < 0).sum())
        rows.append(_swatch(_NO_DATA, f"无户数数据（{missing} 个镇街）"))
    scheme = params.classification.scheme
    method = f"分级：{_SCHEMES_ZH.get(scheme, scheme)}，{len(bounds)} 级"
    notes = []
    if with_hotspots:
        h = params.hotspots
        rows.append(_swatch("transparent", "Gi* 热点：与相邻镇街合计显著偏高",
                            _OUTLINE["hot"]))
        rows.append(_swatch("transparent", "Gi* 冷点：显著偏低", _OUTLINE["cold"]))
        notes.append(f"显著性：p &lt; {h.alpha:g}，{h.permutations} 次条件置换，"
                     f"随机种子 {h.seed}。")
    if heat_note:
        notes.append(html.escape(heat_note))
    if schematic:
        notes.append(f"<b>{html.escape(SCHEMATIC_NOTE)}</b>")
    note_html = "".join(f'<div class="yg-note">{n}</div>' for n in notes)
    return (
        '<div class="yg-legend" style="position:absolute;z-index:1000;right:10px;'
        "bottom:24px;background:rgba(255,255,255,.92);padding:8px 10px;"
        "border:1px solid #999;border-radius:4px;font:12px/1.5 'Noto Sans CJK SC',"
        "'Microsoft YaHei',sans-serif;max-width:260px\">"
        "<div><b>每万户投诉量（件/万户）</b></div>"
        f'<div style="color:#555">{method}</div>{"".join(rows)}{note_html}</div>'
    )


def _swatch(fill: str, text: str, outline: str = "#636363") -> str:
    return ('<div><span style="display:inline-block;width:14px;height:10px;'
            f"margin-right:6px;background:{fill};border:2px solid {outline};"
            f'vertical-align:middle"></span>{text}</div>')
