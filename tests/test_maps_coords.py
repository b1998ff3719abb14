"""WGS-84 -> GCJ-02 on published reference points (eviltransform's test set)."""

import numpy as np
import pytest

from yubei_gas_lib.maps import wgs84_to_gcj02

# (wgs lat, wgs lon) -> (gcj lat, gcj lon)
POINTS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),   # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),   # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),   # Beijing
]


@pytest.mark.parametrize(("wgs", "gcj"), POINTS)
def test_known_points(wgs, gcj):
    lon, lat = wgs84_to_gcj02(wgs[1], wgs[0])
    assert float(lat) == pytest.approx(gcj[0], abs=1e-9)
    assert float(lon) == pytest.approx(gcj[1], abs=1e-9)


def test_vectorised_and_outside_china_unchanged():
    lon, lat = wgs84_to_gcj02(np.array([121.5272106, -104.9903]),
                              np.array([31.1774276, 39.7392]))
    assert lat[0] == pytest.approx(31.17530398364597, abs=1e-9)
    assert (lon[1], lat[1]) == (-104.9903, 39.7392)


def test_shift_in_yubei_is_a_few_hundred_metres():
    lon, lat = wgs84_to_gcj02(106.63, 29.72)
    metres = np.hypot((lon - 106.63) * 96_700, (lat - 29.72) * 111_000)
    assert 200 < metres < 800
