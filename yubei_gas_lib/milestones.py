"""The campaign's four milestones and the checking of their targets.

A milestone file (``params/milestones/ID.yaml``) names the as-of date and the
targets that must hold by then. A target names a *metric*: a function of the
milestone's data registered in :data:`METRICS`, so that the YAML cannot ask
for a figure the suite does not know how to compute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .dataset import Dataset
from .errors import YubeiGasError
from .params import parse_model

MILESTONE_IDS = ("m1_investigation", "m2_rectification", "m3_evaluation", "m4_normal")

# A metric takes the milestone's (cut) dataset and, where it needs shared
# results such as the audit, the session that holds them.
MetricFn = Callable[[Dataset, Any], float]
METRICS: dict[str, MetricFn] = {}


def metric(name: str) -> Callable[[MetricFn], MetricFn]:
    """Register a milestone metric under ``name``."""

    def register(fn: MetricFn) -> MetricFn:
        METRICS[name] = fn
        return fn

    return register


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: str
    label_zh: str
    comparison: Literal[">=", "<="]
    threshold: float
    at_risk_margin: float = Field(0.0, ge=0)
    # how the figure reads: a share (shown as %) or a count of items
    unit: Literal["share", "count"] = "share"

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        from .results import load_builders

        load_builders()  # result modules register the metrics they serve
        if value not in METRICS:
            raise ValueError(
                f"unknown metric {value!r}; known: {', '.join(sorted(METRICS))}"
            )
        return value


class Milestone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name_zh: str
    as_of: dt.date
    goal_zh: str
    targets: list[Target] = Field(default_factory=list)


def load_milestone(params_dir: str | Path, milestone_id: str) -> Milestone:
    """Read and validate ``params_dir/milestones/<id>.yaml``."""
    path = Path(params_dir) / "milestones" / f"{milestone_id}.yaml"
    if not path.exists():
        known = sorted(p.stem for p in path.parent.glob("*.yaml"))
        raise YubeiGasError(
            f"找不到里程碑 {milestone_id} 的参数文件 {path}（已有：{'、'.join(known)}）",
            f"no parameter file {path} for milestone {milestone_id} "
            f"(known: {', '.join(known)})",
        )
    return parse_model(Milestone, path)


def load_milestones(params_dir: str | Path) -> list[Milestone]:
    """All milestones in ``params_dir/milestones``, by as-of date."""
    paths = sorted((Path(params_dir) / "milestones").glob("*.yaml"))
    return sorted((parse_model(Milestone, p) for p in paths), key=lambda m: m.as_of)


@dataclass(frozen=True)
class TargetStatus:
    label_zh: str
    metric: str
    value: float | None
    threshold: float
    comparison: str
    status: Literal["met", "at_risk", "not_met", "unavailable"]
    note_zh: str = ""
    unit: str = "share"


STATUS_ZH = {"met": "达成", "at_risk": "有风险", "not_met": "未达成",
             "unavailable": "无法评估"}


def check_targets(milestone: Milestone, dataset: Dataset,
                  session: Any = None) -> list[TargetStatus]:
    """Each target's figure and whether it is met, at risk or not met.

    A target is at risk when it is met by less than its margin. A metric
    whose table is absent is reported as unavailable with the reason.
    """
    from .results import load_builders

    load_builders()  # the metrics of shared results register on import
    out = []
    for target in milestone.targets:
        try:
            value = METRICS[target.metric](dataset, session)
        except YubeiGasError as exc:  # a table or shared result is missing
            out.append(TargetStatus(target.label_zh, target.metric, None,
                                    target.threshold, target.comparison,
                                    "unavailable", exc.zh, target.unit))
            continue
        out.append(TargetStatus(target.label_zh, target.metric, value,
                                target.threshold, target.comparison,
                                _status(target, value), unit=target.unit))
    return out


def _status(target: Target, value: float) -> str:
    sign = 1 if target.comparison == ">=" else -1
    slack = sign * (value - target.threshold)
    if slack < 0:
        return "not_met"
    return "at_risk" if slack < target.at_risk_margin else "met"


@metric("data_quarantine_share")
def _quarantine_share(dataset: Dataset, session: Any = None) -> float:
    read = sum(s.rows_read for s in dataset.sources.values())
    bad = sum(s.rows_quarantined for s in dataset.sources.values())
    return bad / read if read else 0.0
