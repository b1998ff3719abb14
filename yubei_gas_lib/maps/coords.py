"""WGS-84 to GCJ-02, for drawing data on tiles that use the GCJ-02 datum.

Tiles of most commercial Chinese web maps (Gaode, Tencent) are drawn on
GCJ-02, a datum offset from WGS-84 by a few hundred metres; 天地图 tiles
are CGCS2000, which is WGS-84 at map scale and needs no shift. The suite
keeps every coordinate in WGS-84 and shifts only copies made for display.
The forward transform is the published one (Krasovsky ellipsoid constants,
the same formulas as open implementations such as eviltransform); no
inverse is needed because nothing shifted is ever stored.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["out_of_china", "wgs84_to_gcj02"]

_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid, metres
_EE = 0.00669342162296594323  # its first eccentricity squared


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> np.ndarray:
    """Whether each point lies outside the rough box where GCJ-02 applies."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _shift_lat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
    out = out + 0.2 * np.sqrt(np.abs(x))
    out += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2 / 3
    out += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2 / 3
    out += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2 / 3
    return out


def _shift_lon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y
    out = out + 0.1 * np.sqrt(np.abs(x))
    out += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2 / 3
    out += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2 / 3
    out += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2 / 3
    return out


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Shift WGS-84 longitudes and latitudes to GCJ-02, for display only.

    Points outside China are returned unchanged, as the datum only applies
    inside it.

    Parameters
    ----------
    lon, lat
        Degrees, scalars or arrays of one shape.

    Returns
    -------
    tuple of arrays
        GCJ-02 longitude and latitude.

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(121.5272106, 31.1774276)  # Shanghai
    >>> round(float(lon), 9), round(float(lat), 9)
    (121.531541859, 31.175303984)
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = lon - 105.0, lat - 35.0
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    radius_lat = (_A * (1 - _EE)) / (magic * np.sqrt(magic))
    d_lat = _shift_lat(x, y) * 180.0 / (radius_lat * np.pi)
    d_lon = _shift_lon(x, y) * 180.0 / (_A / np.sqrt(magic) * np.cos(rad) * np.pi)
    outside = out_of_china(lon, lat)
    return np.where(outside, lon, lon + d_lon), np.where(outside, lat, lat + d_lat)
