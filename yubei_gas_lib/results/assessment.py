"""The enterprise assessment of a milestone, beside the previous milestone's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..assessment import (
    Assessment,
    AssessmentParams,
    assess,
    load_assessment_params,
    rectification_status,
    score_changes,
)
from ..audit import audit
from ..audit.params import load_audit_params
from ..complaints.limits import load_service_standards, ticket_timeline
from ..dataset import Dataset
from ..errors import MissingTableError
from ..milestones import load_milestones, metric
from ..tariff import load_tariff
from . import builder


@dataclass(frozen=True)
class MilestoneAssessment:
    """This milestone's assessment, the previous one's, and what changed.

    Attributes
    ----------
    current, previous
        The assessments at this milestone's as-of date and at the previous
        milestone's (None for the first milestone).
    previous_milestone
        ``(id, name_zh, as_of)`` of the previous milestone, or None.
    changes
        Score, grade and rank now and then, per enterprise.
    rectification
        The 整改清单 with each item new, carried over or closed since.
    params
        The catalogue used.
    """

    current: Assessment
    previous: Assessment | None
    previous_milestone: tuple[str, str, dt.date] | None
    changes: pd.DataFrame
    rectification: pd.DataFrame
    params: AssessmentParams


@builder("assessment")
def build_assessment(session: Any) -> MilestoneAssessment:
    """Assess every enterprise at the milestone, and at the one before it."""
    params = load_assessment_params(session.params_dir / "assessment.yaml")
    as_of = session.milestone.as_of
    current = assess(session.data, params, as_of, **_shared(session))
    before = [m for m in load_milestones(session.params_dir) if m.as_of < as_of]
    previous = previous_id = None
    if before:
        last = max(before, key=lambda m: m.as_of)
        # the previous milestone's data as it was known then
        data = session.full.cut(last.as_of)
        previous = assess(data, params, last.as_of,
                          **_computed(session, data, last.as_of))
        previous_id = (last.id, last.name_zh, last.as_of)
    return MilestoneAssessment(
        current=current,
        previous=previous,
        previous_milestone=previous_id,
        changes=score_changes(current.enterprises,
                              previous.enterprises if previous else None),
        rectification=rectification_status(
            current.rectification, previous.rectification if previous else None),
        params=params,
    )


def _shared(session: Any) -> dict[str, Any]:
    """The milestone's audit and complaint timeline, when their tables exist."""
    out: dict[str, Any] = {}
    try:
        out["audit"] = session.result("audit")
    except MissingTableError:
        pass
    try:
        out["timeline"] = session.result("complaints").timeline
    except MissingTableError:
        pass
    return out


def _computed(session: Any, data: Dataset, as_of: dt.date) -> dict[str, Any]:
    """Audit and timeline of another cut, with the milestone's own parameters."""
    out: dict[str, Any] = {}
    try:
        tariff = load_tariff(session.params_dir / "tariff.yaml")
        params = load_audit_params(session.params_dir / "audit.yaml")
        out["audit"] = audit(data, tariff, as_of=as_of, params=params)
    except MissingTableError:
        pass
    try:
        standards = load_service_standards(
            session.params_dir / "service_standards.yaml")
        out["timeline"] = ticket_timeline(data, standards, as_of)
    except MissingTableError:
        pass
    return out


def _assessment_of(session: Any) -> MilestoneAssessment:
    if session is None:
        raise MissingTableError("enterprises", command="assessment")
    return session.result("assessment")


@metric("assessment_coverage")
def assessment_coverage(dataset, session) -> float:
    """Share of enterprises assessed by all three sources (全覆盖考核评价)."""
    e = _assessment_of(session).current.enterprises
    if e.empty:
        return 0.0
    full = e[["score_industry_data", "score_self", "score_third_party"]].notna()
    return float(full.all(axis=1).mean())


@metric("assessment_self_evaluated")
def assessment_self_evaluated(dataset, session) -> float:
    """Share of enterprises with a self-evaluation by the as-of date (自评)."""
    e = _assessment_of(session).current.enterprises
    return float(e.score_self.notna().mean()) if len(e) else 0.0


@metric("assessment_rectification_open")
def assessment_rectification_open(dataset, session) -> float:
    """Items on the rectification list (整改清单) still open at the as-of date."""
    return float(len(_assessment_of(session).current.rectification))


@metric("assessment_pass_share")
def assessment_pass_share(dataset, session) -> float:
    """Share of enterprises graded above the lowest grade (合格 or better)."""
    result = _assessment_of(session)
    e = result.current.enterprises
    lowest = result.params.grades[-1].label_zh
    return float(e.grade.notna().mul(e.grade.ne(lowest)).mean()) if len(e) else 0.0
