"""Summary tables of an audit with Chinese column labels, for the briefings.

Amounts are rounded half up to the fen here, since these tables are read by
people. Rows built from fewer than ``suppress_below`` households have their
figures blanked, as the briefing rules ask.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..privacy import suppress_small
from .batches import BATCH_ZH
from .core import AuditResult
from .flags import FLAG_ZH
from .params import FLAG_IDS
from .rounding import money

LABELS_ZH = {
    "town_code": "镇街代码", "enterprise_id": "企业编号", "households": "户数",
    "flagged": "有问题户数", "refund_households": "应退户数",
    "refund_due_yuan": "应退金额（元）", "refunded_yuan": "已退金额（元）",
    "outstanding_yuan": "待退金额（元）", "under_billed_yuan": "少收金额（元）",
    "flag": "规则", "flag_zh": "问题", "batch": "批次", "batch_zh": "批次说明",
    "suspended_yuan": "暂停账单金额（元）",
}


_NAMES = ["town_code", "enterprise_id", "batch", "batch_zh", "flag", "flag_zh"]


def _suppress(frame: pd.DataFrame, count: str, below: int) -> pd.DataFrame:
    return suppress_small(frame, count, _NAMES, below)


def money_by(result: AuditResult, by: str, suppress_below: int = 5,
             chinese: bool = True) -> pd.DataFrame:
    """Households, flagged, refunds and outstanding per ``town_code`` or
    ``enterprise_id``.

    Examples
    --------
    >>> from yubei_gas_lib.audit import audit, testing as T
    >>> from yubei_gas_lib.tariff import load_tariff
    >>> ds = T.dataset(T.households(("A", "standard")), T.readings())
    >>> money_by(audit(ds, load_tariff()), "town_code", 0).columns[0]
    '镇街代码'
    """
    h = result.households.assign(
        flagged=lambda f: f["flags"] != "",
        refund_households=lambda f: money(f["refund_due_yuan"]) > 0)
    out = h.groupby(by).agg(
        households=("household_id", "size"), flagged=("flagged", "sum"),
        refund_households=("refund_households", "sum"),
        refund_due_yuan=("refund_due_yuan", "sum"),
        refunded_yuan=("refunded_yuan", "sum"),
        outstanding_yuan=("outstanding_yuan", "sum"),
        under_billed_yuan=("under_billed_yuan", "sum")).reset_index()
    for col in ("refund_due_yuan", "refunded_yuan", "outstanding_yuan",
                "under_billed_yuan"):
        out[col] = money(out[col])
    out = _suppress(out, "households", suppress_below)
    return out.rename(columns=LABELS_ZH) if chinese else out


def flag_counts(result: AuditResult, chinese: bool = True) -> pd.DataFrame:
    """How many households carry each rule flag, in the spec's order."""
    flags = result.households["flags"]
    counts = [int(flags.str.contains(rf"(?:^|;){f}(?:;|$)", regex=True).sum())
              for f in FLAG_IDS]
    out = pd.DataFrame({"flag": FLAG_IDS, "flag_zh": [FLAG_ZH[f] for f in FLAG_IDS],
                        "households": counts})
    return out.rename(columns=LABELS_ZH) if chinese else out


def batch_counts(result: AuditResult, suppress_below: int = 5,
                 chinese: bool = True) -> pd.DataFrame:
    """Per town and resumption batch: households and amounts."""
    b = result.batches
    out = b.groupby(["town_code", "batch"]).agg(
        households=("household", "size"), suspended_yuan=("suspended_yuan", "sum"),
        refund_due_yuan=("refund_due_yuan", "sum"),
        outstanding_yuan=("outstanding_yuan", "sum")).reset_index()
    out.insert(2, "batch_zh", out["batch"].map(BATCH_ZH))
    for col in ("suspended_yuan", "refund_due_yuan", "outstanding_yuan"):
        out[col] = money(out[col].to_numpy())
    out["households"] = out["households"].astype(np.int64)
    out = _suppress(out, "households", suppress_below)
    return out.rename(columns=LABELS_ZH) if chinese else out
