"""The indicator catalogue and the assessment's parameters (``params/assessment.yaml``).

Every number the assessment uses that a bureau might want to change lives in
the YAML file: which indicators count, in which task of the plan, how much,
and where they score 0 and 100; how the three sources combine; the grades;
the windows the flows are measured over; and the sensitivity analysis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..contract import DISCLOSURE_CHANNELS, DISCLOSURE_ITEMS, SERVICE_ITEMS
from ..params import parse_model
from ..tariff import PARAMS_DIR

DEFAULT_ASSESSMENT = PARAMS_DIR / "assessment.yaml"

# The seven tasks of the plan (渝北府办〔2024〕30号, 四、主要任务).
TASKS_ZH = {
    1: "投诉举报处置",
    2: "气费清理与恢复收费",
    3: "抄表计量缴费",
    4: "服务事项管理",
    5: "企业信息公开",
    6: "行业服务评价",
    7: "执法惩戒",
}
SOURCES_ZH = {"data": "数据核算", "industry": "行业检查", "self": "企业自评",
              "third_party": "第三方评估"}
# Data and industry checks are the regulator's own evidence, so the plan's
# three-way combination (行业检查、企业自我评价、第三方机构评估) puts them together.
SOURCE_GROUPS = {"data": "industry_data", "industry": "industry_data",
                 "self": "self", "third_party": "third_party"}
GROUPS_ZH = {"industry_data": "行业检查与数据", "self": "企业自评",
             "third_party": "第三方评估"}

Source = Literal["data", "self", "third_party", "industry"]


class Indicator(BaseModel):
    """One indicator: what it measures, where it belongs and how it scores.

    ``floor`` scores 0 and ``target`` 100, linear between; for a ``lower``
    indicator the floor is the larger number.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name_zh: str
    task: int = Field(ge=1, le=7)
    direction: Literal["higher", "lower"]
    source: Source
    weight: float = Field(gt=0)
    floor: float
    target: float
    unit_zh: str = ""
    window_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _breakpoints_follow_direction(self) -> Indicator:
        if self.direction == "higher" and not self.target > self.floor:
            raise ValueError(f"indicator {self.id}: direction higher needs "
                             f"target > floor, got {self.floor} and {self.target}")
        if self.direction == "lower" and not self.target < self.floor:
            raise ValueError(f"indicator {self.id}: direction lower needs "
                             f"target < floor, got {self.floor} and {self.target}")
        return self


class Grade(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label_zh: str
    min_score: float = Field(ge=0, le=100)


class Sensitivity(BaseModel):
    """The random weight perturbations behind each enterprise's rank band."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    draws: int = Field(default=2000, ge=1000)
    spread: float = Field(default=0.5, gt=0, lt=1)
    seed: int = 20240614
    band_quantiles: tuple[float, float] = (0.05, 0.95)
    robust_max_spread: int = Field(default=1, ge=0)

    @model_validator(mode="after")
    def _ordered_quantiles(self) -> Sensitivity:
        low, high = self.band_quantiles
        if not 0 <= low <= high <= 1:
            raise ValueError(f"band_quantiles must satisfy 0 <= low <= high <= 1, "
                             f"got {self.band_quantiles}")
        return self


def _default_service_hours() -> dict[str, float]:
    return {"install": 120, "repair": 24, "relocate": 168, "connect": 48,
            "transfer": 72, "emergency": 1}


class AssessmentParams(BaseModel):
    """The whole ``params/assessment.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicators: list[Indicator]
    source_shares: dict[Literal["industry_data", "self", "third_party"], float] = {
        "industry_data": 0.4, "self": 0.2, "third_party": 0.4}
    grades: list[Grade] = [Grade(label_zh="优秀", min_score=90),
                           Grade(label_zh="良好", min_score=80),
                           Grade(label_zh="合格", min_score=60),
                           Grade(label_zh="不合格", min_score=0)]
    window_days: int = Field(default=92, ge=1)
    service_limit_hours: dict[str, float] = Field(
        default_factory=_default_service_hours)
    guide_min_channels: int = Field(default=2, ge=1, le=len(DISCLOSURE_CHANNELS))
    required_disclosures: list[str] = list(DISCLOSURE_ITEMS)
    disclosure_channels: list[str] = list(DISCLOSURE_CHANNELS)
    held_after_days: int = Field(default=30, ge=1)
    rectify_days: int = Field(default=30, ge=1)
    sensitivity: Sensitivity = Sensitivity()

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentParams:
        from .indicators import DATA_INDICATORS

        ids = [i.id for i in self.indicators]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"indicator ids must be unique; repeated: {twice}")
        unknown = [i.id for i in self.indicators
                   if i.source == "data" and i.id not in DATA_INDICATORS]
        if unknown:
            raise ValueError(f"data indicators {unknown} are not computed by the "
                             f"suite; known: {sorted(DATA_INDICATORS)}")
        total = sum(self.source_shares.values())
        if abs(total - 1) > 1e-9 or len(self.source_shares) != 3:
            raise ValueError("source_shares must give industry_data, self and "
                             f"third_party, adding up to 1; got {self.source_shares}")
        mins = [g.min_score for g in self.grades]
        if mins != sorted(mins, reverse=True) or mins[-1] != 0:
            raise ValueError("grades must run from the highest min_score down to "
                             f"a last grade at 0; got {mins}")
        _known("service_limit_hours", self.service_limit_hours, SERVICE_ITEMS)
        _known("required_disclosures", self.required_disclosures, DISCLOSURE_ITEMS)
        _known("disclosure_channels", self.disclosure_channels, DISCLOSURE_CHANNELS)
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for item in self.indicators:
            if item.id == indicator_id:
                return item
        raise KeyError(f"no indicator {indicator_id!r} in the catalogue")


def _known(key: str, values, allowed) -> None:
    odd = sorted(set(values) - set(allowed))
    if odd:
        raise ValueError(f"{key}: unknown {odd}; allowed: {sorted(allowed)}")


def load_assessment_params(path: str | Path | None = None) -> AssessmentParams:
    """Read and check the catalogue (default ``params/assessment.yaml``).

    Raises
    ------
    ParameterError
        The file is missing, or a key is unknown, out of range or inconsistent,
        naming the file and the key.
    """
    return parse_model(AssessmentParams, path or DEFAULT_ASSESSMENT)
