"""The household audit of billing.md: allocation, flags, refunds, rates, batches.

The public entry point is :func:`audit`; its result, :class:`AuditResult`, is
the stable interface that notebooks and other analyses use.
"""

from .core import REQUIRED_TABLES, AuditResult, audit
from .params import FLAG_IDS, AuditParams, load_audit_params

__all__ = ["audit", "AuditResult", "AuditParams", "load_audit_params",
           "FLAG_IDS", "REQUIRED_TABLES"]
