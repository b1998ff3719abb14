"""The audit as the billing briefing tells it: totals, rates, call-back list.

Everything here is for readers: money rounded half up to the fen, ids
masked, town names instead of codes, and no name, phone or address (the
audit's tables carry none).
"""

from __future__ import annotations

import pandas as pd

from ..geography import town_names
from ..present import fmt_count, fmt_pct, fmt_yuan
from ..privacy import mask_id
from .core import AuditResult
from .rounding import money


def overview(result: AuditResult) -> dict[str, float]:
    """District totals of the audit, the figures the briefing opens with."""
    h = result.households
    judged = h["window_start"].notna()
    due = money(h["refund_due_yuan"].to_numpy())
    return {
        "households": len(h),
        "judged": int(judged.sum()),
        "flagged": int(h["flags"].fillna("").ne("").sum()),
        "refund_households": int((due > 0).sum()),
        "refund_due_yuan": float(due.sum()),
        "refunded_yuan": float(money(h["refunded_yuan"].to_numpy()).sum()),
        "outstanding_yuan": float(money(h["outstanding_yuan"].to_numpy()).sum()),
        "under_billed_yuan": float(money(h["under_billed_yuan"].to_numpy()).sum()),
    }


def overview_html(result: AuditResult) -> str:
    """One paragraph of the totals, in Chinese."""
    o = overview(result)
    done = (o["refund_due_yuan"] - o["outstanding_yuan"]) / o["refund_due_yuan"] \
        if o["refund_due_yuan"] else 1.0
    return (
        f"<p>共核查 {fmt_count(o['households'])} 户，其中 {fmt_count(o['judged'])} 户"
        f"有两次以上可信抄表、可以逐户核算；{fmt_count(o['flagged'])} 户至少触发一条"
        f"规则。应退 {fmt_count(o['refund_households'])} 户、合计 "
        f"{fmt_yuan(o['refund_due_yuan'])}，已退 {fmt_yuan(o['refunded_yuan'])}，"
        f"尚待退还 {fmt_yuan(o['outstanding_yuan'])}（完成 {fmt_pct(done)}）；"
        f"少收 {fmt_yuan(o['under_billed_yuan'])} 只作报告，不向用户补收。</p>")


def last_full_month(result: AuditResult) -> pd.Timestamp | None:
    """The latest calendar month that ended on or before the as-of date."""
    months = result.monthly_rates["month"]
    if months.empty:
        return None
    if result.as_of is None:
        return months.max()
    as_of = pd.Timestamp(result.as_of)
    ended = months[months + pd.offsets.MonthEnd(0) <= as_of]
    return ended.max() if len(ended) else None


def practice_by(result: AuditResult, by: str = "enterprise_id",
                month: pd.Timestamp | None = None) -> pd.DataFrame:
    """月抄、月清、月推 rates and estimate share of one month, per ``by``."""
    month = month if month is not None else last_full_month(result)
    r = result.monthly_rates
    r = r[r["month"] == month]
    sums = r.groupby(by)[["households_active", "households_read", "bills",
                          "bills_settled", "bills_pushed", "readings",
                          "readings_estimated"]].sum()
    out = pd.DataFrame({
        "households_active": sums["households_active"],
        "read_rate": sums["households_read"] / sums["households_active"],
        "settle_rate": sums["bills_settled"] / sums["bills"],
        "push_rate": sums["bills_pushed"] / sums["bills"],
        "estimate_share": sums["readings_estimated"] / sums["readings"],
    }).reset_index()
    if by == "town_code":
        out.insert(1, "town_name", out["town_code"].map(town_names()))
    return out


PRACTICE_ZH = {
    "households_active": "在用户数",
    "read_rate": "月抄率", "settle_rate": "月清率", "push_rate": "月推率",
    "estimate_share": "估抄占比",
}
PRACTICE_FORMATS = {k: fmt_pct for k in
                    ("read_rate", "settle_rate", "push_rate", "estimate_share")}


def call_back_list(result: AuditResult, n: int = 10) -> pd.DataFrame:
    """The households owed most, masked, with the sentence an agent reads out."""
    h = result.households
    owed = h[money(h["outstanding_yuan"].to_numpy()) > 0]
    owed = owed.sort_values(["outstanding_yuan", "household_id"],
                            ascending=[False, True]).head(n)
    return pd.DataFrame({
        "household": mask_id(owed["household_id"]).to_numpy(),
        "town_name": owed["town_code"].map(town_names()).to_numpy(),
        "outstanding_yuan": money(owed["outstanding_yuan"].to_numpy()),
        "explanation": owed["explanation"].to_numpy(),
    })


CALL_BACK_ZH = {"household": "户号（脱敏）", "town_name": "镇街",
                "outstanding_yuan": "待退金额", "explanation": "告知口径"}


MONEY_ZH = {"households": "户数", "flagged": "有问题户数", "refund_households": "应退户数",
            "refund_due_yuan": "应退金额", "refunded_yuan": "已退金额",
            "outstanding_yuan": "待退金额", "under_billed_yuan": "少收金额"}
