"""The complaint loop: stage checks, time limits and measures (complaints.md)."""

from .limits import (
    LIMITS_ZH,
    ServiceStandards,
    emergency_response,
    load_service_standards,
    overdue_open_tickets,
    ticket_timeline,
)
from .loop import FINDINGS, stage_findings
from .measures import MEASURES_ZH, complaint_measures

__all__ = [
    "FINDINGS",
    "LIMITS_ZH",
    "MEASURES_ZH",
    "ServiceStandards",
    "complaint_measures",
    "emergency_response",
    "load_service_standards",
    "overdue_open_tickets",
    "stage_findings",
    "ticket_timeline",
]
