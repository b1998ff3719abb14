"""The household audit: ``audit(dataset, tariff) -> AuditResult``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..tariff import Tariff
from .allocation import Allocation, allocate, codes, to_days
from .batches import resumption_batches
from .explain import explanations
from .flags import (
    BILL_FLAGS,
    READING_FLAGS,
    bill_masks,
    mask_columns,
    mask_strings,
    reading_masks,
)
from .household import (
    NO_DAY,
    accounts,
    bill_scope,
    household_masks,
    partial_first_year,
    windows,
)
from .params import AuditParams
from .rates import monthly_rates

REQUIRED_TABLES = ("households", "readings", "bills")
HOUSEHOLD_COLUMNS = [
    "household_id", "enterprise_id", "town_code", "plan", "persons", "status",
    "window_start", "window_end", "volume_m3", "billed_volume_m3", "billed_yuan",
    "correct_yuan", "refund_due_yuan", "under_billed_yuan", "refunded_yuan",
    "outstanding_yuan", "tier1_m3", "tier2_m3", "tier3_m3", "flat_m3",
    "partial_tier_year", "bills_judged", "bills_pending", "bills_suspended",
    "suspended_yuan", "flags", "explanation",
]


@dataclass(frozen=True)
class AuditResult:
    """Everything the audit finds; amounts unrounded (round when writing).

    Attributes
    ----------
    households
        One row per household: window, volumes, money, flags (ids joined by
        ``;``, sorted) and the Chinese explanation.
    bill_flags
        One row per bill: ``scope`` (``judged``, ``pending``,
        ``before_window``, ``void``), one boolean column per bill rule, and
        ``flags``.
    reading_flags
        The flagged readings only, with ``in_chain`` and one boolean column
        per reading rule.
    monthly_rates
        月抄、月清、月推 rates and estimate share per enterprise, town, month.
    batches
        Households with suspended bills, masked, in resumption batches.
    tariff_path
        The tariff file used, for the briefing's header.
    as_of
        The as-of date the data were cut at, if any.
    """

    households: pd.DataFrame
    bill_flags: pd.DataFrame
    reading_flags: pd.DataFrame
    monthly_rates: pd.DataFrame
    batches: pd.DataFrame
    tariff_path: str
    as_of: dt.date | None = None


def audit(dataset: Dataset, tariff: Tariff, as_of: dt.date | str | None = None,
          params: AuditParams | None = None) -> AuditResult:
    """Audit every household's metering and billing against the tariff.

    Parameters
    ----------
    dataset
        Needs ``households``, ``readings`` and ``bills``; ``refunds`` is
        optional.
    tariff
        From :func:`yubei_gas_lib.tariff.load_tariff`.
    as_of
        Cut the data at the end of this day first (readings, bills issued and
        refunds made after it are not known); default: the data as given.
    params
        Rule thresholds; :class:`AuditParams` defaults (the spec's) if None.

    Returns
    -------
    AuditResult

    Raises
    ------
    MissingTableError
        A required table is absent.
    """
    dataset.require(*REQUIRED_TABLES, command="audit")
    params = params or AuditParams()
    if as_of is not None:
        as_of = pd.Timestamp(as_of).date()
        dataset = dataset.cut(as_of)
    households = dataset.table("households").reset_index(drop=True)
    readings = dataset.table("readings")
    bills = dataset.table("bills").reset_index(drop=True)
    refunds = dataset.tables.get("refunds")

    # allocation, and the flags on readings; the allocation is the largest
    # intermediate, so the reading rules run before the bills' arrays exist
    alloc = allocate(readings, households, tariff)
    start, end = windows(alloc)
    r_mask = reading_masks(alloc, params)
    reading_frame = _reading_frame(alloc, readings, r_mask)
    reading_hh = _original_order(alloc, readings)
    hit = np.flatnonzero(r_mask)
    hit_hh, hit_mask = alloc.readings["hh"].to_numpy()[hit], r_mask[hit]
    del r_mask, hit

    # the accounts of each household, after which the allocation is freed
    # (the flagged readings suffice from then on)
    bill_hh = codes(bills["household_id"], alloc.household_ids)
    known = bill_hh >= 0
    if not known.all():  # the loader guarantees this; a copy only otherwise
        bills, bill_hh = bills[known].reset_index(drop=True), bill_hh[known]
    scope = bill_scope(bills, bill_hh, start, end)
    money = accounts(alloc, bills, bill_hh, scope, refunds, params)
    del alloc

    # flags on bills and households
    b_mask = bill_masks(bills, households, bill_hh, tariff, params)
    h_mask = household_masks(len(households), bill_hh, b_mask, hit_hh, hit_mask,
                             money["mismatch"].to_numpy())

    rates = monthly_rates(households, readings, bills, params,
                          reading_hh=reading_hh, bill_hh=bill_hh)
    del reading_hh
    frame = _household_frame(households, money, start, end, h_mask, tariff)
    bill_frame = _bill_frame(bills, scope, b_mask)
    first = _first_flagged(len(frame), bill_hh, bills, b_mask)
    frame["explanation"] = explanations(frame, first).array
    return AuditResult(
        households=frame[HOUSEHOLD_COLUMNS],
        bill_flags=bill_frame,
        reading_flags=reading_frame,
        monthly_rates=rates,
        batches=resumption_batches(frame, params),
        tariff_path=tariff.path,
        as_of=as_of or dataset.as_of,
    )


def _dates(days: np.ndarray) -> pd.Series:
    out = np.where(days == NO_DAY, np.datetime64("NaT"),
                   days.astype("datetime64[D]"))
    return pd.Series(out.astype("datetime64[s]"))


def _original_order(alloc: Allocation, readings: pd.DataFrame) -> np.ndarray:
    """Household code of each reading, in the readings table's own order."""
    out = np.full(len(readings), -1, dtype=np.int64)
    out[alloc.readings["src"].to_numpy()] = alloc.readings["hh"].to_numpy()
    return out


def _first_flagged(n: int, bill_hh: np.ndarray, bills: pd.DataFrame,
                   mask: np.ndarray) -> pd.DataFrame:
    """Per household: the earliest flagged bill's period and the flagged count."""
    hit = np.flatnonzero(mask != 0)
    start = to_days(bills["period_start"])[hit]
    end = to_days(bills["period_end"])[hit]
    hh = bill_hh[hit]
    order = np.lexsort((start, hh))
    hh, start, end = hh[order], start[order], end[order]
    first = np.r_[True, hh[1:] != hh[:-1]] if len(hh) else np.zeros(0, bool)
    first_start = np.full(n, NO_DAY)
    first_end = np.full(n, NO_DAY)
    first_start[hh[first]] = start[first]
    first_end[hh[first]] = end[first]
    return pd.DataFrame({"start": _dates(first_start), "end": _dates(first_end),
                         "n": np.bincount(hh, minlength=n)[:n]})


def _household_frame(households, money, start, end, mask, tariff) -> pd.DataFrame:
    frame = households.reindex(columns=["household_id", "enterprise_id",
                                        "town_code", "plan", "persons", "status"])
    frame["window_start"] = _dates(start).to_numpy()
    frame["window_end"] = _dates(end).to_numpy()
    for col in money.columns.drop("mismatch"):
        frame[col] = money[col].to_numpy()
    ts = tariff.tier_year_start
    frame["partial_tier_year"] = partial_first_year(start, ts.month, ts.day)
    frame["flags"] = mask_strings(mask)
    return frame


def _bill_frame(bills, scope, mask) -> pd.DataFrame:
    keep = ["bill_id", "household_id", "period_start", "period_end", "volume_m3",
            "amount_yuan", "issued_on", "pushed_on", "status"]
    frame = bills.reindex(columns=keep)
    frame["scope"] = pd.Categorical(scope)
    for flag, col in mask_columns(mask, BILL_FLAGS).items():
        frame[flag] = col
    frame["flags"] = mask_strings(mask, categorical=True)
    return frame


def _reading_frame(alloc: Allocation, readings, mask) -> pd.DataFrame:
    r = alloc.readings
    hit = np.flatnonzero(mask != 0)
    src = readings.iloc[r["src"].to_numpy()[hit]]
    frame = src.reindex(columns=["household_id", "meter_id", "read_on",
                                 "register_m3", "read_type"]).reset_index(drop=True)
    frame["in_chain"] = r["kept"].to_numpy()[hit]
    for flag, col in mask_columns(mask[hit], READING_FLAGS).items():
        frame[flag] = col
    frame["flags"] = mask_strings(mask[hit])
    return frame


__all__ = ["AuditResult", "audit", "REQUIRED_TABLES", "to_days"]
