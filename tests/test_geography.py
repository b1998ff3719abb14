"""Reference geography: towns, schematic polygons, official override, crosswalk."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from yubei_gas_lib import geography
from yubei_gas_lib.errors import YubeiGasError


def test_thirty_towns_nineteen_subdistricts_eleven_towns():
    towns = geography.towns()
    assert len(towns) == 30 and towns.town_code.is_unique
    assert towns.kind.value_counts().to_dict() == {"街道": 19, "镇": 11}
    assert towns.town_code.str.fullmatch(r"500112\d{6}").all()


def test_schematic_polygons_tile_the_outline():
    polygons = geography.town_polygons()
    assert polygons.schematic.all() and len(polygons) == 30
    outline = geography.area_km2(geography.district_outline()).sum()
    assert geography.area_km2(polygons).sum() == pytest.approx(outline, rel=1e-6)
    # cells do not overlap: the union's area is the sum of the areas
    union = gpd.GeoDataFrame(geometry=[shapely.union_all(polygons.geometry)],
                             crs=geography.WGS84)
    assert geography.area_km2(union).sum() == pytest.approx(outline, rel=1e-6)


def test_each_seat_lies_in_its_own_polygon():
    towns = geography.towns().set_index("town_code")
    for row in geography.town_polygons().itertuples():
        seat = shapely.Point(towns.at[row.town_code, "lon"],
                             towns.at[row.town_code, "lat"])
        assert row.geometry.covers(seat), row.town_name


def test_every_town_has_a_neighbour():
    weights = geography.town_neighbours(geography.town_polygons())
    assert weights.n == 30 and not weights.islands


def test_official_boundaries_replace_the_schematic_ones(tmp_path):
    official = geography.town_polygons()[["town_name", "geometry"]]
    official = official.rename(columns={"town_name": "名称"})
    path = tmp_path / "official.geojson"
    official.to_file(path, driver="GeoJSON")
    loaded = geography.town_polygons(path)
    assert not loaded.schematic.any() and len(loaded) == 30
    assert set(loaded.town_code) == set(geography.towns().town_code)


def test_official_file_missing_a_town_is_refused(tmp_path):
    official = geography.town_polygons()[["town_code", "geometry"]].iloc[1:]
    path = tmp_path / "official.geojson"
    official.to_file(path, driver="GeoJSON")
    with pytest.raises(YubeiGasError) as err:
        geography.town_polygons(path)
    assert "双龙湖街道" in err.value.zh and "500112002000" in err.value.en


def test_inside_district():
    import pandas as pd

    inside = geography.inside_district(pd.Series([106.6, 116.4]),
                                       pd.Series([29.7, 39.9]))
    assert inside.tolist() == [True, False]


def test_2025_crosswalk():
    change = geography.admin_change_2025()
    assert len(change) == 30
    to_beibei = change[change.district_code_after == "500109"].town_name
    assert set(to_beibei) == {"统景镇", "大湾镇", "兴隆镇", "茨竹镇", "大盛镇"}
    assert set(change.district_code_after) == {"500157", "500109"}
