"""Saved maps: no network reference, all 30 towns, and they draw offline."""

import json
import re
import shutil

import folium
import pytest
import shapely

from yubei_gas_lib.complaints import complaint_measures
from yubei_gas_lib.complaints.testing import small_district
from yubei_gas_lib.geography import SCHEMATIC_NOTE, town_polygons, towns
from yubei_gas_lib.maps import (
    MapParams,
    OfflineMapError,
    complaint_map,
    complaint_map_for,
    load_map_params,
    offline_html,
    save_offline,
    wgs84_to_gcj02,
)
from yubei_gas_lib.maps.params import Tiles

CHROMIUM = "/usr/bin/chromium"
URL = re.compile(r"https?://|//cdn", re.IGNORECASE)
CENTRE = "500112012000"


@pytest.fixture(scope="module")
def district():
    return small_district(seed=5, households_per_town={CENTRE: 400},
                          tickets_per_1000={CENTRE: 120})


@pytest.fixture(scope="module")
def saved(district, tmp_path_factory):
    folder = tmp_path_factory.mktemp("maps")
    return {
        "district": save_offline(complaint_map_for(district), folder / "d.html"),
        "town": save_offline(complaint_map_for(district, town_code=CENTRE),
                             folder / "t.html"),
    }


def test_no_external_url_and_every_town(saved):
    for path in saved.values():
        page = path.read_text(encoding="utf-8")
        assert not URL.search(page), URL.search(page)
        # names may be JSON-escaped inside scripts; codes appear as they are
        assert all(json.dumps(name)[1:-1] in page or name in page
                   for name in towns().town_name)
        assert all(code in page for code in towns().town_code)
        assert SCHEMATIC_NOTE in page
        assert "Fisher-Jenks" in page and "个镇街" in page
        assert path.stat().st_size < 1_000_000


def test_legend_classes_state_the_breaks(district):
    figures = complaint_measures(district, by="town")
    page = offline_html(complaint_map(figures, town_polygons()))
    top = figures.per_10k.max()
    assert f"{top:,.1f}（" in page


def test_map_says_so_when_no_ticket_has_coordinates():
    ds = small_district(coordinates=False)
    page = offline_html(complaint_map_for(ds))
    assert "均无坐标" in page and "HeatLayer" not in page


def test_an_element_needing_an_unshipped_asset_is_refused():
    from folium.plugins import MarkerCluster

    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    with pytest.raises(OfflineMapError, match="markercluster"):
        offline_html(m)


def test_configured_tiles_shift_to_gcj02_and_keep_only_their_host(district):
    tiles = Tiles(url="https://tiles.example.cn/{z}/{x}/{y}.png?k={key}", key="K",
                  datum="gcj02")
    params = MapParams(tiles=tiles)
    m = complaint_map_for(district, params=params)
    with pytest.raises(OfflineMapError):
        offline_html(m)
    page = offline_html(m, allow=[tiles.origin])
    assert "tiles.example.cn/{z}/{x}/{y}.png?k=K" in page
    # the towns are drawn shifted; the data are not
    layer = next(c for c in m._children.values() if isinstance(c, folium.GeoJson))
    drawn = layer.data["features"][0]["geometry"]["coordinates"]
    while isinstance(drawn[0][0], list):
        drawn = drawn[0]
    polygons = town_polygons()
    x, y = shapely.get_coordinates(polygons.geometry.iloc[0])[0]
    lon, lat = wgs84_to_gcj02(x, y)
    assert drawn[0] == pytest.approx([float(lon), float(lat)], abs=1e-9)


def test_shipped_map_params_are_offline():
    assert load_map_params().tiles is None


def _browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("chromium not installed (apt-get install chromium)")
    return playwright.sync_playwright()


def test_draws_in_chromium_with_the_network_cut(saved):
    with _browser() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
                  "--disable-background-networking"],
        )
        try:
            for path in saved.values():
                page = browser.new_page(viewport={"width": 900, "height": 700})
                asked, errors = [], []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))

                def route(r, asked=asked):
                    if r.request.url.startswith(("file:", "data:")):
                        return r.continue_()
                    asked.append(r.request.url)
                    return r.abort()

                page.route("**/*", route)
                page.goto(path.as_uri())
                page.wait_for_selector("path.leaflet-interactive", state="attached")
                assert page.locator("path.leaflet-interactive").count() == 30
                labels = page.locator(".yg-town-label").all_inner_texts()
                assert sorted(labels) == sorted(towns().town_name)
                assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
                assert page.locator(".yg-legend").is_visible()
                assert asked == [] and errors == []
                page.close()
        finally:
            browser.close()


def test_notebook_output_embeds_the_offline_page(district):
    from yubei_gas_lib.maps import show_offline

    shown = show_offline(complaint_map_for(district), height=300)._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "height:300px" in shown
    assert not URL.search(shown)


def test_official_boundary_path_is_relative_to_the_params_file(tmp_path):
    (tmp_path / "maps.yaml").write_text("official_boundaries: geo/towns.geojson\n",
                                        encoding="utf-8")
    params = load_map_params(tmp_path / "maps.yaml")
    assert params.official_boundaries == str(tmp_path / "geo" / "towns.geojson")


def test_bad_map_params_name_the_key(tmp_path):
    from yubei_gas_lib.errors import ParameterError

    (tmp_path / "maps.yaml").write_text("classification: {scheme: Rainbow}\n",
                                        encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_map_params(tmp_path / "maps.yaml")
    assert err.value.key == "classification.scheme"
