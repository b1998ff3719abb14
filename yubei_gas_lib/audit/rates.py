"""月抄、月清、月推 rates and the estimate share, per enterprise, town and month.

Counted with integer codes (group of each household, months since 1970-01)
and ``bincount`` over a dense group x month grid, so that ten million
readings are counted in about a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import TRUSTED_READ_TYPES
from .allocation import codes, to_days
from .params import AuditParams

KEYS = ["enterprise_id", "town_code", "month"]
RATE_COLUMNS = KEYS + [
    "households_active", "households_read", "read_rate",
    "bills", "bills_settled", "settle_rate",
    "bills_pushed", "push_rate",
    "readings", "readings_estimated", "estimate_share",
]


FAR = np.iinfo(np.int64).max // 4


def _months(values: pd.Series, missing: int = FAR) -> np.ndarray:
    """Months since 1970-01; ``missing`` where a date is missing."""
    out = np.asarray(values, dtype="datetime64[M]")
    gone = np.isnat(out)
    out = out.astype(np.int64)
    out[gone] = missing
    return out


def _distinct(cells: np.ndarray, n_cells: int) -> np.ndarray:
    """The distinct values of ``cells``, integers in ``[0, n_cells)``.

    Counting them is all that follows, so their order does not matter: a
    table of seen cells is linear in the rows, where hashing ten million
    cells is not; hashing stays for a grid much larger than the rows.
    """
    if n_cells > 4 * len(cells) + 1_000_000:
        return pd.unique(cells)
    seen = np.zeros(n_cells, dtype=bool)
    seen[cells] = True
    return np.flatnonzero(seen)


def monthly_rates(households: pd.DataFrame, readings: pd.DataFrame,
                  bills: pd.DataFrame, params: AuditParams,
                  reading_hh: np.ndarray | None = None,
                  bill_hh: np.ndarray | None = None) -> pd.DataFrame:
    """The campaign's monthly practice rates.

    Notes
    -----
    - 月抄: of the households active in a month (status ``active`` or not
      given, opened by the month's end), the share with a trusted reading.
    - 月清: of the non-void bills issued in a month, the share issued within
      ``settle_days`` of their period end and covering 26 to 35 days.
    - 月推: of the same bills, the share pushed within ``late_push_days``.
    - Estimate share: of the readings taken in a month, the share estimated.

    ``reading_hh`` and ``bill_hh``, the household codes (positions in
    ``households``) of each row, may be passed when already known.
    """
    ids = pd.Index(households["household_id"])
    grouped = households.groupby(["enterprise_id", "town_code"], sort=True)
    group = grouped.ngroup().to_numpy()
    labels = grouped.size().index
    status = households["status"] if "status" in households else None
    live = np.ones(len(households), bool) if status is None else (
        status.fillna("active") == "active").to_numpy()
    # a household without an opening date counts as open all along
    opened = _months(households["opened_on"], -FAR) if "opened_on" in households \
        else np.full(len(households), -FAR)

    r_hh = codes(readings["household_id"], ids) if reading_hh is None else reading_hh
    r_ok = r_hh >= 0
    r_hh, r_month = r_hh[r_ok], _months(readings["read_on"])[r_ok]
    # compared as Arrow strings: no Python object per reading
    kind = readings["read_type"]
    trusted = kind.isin(TRUSTED_READ_TYPES).to_numpy()[r_ok]
    estimated = (kind == "estimated").to_numpy()[r_ok]
    b_hh = codes(bills["household_id"], ids) if bill_hh is None else bill_hh
    live_bill = (bills["status"] != "void").to_numpy() & (b_hh >= 0)
    b_hh = b_hh[live_bill]
    start, end, issued = (to_days(bills[c])[live_bill] for c in (
        "period_start", "period_end", "issued_on"))
    b_month = _months(bills["issued_on"])[live_bill]
    present = np.r_[r_month, b_month]
    if len(present) == 0:
        return pd.DataFrame(columns=RATE_COLUMNS)
    m0, n_m, n_g = int(present.min()), int(present.max() - present.min()) + 1, len(
        labels)

    def grid(g: np.ndarray, m: np.ndarray, weights=None) -> np.ndarray:
        cell = g * n_m + (m - m0)
        return np.bincount(cell, weights=weights, minlength=n_g * n_m).reshape(
            n_g, n_m)

    # active households: openings per month, added up month after month
    first = np.clip(opened, m0, m0 + n_m)
    openings = np.bincount(group[live] * (n_m + 1) + (first[live] - m0),
                           minlength=n_g * (n_m + 1)).reshape(n_g, n_m + 1)
    active = np.cumsum(openings, axis=1)[:, :n_m]

    # households with a trusted reading, counted once a month, if active then
    cell = _distinct(r_hh[trusted] * n_m + (r_month[trusted] - m0),
                     len(households) * n_m)
    h, m = cell // n_m, cell % n_m + m0
    counted = live[h] & (opened[h] <= m)
    read = grid(group[h[counted]], m[counted])

    length = end - start
    lo, hi = params.cycle_days_monthly
    settled = (issued - end <= params.settle_days) & (length >= lo) & (length <= hi)
    if "pushed_on" in bills:
        pushed_on = bills["pushed_on"]
        pushed = (~pushed_on.isna().to_numpy()[live_bill]) & (
            to_days(pushed_on)[live_bill] - issued <= params.late_push_days)
    else:
        pushed = np.zeros(len(b_hh), dtype=bool)
    counts = {
        "households_active": active,
        "households_read": read,
        "bills": grid(group[b_hh], b_month),
        "bills_settled": grid(group[b_hh], b_month, settled),
        "bills_pushed": grid(group[b_hh], b_month, pushed),
        "readings": grid(group[r_hh], r_month),
        "readings_estimated": grid(group[r_hh], r_month, estimated),
    }
    g_idx, m_idx = np.divmod(np.arange(n_g * n_m), n_m)
    out = pd.DataFrame({
        "enterprise_id": labels.get_level_values(0)[g_idx],
        "town_code": labels.get_level_values(1)[g_idx],
        "month": (m_idx + m0).astype("datetime64[M]").astype("datetime64[s]"),
        **{k: v.ravel().astype(np.int64) for k, v in counts.items()},
    })
    # months with neither readings nor bills of a group carry no rate
    out = out[(out["readings"] + out["bills"]) > 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["read_rate"] = out["households_read"] / out["households_active"]
        out["settle_rate"] = out["bills_settled"] / out["bills"]
        out["push_rate"] = out["bills_pushed"] / out["bills"]
        out["estimate_share"] = out["readings_estimated"] / out["readings"]
    out = out.replace([np.inf, -np.inf], np.nan)
    return out[RATE_COLUMNS].reset_index(drop=True)
