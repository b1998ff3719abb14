"""The residential gas tariff: tier years, allowance buckets and dated prices.

The tariff is a parameter file (``params/tariff.yaml``), never a literal in
code, because the figures in use come from secondary sources and will be
replaced when the price bureau confirms the current table. :func:`load_tariff`
validates the file against :class:`Tariff` and raises
:class:`~yubei_gas_lib.errors.ParameterError` naming the file and the key, in
Chinese and English, so that a wrong tariff fails before any work starts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ParameterError

MONTHS = frozenset(range(1, 13))
# the repository's parameter folder, for the default files
PARAMS_DIR = Path(__file__).resolve().parent.parent / "params"
DEFAULT_TARIFF = PARAMS_DIR / "tariff.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MonthDay(_Strict):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class Bucket(_Strict):
    """Calendar months that share one pair of tier thresholds."""

    name: str
    months: list[int] = Field(min_length=1)
    thresholds_m3: tuple[float, float]


class Plan(_Strict):
    """A tiered plan (``buckets``) or a flat-price one (``flat: true``)."""

    flat: bool = False
    buckets: list[Bucket] = Field(default_factory=list)


class Season(_Strict):
    months: list[int] = Field(min_length=1)
    tiers_yuan: tuple[float, float, float]


class PriceRow(_Strict):
    """Prices in force from ``valid_from`` to ``valid_to`` (inclusive)."""

    valid_from: dt.date
    valid_to: dt.date | None = None
    seasons: list[Season] = Field(min_length=1)
    flat_yuan: dict[str, float] = Field(default_factory=dict)


class Tariff(_Strict):
    """The whole tariff; see ``billing.md`` for the meaning of each part."""

    name: str = ""
    source: str = ""
    tier_year_start: MonthDay = MonthDay(month=9, day=1)
    default_persons: int = Field(default=3, ge=1)
    persons_included: int = Field(default=4, ge=1)
    extra_per_person_m3: float = Field(default=70.0, ge=0)
    plans: dict[str, Plan]
    prices: list[PriceRow] = Field(min_length=1)
    path: str = Field(default="<memory>", exclude=True)

    # derived views used by the allocation ---------------------------------
    def bucket_table(self) -> pd.DataFrame:
        """One row per (plan, month): bucket number and base thresholds."""
        rows = []
        for plan_id, plan in self.plans.items():
            for b, bucket in enumerate(plan.buckets):
                for month in bucket.months:
                    t1, t2 = bucket.thresholds_m3
                    rows.append((plan_id, month, b, bucket.name, t1, t2))
        return pd.DataFrame(
            rows, columns=["plan", "month", "bucket", "bucket_name", "t1", "t2"]
        )

    def price_boundaries(self) -> list[dt.date]:
        """Dates on which a price row starts or the one before it ends."""
        days = {row.valid_from for row in self.prices}
        days |= {r.valid_to + dt.timedelta(days=1) for r in self.prices if r.valid_to}
        return sorted(days)

    def row_index(self, days: pd.DatetimeIndex | pd.Series) -> np.ndarray:
        """Index of the price row in force on each day, -1 where none is."""
        starts = np.array([np.datetime64(r.valid_from, "D") for r in self.prices])
        ends = np.array(
            [np.datetime64(r.valid_to or dt.date(9999, 12, 31), "D")
             for r in self.prices]
        )
        values = np.asarray(days, dtype="datetime64[D]")
        idx = np.searchsorted(starts, values, side="right") - 1
        ok = (idx >= 0) & (values <= ends[np.clip(idx, 0, None)])
        return np.where(ok, idx, -1)

    def tier_prices(self, row: int, month: int) -> tuple[float, float, float]:
        for season in self.prices[row].seasons:
            if month in season.months:
                return season.tiers_yuan
        raise KeyError(month)  # unreachable after validation

    def price_envelope(self, plan: str, rows: list[int]) -> tuple[float, float]:
        """Lowest and highest price a plan can be charged under ``rows``."""
        if self.plans[plan].flat:
            prices = [self.prices[r].flat_yuan[plan] for r in rows]
        else:
            prices = [p for r in rows for s in self.prices[r].seasons
                      for p in s.tiers_yuan]
        return min(prices), max(prices)


def load_tariff(path: str | Path | None = None) -> Tariff:
    """Read and check a tariff file.

    Parameters
    ----------
    path
        A YAML file; ``params/tariff.yaml`` of the repository by default.

    Returns
    -------
    Tariff
        The validated tariff; ``tariff.path`` records the file it came from.

    Raises
    ------
    ParameterError
        The file is missing, is not YAML, or breaks a rule: an unknown key, a
        bucket without months, months covered twice or not at all, thresholds
        out of order, overlapping price rows or a gap between them, a flat plan
        without a price.

    Examples
    --------
    >>> tariff = load_tariff()
    >>> tariff.prices[0].flat_yuan["low_income"]
    1.96
    """
    path = Path(path) if path is not None else DEFAULT_TARIFF
    if not path.exists():
        raise ParameterError(str(path), "-", "文件不存在", "the file does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParameterError(str(path), "-", f"不是有效的YAML：{exc}",
                             f"not valid YAML: {exc}") from None
    return tariff_from_dict(raw, str(path))


def tariff_from_dict(raw: Any, path: str = "<memory>") -> Tariff:
    """Validate an already parsed tariff mapping (see :func:`load_tariff`)."""
    if not isinstance(raw, dict):
        raise ParameterError(path, "-", "顶层应为映射（键: 值）",
                             "the top level must be a mapping")
    try:
        tariff = Tariff.model_validate({**raw, "path": path})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "-"
        raise ParameterError(path, key, f"取值无效：{err['msg']}",
                             f"invalid value: {err['msg']}") from None
    _check(tariff, path)
    return tariff


def _check(tariff: Tariff, path: str) -> None:
    # each check names the key a reader has to fix
    for plan_id, plan in tariff.plans.items():
        key = f"plans.{plan_id}"
        if plan.flat and plan.buckets:
            raise ParameterError(path, key, "统一价格方案不应有分档",
                                 "a flat plan must not have buckets")
        if not plan.flat:
            if not plan.buckets:
                raise ParameterError(path, f"{key}.buckets", "阶梯方案缺少分档",
                                     "a tiered plan needs at least one bucket")
            _check_months([b.months for b in plan.buckets], path, f"{key}.buckets")
            for i, bucket in enumerate(plan.buckets):
                t1, t2 = bucket.thresholds_m3
                if not 0 <= t1 <= t2:
                    raise ParameterError(
                        path, f"{key}.buckets.{i}.thresholds_m3",
                        f"应满足 0 ≤ 一档 ≤ 二档，实际为 {t1} / {t2}",
                        f"expected 0 <= tier 1 <= tier 2, got {t1} / {t2}")
    rows = tariff.prices
    for i, row in enumerate(rows):
        key = f"prices.{i}"
        if row.valid_to is not None and row.valid_to < row.valid_from:
            raise ParameterError(path, f"{key}.valid_to", "结束日期早于开始日期",
                                 "valid_to is before valid_from")
        _check_months([s.months for s in row.seasons], path, f"{key}.seasons")
        for plan_id, plan in tariff.plans.items():
            if plan.flat and plan_id not in row.flat_yuan:
                raise ParameterError(path, f"{key}.flat_yuan.{plan_id}",
                                     "缺少统一价格方案的价格",
                                     "a flat plan has no price in this row")
        if i == 0:
            continue
        before = rows[i - 1]
        if before.valid_to is None or before.valid_to >= row.valid_from:
            raise ParameterError(path, key, "价格行的有效期与上一行重叠（或顺序颠倒）",
                                 "this price row overlaps the one before it "
                                 "(or rows are out of order)")
        if before.valid_to + dt.timedelta(days=1) != row.valid_from:
            raise ParameterError(
                path, key,
                f"价格行之间有空档：{before.valid_to} 之后到 "
                f"{row.valid_from} 之前无价格",
                f"a gap in dates: no price between {before.valid_to} "
                f"and {row.valid_from}")


def _check_months(groups: list[list[int]], path: str, key: str) -> None:
    seen: list[int] = []
    for i, months in enumerate(groups):
        bad = [m for m in months if m not in MONTHS]
        if bad:
            raise ParameterError(path, f"{key}.{i}.months", f"月份无效：{bad}",
                                 f"invalid months: {bad}")
        seen.extend(months)
    twice = sorted({m for m in seen if seen.count(m) > 1})
    if twice:
        raise ParameterError(path, key, f"月份重复出现：{twice}",
                             f"months covered twice: {twice}")
    missing = sorted(MONTHS - set(seen))
    if missing:
        raise ParameterError(path, key, f"月份未覆盖：{missing}",
                             f"months not covered: {missing}")
