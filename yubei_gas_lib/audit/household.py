"""The audit of one household (billing.md), for all households at once.

Window, billed, correct, refund due, under-billed, refunded and outstanding,
all unrounded; rounding happens only when results are written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .allocation import Allocation, codes, to_days
from .flags import BILL_SLICE, BIT
from .params import AuditParams

NO_DAY = np.iinfo(np.int64).min

# where a bill stands against its household's window
SCOPE_VOID, SCOPE_JUDGED, SCOPE_PENDING, SCOPE_BEFORE = (
    "void", "judged", "pending", "before_window")


def windows(alloc: Allocation) -> tuple[np.ndarray, np.ndarray]:
    """First and last kept trusted reading over the meters with a period.

    A meter with a single trusted reading adds no period and does not widen
    the window; households without any period get ``NO_DAY`` for both ends.
    """
    n = len(alloc.household_ids)
    start = np.full(n, NO_DAY)
    end = np.full(n, NO_DAY)
    p = alloc.periods
    if len(p):
        frame = pd.DataFrame({"hh": p["hh"], "d0": p["d0"], "d1": p["d1"]})
        agg = frame.groupby("hh", sort=False).agg(d0=("d0", "min"), d1=("d1", "max"))
        start[agg.index.to_numpy()] = agg["d0"].to_numpy()
        end[agg.index.to_numpy()] = agg["d1"].to_numpy()
    return start, end


def bill_scope(bills: pd.DataFrame, hh: np.ndarray, start: np.ndarray,
               end: np.ndarray) -> np.ndarray:
    """``judged`` inside the window, ``pending`` after it, else as named."""
    # one shared string: np.full would make a new str object for every bill
    scope = np.empty(len(bills), dtype=object)
    scope[:] = SCOPE_PENDING
    # bills are judged one at a time: slices bound the temporaries
    for lo in range(0, len(bills), BILL_SLICE):
        part = slice(lo, lo + BILL_SLICE)
        ps = to_days(bills["period_start"].iloc[part])
        pe = to_days(bills["period_end"].iloc[part])
        ws, we = start[hh[part]], end[hh[part]]
        has = ws != NO_DAY
        out = scope[part]
        out[has & (pe <= we) & (ps < ws)] = SCOPE_BEFORE
        out[has & (ps >= ws) & (pe <= we)] = SCOPE_JUDGED
    scope[(bills["status"] == "void").to_numpy()] = SCOPE_VOID
    return scope


def accounts(alloc: Allocation, bills: pd.DataFrame, bill_hh: np.ndarray,
             scope: np.ndarray, refunds: pd.DataFrame | None,
             params: AuditParams) -> pd.DataFrame:
    """Money and volume per household, positional on household codes."""
    n = len(alloc.household_ids)

    def total(codes: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(codes, weights=weights, minlength=n)[:n]

    t = alloc.totals
    out = pd.DataFrame({
        # register differences telescope, so the periods give the exact volume
        "volume_m3": total(alloc.periods["hh"].to_numpy(),
                           alloc.periods["volume"].to_numpy()),
        "correct_yuan": t["charge"].to_numpy(),
        "tier1_m3": t["t1"].to_numpy(),
        "tier2_m3": t["t2"].to_numpy(),
        "tier3_m3": t["t3"].to_numpy(),
        "flat_m3": t["flat"].to_numpy(),
    })
    judged = scope == SCOPE_JUDGED
    out["billed_volume_m3"] = total(bill_hh[judged],
                                    bills["volume_m3"].to_numpy(float)[judged])
    out["billed_yuan"] = total(bill_hh[judged],
                               bills["amount_yuan"].to_numpy(float)[judged])
    out["bills_judged"] = total(bill_hh[judged]).astype(np.int64)
    out["bills_pending"] = total(bill_hh[scope == SCOPE_PENDING]).astype(np.int64)
    suspended = (bills["status"] == "suspended").to_numpy()
    out["bills_suspended"] = total(bill_hh[suspended]).astype(np.int64)
    out["suspended_yuan"] = total(bill_hh[suspended],
                                  bills["amount_yuan"].to_numpy(float)[suspended])

    out["refund_due_yuan"] = np.maximum(0.0, out["billed_yuan"] - out["correct_yuan"])
    out["under_billed_yuan"] = np.maximum(0.0,
                                          out["correct_yuan"] - out["billed_yuan"])
    if refunds is not None and len(refunds):
        r_hh = codes(refunds["household_id"], alloc.household_ids)
        ok = r_hh >= 0
        out["refunded_yuan"] = total(r_hh[ok],
                                     refunds["amount_yuan"].to_numpy(float)[ok])
    else:
        out["refunded_yuan"] = 0.0
    out["outstanding_yuan"] = np.maximum(0.0, out["refund_due_yuan"]
                                         - out["refunded_yuan"])
    mismatch = np.abs(out["billed_volume_m3"] - out["volume_m3"]).to_numpy() \
        > params.volume_tolerance_m3 + 1e-9
    out["mismatch"] = mismatch
    return out


def household_masks(n: int, bill_hh: np.ndarray, bill_mask: np.ndarray,
                    reading_hh: np.ndarray, reading_mask: np.ndarray,
                    mismatch: np.ndarray) -> np.ndarray:
    """The union of each household's bill and reading flags."""
    mask = np.where(mismatch, BIT["volume_mismatch"], 0).astype(np.int64)
    for bit in BIT.values():
        for rows, masks in ((bill_hh, bill_mask), (reading_hh, reading_mask)):
            hit = (masks & bit) != 0
            if hit.any():
                seen = np.bincount(rows[hit], minlength=n)[:n] > 0
                mask[seen] |= bit
    return mask


def partial_first_year(start: np.ndarray, month: int, day: int) -> np.ndarray:
    """Whether the window opens after the start of its first tier year."""
    has = start != NO_DAY
    dates = pd.DatetimeIndex(np.where(has, start, 0).astype("datetime64[D]"))
    return has & ~((dates.month == month) & (dates.day == day))
