"""The household audit of a milestone, and the targets it answers."""

from __future__ import annotations

from typing import Any

from ..audit import audit
from ..audit.overview import last_full_month
from ..audit.params import load_audit_params
from ..errors import MissingTableError
from ..milestones import metric
from ..tariff import load_tariff
from . import builder


@builder("audit")
def build_audit(session: Any):
    """Audit every household with the data known at the milestone's date."""
    tariff = load_tariff(session.params_dir / "tariff.yaml")
    params = load_audit_params(session.params_dir / "audit.yaml")
    return audit(session.data, tariff, as_of=session.milestone.as_of, params=params)


def _audit_of(session: Any):
    if session is None:
        raise MissingTableError("households", "readings", "bills", command="audit")
    return session.result("audit")


@metric("audit_coverage")
def audit_coverage(dataset, session) -> float:
    """Share of households not closed whose bills the audit could judge."""
    households = _audit_of(session).households
    open_ = dataset.households.set_index("household_id")["status"].ne("closed")
    judged = households.set_index("household_id")["window_start"].notna()
    judged = judged.reindex(open_.index, fill_value=False)
    return float(judged[open_].mean()) if open_.any() else 0.0


def _district_rate(session, numerator: str, denominator: str) -> float:
    result = _audit_of(session)
    rates = result.monthly_rates
    month = rates[rates["month"] == last_full_month(result)]
    total = month[denominator].sum()
    return float(month[numerator].sum() / total) if total else 0.0


@metric("monthly_read_rate")
def monthly_read_rate(dataset, session) -> float:
    """月抄: district share of active households read in the last full month."""
    return _district_rate(session, "households_read", "households_active")


@metric("monthly_settle_rate")
def monthly_settle_rate(dataset, session) -> float:
    """月清: district share of the last full month's bills settled in time."""
    return _district_rate(session, "bills_settled", "bills")


@metric("monthly_push_rate")
def monthly_push_rate(dataset, session) -> float:
    """月推: district share of the last full month's bills pushed in time."""
    return _district_rate(session, "bills_pushed", "bills")


@metric("refund_completion")
def refund_completion(dataset, session) -> float:
    """Yuan refunded over yuan due (应退尽退), capped per household at its due."""
    h = _audit_of(session).households
    due = h["refund_due_yuan"].sum()
    paid = (h["refund_due_yuan"] - h["outstanding_yuan"]).sum()
    return float(paid / due) if due > 0 else 1.0
