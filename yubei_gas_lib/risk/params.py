"""The parameters of the opinion-risk warning (``params/risk.yaml``).

Every number the score depends on lives in the YAML: the driver windows,
the breakpoints that map each driver to 0-100, the weights, the levels and
their suggested responses, and the backtest's calm period. The model
checks them on load, so that a wrong key or an unordered breakpoint list
fails before any work starts.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..params import parse_model
from ..tariff import PARAMS_DIR

DEFAULT_RISK_PARAMS = PARAMS_DIR / "risk.yaml"

# driver id -> Chinese label, in the order tables and charts show them
DRIVERS_ZH = {
    "complaint_surge": "计量收费投诉突增",
    "escalation": "重复/重办/升级投诉占比",
    "online_heat": "负面舆情热度",
    "bill_shock": "账单异常户",
    "overdue_backlog": "超时未办结工单",
    "refund_outstanding": "应退未退",
}
DRIVERS = tuple(DRIVERS_ZH)


class Breakpoints(BaseModel):
    """A piecewise-linear map from a driver's raw value to 0-100.

    ``points`` are ``[raw, score]`` pairs with raw values strictly rising and
    scores rising from the first to the last; below the first raw value the
    score is the first score, above the last it is the last.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    points: list[tuple[float, float]] = Field(min_length=2)

    @field_validator("points")
    @classmethod
    def _ordered(cls, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        raws = [p[0] for p in points]
        scores = [p[1] for p in points]
        if any(not math.isfinite(v) for v in raws + scores):
            raise ValueError("breakpoints must be finite numbers")
        if any(b <= a for a, b in zip(raws, raws[1:], strict=False)):
            raise ValueError(f"raw values must rise strictly, got {raws}")
        if any(b < a for a, b in zip(scores, scores[1:], strict=False)):
            raise ValueError(f"scores must not fall, got {scores}")
        if scores[0] < 0 or scores[-1] > 100:
            raise ValueError(f"scores must lie in 0..100, got {scores}")
        return points


class Driver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weight: float = Field(ge=0, le=1)
    breakpoints: Breakpoints
    # refund_outstanding is judged on households and on yuan; the higher wins
    yuan_breakpoints: Breakpoints | None = None


class Level(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name_zh: str
    grade: str
    min_score: float = Field(ge=0, le=100)
    response_zh: str


class Windows(BaseModel):
    """How far back each driver looks, in weeks, and how it shrinks small counts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    baseline_weeks: int = Field(8, ge=2)
    baseline_floor: float = Field(0.5, gt=0)
    escalation_weeks: int = Field(4, ge=1)
    escalation_prior_tickets: float = Field(5.0, ge=0)
    escalation_prior_share: float = Field(0.15, ge=0, le=1)
    bill_weeks: int = Field(4, ge=1)
    bill_shock_ratio: float = Field(2.0, gt=1)
    bill_flags: list[str] = Field(default_factory=list)
    min_households: int = Field(2000, ge=1)


class Backtest(BaseModel):
    """The known wave of the data judged, and the calm period before it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    calm_from: dt.date
    calm_to: dt.date
    wave_from: dt.date
    wave_to: dt.date
    worst_towns: int = Field(5, ge=1)

    @model_validator(mode="after")
    def _order(self) -> Backtest:
        if not self.calm_from < self.calm_to < self.wave_from < self.wave_to:
            raise ValueError("need calm_from < calm_to < wave_from < wave_to")
        return self


class RiskParams(BaseModel):
    """All of ``params/risk.yaml``; see the comments in that file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    windows: Windows = Windows()
    drivers: dict[str, Driver]
    levels: list[Level] = Field(min_length=1)
    calm_response_zh: str = "常态监测"
    campaign_start: dt.date
    backtest: Backtest
    path: str = Field(default="<memory>", exclude=True)

    @field_validator("drivers")
    @classmethod
    def _all_drivers(cls, drivers: dict[str, Driver]) -> dict[str, Driver]:
        missing = sorted(set(DRIVERS) - set(drivers))
        unknown = sorted(set(drivers) - set(DRIVERS))
        if missing or unknown:
            raise ValueError(f"drivers must be exactly {list(DRIVERS)}; "
                             f"missing {missing}, unknown {unknown}")
        total = sum(d.weight for d in drivers.values())
        if abs(total - 1) > 1e-9:
            raise ValueError(f"driver weights must add up to 1, got {total:g}")
        return {name: drivers[name] for name in DRIVERS}

    @field_validator("levels")
    @classmethod
    def _levels_descend(cls, levels: list[Level]) -> list[Level]:
        mins = [lv.min_score for lv in levels]
        if any(b >= a for a, b in zip(mins, mins[1:], strict=False)):
            raise ValueError(f"levels must go from the highest min_score down, "
                             f"got {mins}")
        return levels

    def level_names(self) -> list[str]:
        """The level names from the highest down, e.g. 红, 橙, 黄, 蓝."""
        return [lv.name_zh for lv in self.levels]


def load_risk_params(path: str | Path | None = None) -> RiskParams:
    """Read and check ``params/risk.yaml`` (or ``path``).

    Raises
    ------
    ParameterError
        Naming the file and the key of the first problem.
    """
    path = Path(path) if path is not None else DEFAULT_RISK_PARAMS
    params = parse_model(RiskParams, path)
    return params.model_copy(update={"path": str(path)})
