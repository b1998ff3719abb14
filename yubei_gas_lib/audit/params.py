"""Thresholds of the audit's rule flags, read from ``params/audit.yaml``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ParameterError
from ..tariff import PARAMS_DIR

DEFAULT_AUDIT_PARAMS = PARAMS_DIR / "audit.yaml"

FLAG_IDS = (
    "cycle_irregular",
    "long_unread",
    "estimate_chain",
    "zero_estimate",
    "estimate_above_cap",
    "unoccupied_usage",
    "negative_consumption",
    "consumption_spike",
    "tier_year_straddle",
    "price_envelope",
    "double_bill",
    "late_push",
    "volume_mismatch",
)


class AuditParams(BaseModel):
    """Every threshold of ``billing.md``'s rule table; defaults are the spec's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    monthly_regime_from: dt.date = dt.date(2024, 6, 1)
    cycle_days_monthly: tuple[int, int] = (26, 35)
    cycle_days_before: tuple[int, int] = (25, 90)
    long_unread_days: int = Field(default=90, ge=1)
    estimate_chain_min: int = Field(default=2, ge=2)
    estimate_cap_months: int = Field(default=12, ge=1)
    spike_factor: float = Field(default=3.0, gt=1)
    spike_min_periods: int = Field(default=3, ge=1)
    spike_min_baseline_m3_per_day: float = Field(default=0.05, ge=0)
    heating_months: list[int] = Field(default_factory=lambda: [12, 1, 2])
    tier_year_straddle_min_days: int = Field(default=35, ge=1)
    price_envelope_tolerance_yuan: float = Field(default=0.01, ge=0)
    late_push_days: int = Field(default=3, ge=0)
    volume_tolerance_m3: float = Field(default=0.001, ge=0)
    settle_days: int = Field(default=3, ge=0)
    batch_refund_threshold_yuan: float = Field(default=50.0, ge=0)
    explained_flags: list[str] = Field(
        default_factory=lambda: ["cycle_irregular", "late_push", "tier_year_straddle",
                                 "long_unread", "estimate_chain", "zero_estimate"]
    )

    @model_validator(mode="after")
    def _known(self) -> AuditParams:
        unknown = sorted(set(self.explained_flags) - set(FLAG_IDS))
        if unknown:
            raise ValueError(f"unknown flag ids in explained_flags: {unknown}")
        for lo, hi in (self.cycle_days_monthly, self.cycle_days_before):
            if lo > hi:
                raise ValueError(f"cycle bounds out of order: {lo} > {hi}")
        if set(self.heating_months) - set(range(1, 13)):
            raise ValueError("heating_months must be months 1..12")
        return self


def load_audit_params(path: str | Path | None = None) -> AuditParams:
    """Read and check the audit thresholds (``params/audit.yaml`` by default).

    Raises
    ------
    ParameterError
        The file is missing or a key is unknown or out of range.
    """
    path = Path(path) if path is not None else DEFAULT_AUDIT_PARAMS
    if not path.exists():
        raise ParameterError(str(path), "-", "文件不存在", "the file does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return AuditParams.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ParameterError(str(path), "-", f"不是有效的YAML：{exc}",
                             f"not valid YAML: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "-"
        raise ParameterError(str(path), key, f"取值无效：{err['msg']}",
                             f"invalid value: {err['msg']}") from None
