"""One Chinese sentence per household a call-centre agent can read out.

Built column-wise (formatted columns joined with ``np.where``), so that a
district of 700,000 households takes seconds, not a loop over households.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .flags import FLAG_ZH
from .rounding import money, volume


def _day(values: pd.Series) -> np.ndarray:
    return pd.to_datetime(values).dt.strftime("%Y年%m月%d日").fillna("").to_numpy(
        dtype=object)


def _num(values: np.ndarray, fmt: str) -> np.ndarray:
    return pd.Series(values).map(fmt.format).to_numpy(dtype=object)


def _flag_names(flags: pd.Series) -> np.ndarray:
    # a few hundred distinct flag sets at most: translate each once
    names = {f: "、".join(FLAG_ZH[x] for x in f.split(";")) if f else ""
             for f in flags.unique()}
    return flags.map(names).to_numpy(dtype=object)


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

    Examples
    --------
    A household billed 27.30 yuan too much over a catch-up period reads:
    ``2023年11月01日至2024年01月01日，按可信抄表核定用气610.000立方米，按阶梯
    气价应收1290.70元，期间账单合计1318.00元；多收27.30元，尚需退还27.30元；
    发现问题：零估抄（涉及账单1张，最早一张为2023年11月01日至2023年12月01日）。``
    """
    out = np.full(len(households), "", dtype=object)
    refund = money(households["refund_due_yuan"].to_numpy())
    wanted = np.flatnonzero((refund > 0) | (households["flags"].to_numpy() != ""))
    if len(wanted) == 0:
        return pd.Series(out, index=households.index, name="explanation")
    h = households.iloc[wanted]
    a = {c: money(h[c].to_numpy()) for c in (
        "correct_yuan", "billed_yuan", "refund_due_yuan", "refunded_yuan",
        "outstanding_yuan", "under_billed_yuan")}
    f = {c: _num(v, "{:.2f}") for c, v in a.items()}

    # the window and its money
    text = (_day(h["window_start"]) + "至" + _day(h["window_end"])
            + "，按可信抄表核定用气" + _num(volume(h["volume_m3"].to_numpy()), "{:.3f}")
            + "立方米，按阶梯气价应收" + f["correct_yuan"] + "元，期间账单合计"
            + f["billed_yuan"] + "元")
    text = np.where(h["window_start"].isna().to_numpy(),
                    "该户没有同一表具的两次可信抄表，暂无法核算应收气费", text)
    refund_text = ("；多收" + f["refund_due_yuan"] + "元"
                   + np.where(a["refunded_yuan"] > 0,
                              "，已退" + f["refunded_yuan"] + "元", "")
                   + np.where(a["outstanding_yuan"] > 0,
                              "，尚需退还" + f["outstanding_yuan"] + "元", "，已全部退还"))
    under_text = "；少收" + f["under_billed_yuan"] + "元（仅作记录，不向用户追缴）"
    text = text + np.where(a["refund_due_yuan"] > 0, refund_text,
                           np.where(a["under_billed_yuan"] > 0, under_text, ""))

    # the rules broken, and the first flagged bill's period
    flagged = bill_flags[bill_flags["flags"] != ""]
    first = flagged.sort_values("period_start").groupby("household_id").agg(
        start=("period_start", "first"), end=("period_end", "first"),
        n=("bill_id", "size")).reindex(h["household_id"])
    period = ("（涉及账单" + first["n"].fillna(0).astype(int).astype(str).to_numpy(
        dtype=object) + "张，最早一张为" + _day(first["start"]) + "至"
        + _day(first["end"]) + "）")
    period = np.where(first["start"].isna().to_numpy(), "", period)
    names = _flag_names(h["flags"])
    text = text + np.where(names != "", "；发现问题：" + names + period, "") + "。"
    out[wanted] = text
    return pd.Series(out, index=households.index, name="explanation")
