"""Resuming suspended bills in batches (分批恢复收费)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..privacy import mask_id
from .params import AuditParams
from .rounding import money

BATCH_ZH = {1: "第一批：无问题、无应退，先行恢复",
            2: "第二批：小额已退或问题已说明，随后恢复",
            3: "第三批：入户沟通后再恢复"}
BATCH_COLUMNS = ["town_code", "enterprise_id", "household", "batch", "batch_zh",
                 "bills_suspended", "suspended_yuan", "refund_due_yuan",
                 "outstanding_yuan", "flags"]


def resumption_batches(households: pd.DataFrame,
                       params: AuditParams) -> pd.DataFrame:
    """Put every household with a suspended bill into batch 1, 2 or 3.

    Notes
    -----
    Refund due and outstanding are compared after rounding to the fen, so
    that a fraction of a fen never holds a household back.

    1. no flag and no refund due;
    2. nothing outstanding, refund due below ``batch_refund_threshold_yuan``,
       and every flag among ``explained_flags``;
    3. everything else, released after a home visit (户户沟通).
    """
    h = households[households["bills_suspended"] > 0]
    due = money(h["refund_due_yuan"].to_numpy())
    owed = money(h["outstanding_yuan"].to_numpy())
    flags = h["flags"].fillna("")
    explained = set(params.explained_flags)
    only_explained = flags.map(
        lambda f: set(f.split(";")) <= explained if f else True).to_numpy(bool)
    first = (flags == "").to_numpy() & (due == 0)
    second = ~first & (owed == 0) & (due < params.batch_refund_threshold_yuan) \
        & only_explained
    batch = np.where(first, 1, np.where(second, 2, 3))
    out = pd.DataFrame({
        "town_code": h["town_code"].to_numpy(),
        "enterprise_id": h["enterprise_id"].to_numpy(),
        "household": mask_id(h["household_id"]).to_numpy(),
        "batch": batch,
        "batch_zh": [BATCH_ZH[b] for b in batch],
        "bills_suspended": h["bills_suspended"].to_numpy(),
        "suspended_yuan": h["suspended_yuan"].to_numpy(),
        "refund_due_yuan": h["refund_due_yuan"].to_numpy(),
        "outstanding_yuan": h["outstanding_yuan"].to_numpy(),
        "flags": flags.to_numpy(),
    }, columns=BATCH_COLUMNS)
    return out.sort_values(["town_code", "batch", "household"]).reset_index(drop=True)
