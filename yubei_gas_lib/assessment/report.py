"""What the assessment briefing shows: ranking and trace tables, profile charts.

Tables come out with the columns the briefing prints, already formatted for
Chinese readers, so that the notebook only passes them to
:func:`~yubei_gas_lib.present.table_html`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import SOURCES_ZH, TASKS_ZH

# Chinese first, then fallbacks for machines without Noto (Windows, macOS)
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
             "PingFang SC", "WenQuanYi Zen Hei", "SimHei", "DejaVu Sans"]

RANKING_ZH = {"rank": "排名", "name": "企业", "score": "综合得分", "grade": "等级",
              "band_zh": "排名区间（权重扰动）", "robust_zh": "排名稳健",
              "rank_entropy": "熵权法排名", "indicators_missing": "缺失指标数"}
TRACE_ZH = {"enterprise_id": "企业编号", "task_zh": "任务", "name_zh": "指标",
            "source_zh": "来源", "numerator_text": "分子", "denominator_text": "分母",
            "value_text": "指标值", "score_text": "得分", "weight_text": "实际权重"}
CHANGE_ZH = {"name": "企业", "score_previous": "上阶段得分", "score": "本阶段得分",
             "change": "变化", "grade_previous": "上阶段等级", "grade": "本阶段等级"}


def use_cjk_font() -> None:
    """Make matplotlib draw Chinese labels (a CJK font first, then fallbacks)."""
    import matplotlib as mpl

    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = CJK_FONTS
    mpl.rcParams["axes.unicode_minus"] = False


def ranking_table(enterprises: pd.DataFrame) -> pd.DataFrame:
    """The ranking with its band written out and robustness in words."""
    out = enterprises.copy()
    out["band_zh"] = [
        "—" if np.isnan(lo) else (f"第{lo:.0f}名" if lo == hi
                                  else f"第{lo:.0f}–{hi:.0f}名")
        for lo, hi in zip(out.rank_low, out.rank_high, strict=True)]
    out["robust_zh"] = np.where(out["robust"], "稳健", "不稳健：随权重变化")
    out["score"] = out.score.round(1)
    return out


def trace_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """Every indicator with the numerator and denominator behind it, as text."""
    out = indicators.sort_values(["enterprise_id", "task", "indicator"]).copy()
    out["source_zh"] = out.source.map(SOURCES_ZH)
    out["numerator_text"] = [_number(n, label) for n, label in
                             zip(out.numerator, out.numerator_zh, strict=True)]
    out["denominator_text"] = [_number(d, label) for d, label in
                               zip(out.denominator, out.denominator_zh, strict=True)]
    out["value_text"] = [_value(v, u, note) for v, u, note in
                         zip(out.value, out.unit_zh, out.note_zh, strict=True)]
    out["score_text"] = [("缺失" if np.isnan(s) else f"{s:.1f}") for s in out.score]
    out["weight_text"] = [f"{w * 100:.1f}%" for w in out.effective_weight]
    return out


def _number(x: float, label: str) -> str:
    if label == "—":
        return "—"
    if x is None or np.isnan(x):
        return f"— {label}"
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"
    return f"{text} {label}"


def _value(v: float, unit: str, note: str) -> str:
    if np.isnan(v):
        return f"缺失（{note}）" if note else "缺失"
    if unit:
        return f"{v:,.1f} {unit}"
    return f"{v * 100:.1f}%"


def profile_figure(enterprises: pd.DataFrame, ncols: int = 2):
    """One bar chart of task scores per enterprise (0..100, missing marked).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    n = len(enterprises)
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 2.9 * nrows),
                             squeeze=False, sharex=True)
    labels = [f"{t} {name}" for t, name in TASKS_ZH.items()]
    for ax, (_, row) in zip(axes.flat, enterprises.iterrows(), strict=False):
        values = np.array([row[f"task_{t}"] for t in TASKS_ZH], dtype=float)
        colors = ["#c0392b" if v < 60 else "#2e86c1" for v in np.nan_to_num(values)]
        ax.barh(labels, np.nan_to_num(values), color=colors)
        for y, v in enumerate(values):
            ax.text(2 if np.isnan(v) else min(v, 88) + 2, y,
                    "缺失" if np.isnan(v) else f"{v:.0f}", va="center", fontsize=8)
        ax.axvline(60, color="#888", lw=0.8, ls="--")
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        ax.set_title(f"{row['name']}：{row['score']:.1f}分 {row['grade'] or ''}",
                     fontsize=10)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def band_figure(enterprises: pd.DataFrame):
    """Each enterprise's rank (dot) and its band under perturbed weights (bar)."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    e = enterprises[enterprises["rank"].notna()]
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(e) + 1.2))
    y = np.arange(len(e))
    ax.hlines(y, e.rank_low, e.rank_high, lw=6, color="#aed6f1", label="排名区间")
    ax.plot(e["rank"], y, "o", color="#1b4f72", label="专家权重排名")
    ax.plot(e.rank_entropy, y, "x", color="#c0392b", label="熵权法排名")
    ax.set_yticks(y, e["name"])
    ax.set_xticks(np.arange(1, len(enterprises) + 1))
    ax.set_xlim(0.5, len(enterprises) + 0.5)
    ax.invert_yaxis()
    ax.set_xlabel("排名（1为最好）")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8,
              frameon=False)
    fig.tight_layout()
    return fig
