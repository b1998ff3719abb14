"""The fictional gas enterprises and the towns each one serves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import geography

# Clearly fictional names: every one carries （虚构）.
ENTERPRISE_NAMES = (
    "渝北示例燃气有限公司（虚构）",
    "两江样例天然气有限公司（虚构）",
    "临空假想能源燃气有限公司（虚构）",
    "北部山乡虚拟燃气有限公司（虚构）",
    "渝东演示燃气服务有限公司（虚构）",
)

# Which enterprise serves which town (by seat longitude and latitude): the
# urban core west of 106.57 E, the airport belt east of it, the eastern
# towns and the northern towns; a fifth enterprise, when asked for, takes a
# share of the largest subdistricts.
_AREA_SECOND_SHARE = 0.2


def enterprises(count: int) -> pd.DataFrame:
    """The enterprises table: ``count`` fictional companies (3 to 5)."""
    if not 3 <= count <= 5:
        raise ValueError(f"enterprise count must be 3 to 5, got {count}")
    ids = [f"QY{i + 1:02d}" for i in range(count)]
    return pd.DataFrame({
        "enterprise_id": ids,
        "name": list(ENTERPRISE_NAMES[:count]),
        "licence_no": [f"渝燃经字（虚构）第{500112 + 7 * i}号" for i in range(count)],
        "hotline": [f"023-6{i + 1}00{i + 3}00{i}" for i in range(count)],
    })


def service_areas(count: int) -> pd.DataFrame:
    """Each town's enterprises and their shares of its households.

    Returns
    -------
    DataFrame
        ``town_code, enterprise, share`` where ``enterprise`` is the
        0-based position in :func:`enterprises`; shares sum to 1 per town.
    """
    towns = geography.towns()
    rows = []
    for town in towns.itertuples():
        if town.kind == "街道":
            main = 0 if town.lon < 106.57 else 1
        elif town.lat > 29.84 and count >= 4:
            main = 3
        else:
            main = 2
        second = None
        if town.kind == "街道" and count >= 5 and town.lat < 29.7:
            second = 4
        elif town.kind == "镇" and main == 2:
            second = 1
        if second is None:
            rows.append((town.town_code, main, 1.0))
        else:
            rows.append((town.town_code, main, 1 - _AREA_SECOND_SHARE))
            rows.append((town.town_code, second, _AREA_SECOND_SHARE))
    return pd.DataFrame(rows, columns=["town_code", "enterprise", "share"])


def assign_enterprise(town: np.ndarray, town_codes: np.ndarray, count: int,
                      rng: np.random.Generator) -> np.ndarray:
    """An enterprise for each household, drawn from its town's service area."""
    areas = service_areas(count)
    out = np.empty(len(town), dtype=np.int16)
    u = rng.random(len(town))
    for t, code in enumerate(town_codes):
        mine = town == t
        area = areas[areas.town_code == code]
        edges = np.cumsum(area.share.to_numpy())
        pick = np.searchsorted(edges, u[mine] * edges[-1], side="right")
        out[mine] = area.enterprise.to_numpy()[np.minimum(pick, len(area) - 1)]
    return out
