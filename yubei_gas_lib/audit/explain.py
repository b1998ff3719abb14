"""One Chinese sentence per household a call-centre agent can read out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .flags import FLAG_ZH
from .rounding import money, volume


def _day(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y年%m月%d日")


def explanations(households: pd.DataFrame, bill_flags: pd.DataFrame) -> pd.Series:
    """Sentences for households with a refund due or a flag, empty otherwise.

    Parameters
    ----------
    households
        The audit's household frame (unrounded amounts, ``flags`` string).
    bill_flags
        The audit's bill frame; the earliest flagged bill of a household
        names the period the agent should mention first.

    Returns
    -------
    pandas.Series
        Indexed like ``households``; amounts rounded half up to the fen.
    """
    refund = money(households["refund_due_yuan"].to_numpy())
    flags = households["flags"].to_numpy()
    wanted = np.flatnonzero((refund > 0) | (flags != ""))
    out = np.full(len(households), "", dtype=object)
    if len(wanted) == 0:
        return pd.Series(out, index=households.index, name="explanation")

    # first flagged bill per household, and how many bills carry a flag
    flagged = bill_flags[bill_flags["flags"] != ""]
    first = flagged.sort_values("period_start").groupby("household_id").agg(
        start=("period_start", "first"), end=("period_end", "first"),
        n=("bill_id", "size"))
    h = households.iloc[wanted]
    first = first.reindex(h["household_id"])
    cols = {c: h[c].to_numpy() for c in ("window_start", "window_end", "flags")}
    amounts = {c: money(h[c].to_numpy()) for c in (
        "correct_yuan", "billed_yuan", "refund_due_yuan", "refunded_yuan",
        "outstanding_yuan", "under_billed_yuan")}
    vol = volume(h["volume_m3"].to_numpy())
    for k, i in enumerate(wanted):
        out[i] = _sentence(
            cols["window_start"][k], cols["window_end"][k], vol[k],
            {c: v[k] for c, v in amounts.items()}, cols["flags"][k],
            first["start"].iloc[k], first["end"].iloc[k], first["n"].iloc[k])
    return pd.Series(out, index=households.index, name="explanation")


def _sentence(ws, we, vol, a, flags, f_start, f_end, n_flagged) -> str:
    parts = []
    if pd.isna(ws):
        parts.append("该户没有同一表具的两次可信抄表，暂无法核算应收气费")
    else:
        parts.append(
            f"{_day(ws)}至{_day(we)}，按可信抄表核定用气{vol:.3f}立方米，"
            f"按阶梯气价应收{a['correct_yuan']:.2f}元，"
            f"期间账单合计{a['billed_yuan']:.2f}元")
        if a["refund_due_yuan"] > 0:
            text = f"多收{a['refund_due_yuan']:.2f}元"
            if a["refunded_yuan"] > 0:
                text += f"，已退{a['refunded_yuan']:.2f}元"
            text += (f"，尚需退还{a['outstanding_yuan']:.2f}元"
                     if a["outstanding_yuan"] > 0 else "，已全部退还")
            parts.append(text)
        elif a["under_billed_yuan"] > 0:
            parts.append(f"少收{a['under_billed_yuan']:.2f}元（仅作记录，不向用户追缴）")
    if flags:
        names = "、".join(FLAG_ZH[f] for f in flags.split(";"))
        text = f"发现问题：{names}"
        if not pd.isna(f_start):
            text += (f"（涉及账单{int(n_flagged)}张，最早一张为"
                     f"{_day(f_start)}至{_day(f_end)}）")
        parts.append(text)
    return "；".join(parts) + "。"
