"""The rectification list (整改清单) and the change since the previous milestone."""

from __future__ import annotations

import pandas as pd

RECTIFICATION_COLUMNS = ["enterprise_id", "task", "task_zh", "indicator", "name_zh",
                         "value", "floor", "target", "unit_zh", "numerator",
                         "denominator", "numerator_zh", "denominator_zh"]
RECTIFICATION_ZH = {
    "enterprise_id": "企业编号", "task_zh": "所属任务", "name_zh": "指标",
    "value": "当前值", "floor": "底线值", "target": "目标值", "unit_zh": "单位",
    "status_zh": "状态",
}
STATUS_ZH = {"new": "新增", "carried": "上期未改", "closed": "已整改"}
CHANGE_COLUMNS = ["enterprise_id", "name", "score", "score_previous", "change",
                  "grade", "grade_previous", "rank", "rank_previous"]


def rectification_list(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicators at or beyond their floor (score 0), by enterprise and task.

    A missing indicator is not on the list: it is shown as missing, and
    what is missing is a data problem, not a finding against the enterprise.
    """
    rows = indicators[indicators.score.eq(0)]
    return rows.sort_values(["enterprise_id", "task", "indicator"])[
        RECTIFICATION_COLUMNS].reset_index(drop=True)


def rectification_status(current: pd.DataFrame,
                         previous: pd.DataFrame | None) -> pd.DataFrame:
    """Current items marked new or carried over, plus the items closed since.

    Parameters
    ----------
    current, previous
        Rectification lists of this milestone and the one before; ``previous``
        None (the first milestone) marks every current item new.

    Returns
    -------
    DataFrame
        The current list and the previous items no longer on it, with
        ``status`` (``new``, ``carried``, ``closed``) and ``status_zh``.
    """
    key = ["enterprise_id", "indicator"]
    out = current.copy()
    if previous is None or previous.empty:
        out["status"] = "new"
    else:
        before = pd.MultiIndex.from_frame(previous[key])
        was = pd.MultiIndex.from_frame(out[key]).isin(before)
        out["status"] = ["carried" if w else "new" for w in was]
        now = pd.MultiIndex.from_frame(current[key])
        closed = previous[~pd.MultiIndex.from_frame(previous[key]).isin(now)]
        out = pd.concat([out, closed.assign(status="closed")], ignore_index=True)
    out["status_zh"] = out.status.map(STATUS_ZH)
    return out.sort_values(["enterprise_id", "task", "indicator"]).reset_index(
        drop=True)


def score_changes(current: pd.DataFrame, previous: pd.DataFrame | None,
                  ) -> pd.DataFrame:
    """Score, grade and rank now and at the previous milestone, per enterprise.

    With no previous milestone the previous columns are missing.
    """
    now = current[["enterprise_id", "name", "score", "grade", "rank"]]
    if previous is None:
        before = pd.DataFrame(columns=["enterprise_id", "score", "grade", "rank"])
    else:
        before = previous[["enterprise_id", "score", "grade", "rank"]]
    out = now.merge(before, on="enterprise_id", how="left",
                    suffixes=("", "_previous"))
    out["score_previous"] = pd.to_numeric(out.score_previous)
    out["change"] = out.score - out.score_previous
    return out[CHANGE_COLUMNS]
