"""The backtest of the warning on data with a known wave (opinion-risk.md).

For the district and the worst towns: the first week of the wave at 橙 or
红, the week the negative posts peaked, the lead between them, and the
alarms raised in the calm period before the wave.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .drivers import DISTRICT
from .params import RiskParams

BACKTEST_ZH = {
    "area": "区域",
    "first_alert_week": "首次达到橙色及以上（周）",
    "posts_peak_week": "负面舆情峰值（周）",
    "lead_weeks": "提前量（周）",
    "calm_weeks": "平稳期周数",
    "calm_alarms": "平稳期黄色及以上（周）",
    "calm_alarm_share": "平稳期误报率",
}


def backtest(scores: pd.DataFrame, params: RiskParams,
             areas: list[str] | None = None) -> pd.DataFrame:
    """Lead and false alarms for the district and the worst towns.

    Parameters
    ----------
    scores
        From :func:`~.score.risk_scores`.
    params
        Its ``backtest`` section dates the calm period and the wave; its
        levels say which names count as orange-or-above (the top two) and
        yellow-or-above (the top three).
    areas
        The areas to judge; default the district and the
        ``backtest.worst_towns`` towns with the highest mean score in the
        wave.

    Returns
    -------
    DataFrame
        One row per area, columns as in :data:`BACKTEST_ZH`. ``lead_weeks``
        is positive when the alert came before the peak, missing when the
        level never reached orange in the wave.
    """
    bt = params.backtest
    names = params.level_names()
    alert, alarm = set(names[:2]), set(names[:3])
    week = scores["week"]
    wave = scores[week.between(pd.Timestamp(bt.wave_from), pd.Timestamp(bt.wave_to))]
    calm = scores[week.between(pd.Timestamp(bt.calm_from), pd.Timestamp(bt.calm_to))]
    if areas is None:
        areas = [DISTRICT, *worst_towns(wave, bt.worst_towns)]
    rows = []
    for area in areas:
        w = wave[wave["area"].eq(area)].sort_values("week")
        c = calm[calm["area"].eq(area)]
        hit = w.loc[w["level"].isin(alert), "week"]
        first = hit.min() if len(hit) else pd.NaT
        peak = (w.loc[w["raw_online_heat"].idxmax(), "week"]
                if len(w) and w["raw_online_heat"].max() > 0 else pd.NaT)
        lead = (peak - first).days / 7 if pd.notna(first) and pd.notna(peak) else np.nan
        alarms = int(c["level"].isin(alarm).sum())
        rows.append({
            "area": area, "first_alert_week": first, "posts_peak_week": peak,
            "lead_weeks": lead, "calm_weeks": len(c), "calm_alarms": alarms,
            "calm_alarm_share": alarms / len(c) if len(c) else np.nan,
        })
    return pd.DataFrame(rows, columns=list(BACKTEST_ZH))


def worst_towns(wave: pd.DataFrame, n: int) -> list[str]:
    """The ``n`` towns with the highest mean score over the wave's weeks."""
    towns = wave[wave["area"].ne(DISTRICT)]
    mean = towns.groupby("area")["score"].mean().sort_values(ascending=False,
                                                              kind="stable")
    return mean.index[:n].tolist()
