"""Charts for briefings: matplotlib with a CJK font, embedded as PNG.

Every chart returns HTML (an ``<img>`` with the PNG inline), so that a
briefing holds its pictures and opens with no network, and Chinese labels
render the same in any browser.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

# Noto Sans CJK SC comes with Debian's fonts-noto-cjk; the others are what a
# Windows or macOS analyst's machine has instead
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei",
             "DejaVu Sans"]
LEVEL_COLOURS = {"红": "#d73027", "橙": "#fc8d59", "黄": "#fee08b", "蓝": "#91bfdb"}


def setup_fonts() -> None:
    """Make matplotlib draw Chinese text and a proper minus sign."""
    plt.rcParams["font.sans-serif"] = CJK_FONTS
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False


def figure_html(fig: plt.Figure, alt: str = "") -> str:
    """The figure as an inline PNG ``<img>``; the figure is closed."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img class="yg-chart" alt="{alt}" style="max-width:100%" '
            f'src="data:image/png;base64,{data}"/>')


def _figure(title: str, ylabel: str = "", size=(8, 3.2)):
    setup_fonts()
    fig, ax = plt.subplots(figsize=size)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    return fig, ax


def line_chart(frame: pd.DataFrame, x: str, lines: dict[str, str], title: str,
               ylabel: str = "", percent: bool = False) -> str:
    """Lines of ``frame`` columns (column -> Chinese label) against ``x``."""
    fig, ax = _figure(title, ylabel)
    for column, label in lines.items():
        ax.plot(frame[x], frame[column], marker=".", label=label)
    if percent:
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    return figure_html(fig, title)


def band_chart(frame: pd.DataFrame, x: str, mid: str, low: str, high: str,
               title: str, ylabel: str = "",
               lines: dict[str, str] | None = None) -> str:
    """A middle line with a shaded band, plus reference lines."""
    fig, ax = _figure(title, ylabel)
    ax.fill_between(frame[x], frame[low], frame[high], alpha=0.25, label="10%–90%")
    ax.plot(frame[x], frame[mid], marker=".", label="中位数")
    for column, label in (lines or {}).items():
        ax.plot(frame[x], frame[column], linestyle="--", label=label)
    ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    return figure_html(fig, title)


def decomposition_chart(parts: pd.DataFrame, title: str) -> str:
    """The four panels of an STL decomposition."""
    setup_fonts()
    names = {"observed": "观测值", "trend": "趋势", "seasonal": "季节", "resid": "残差"}
    fig, axes = plt.subplots(4, 1, figsize=(8, 6), sharex=True)
    for ax, (column, label) in zip(axes, names.items(), strict=True):
        ax.plot(parts.index, parts[column])
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0].set_title(title)
    fig.autofmt_xdate()
    return figure_html(fig, title)


def its_chart(fitted: pd.DataFrame, intervention: pd.Timestamp, title: str) -> str:
    """Observed counts, the segmented fit and the counterfactual with its band."""
    fig, ax = _figure(title, "件/周")
    ax.plot(fitted.index, fitted["observed"], color="grey", alpha=0.6, label="实际")
    ax.plot(fitted.index, fitted["fitted"], color="C0", label="分段回归拟合")
    after = fitted.index >= intervention
    ax.plot(fitted.index[after], fitted["counterfactual"][after], "--", color="C3",
            label="无干预的延续（反事实）")
    ax.fill_between(fitted.index[after], fitted["ci_low"][after],
                    fitted["ci_high"][after], color="C3", alpha=0.15)
    ax.axvline(intervention, color="k", linewidth=1)
    ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    return figure_html(fig, title)


def risk_chart(rows: pd.DataFrame, contributions: dict[str, str], title: str,
               levels: dict[str, float]) -> str:
    """Stacked driver contributions per week, with the level thresholds."""
    fig, ax = _figure(title, "风险得分", size=(9, 3.6))
    ax.stackplot(rows["week"], *[rows[c] for c in contributions],
                 labels=list(contributions.values()), alpha=0.85)
    for name, low in levels.items():
        ax.axhline(low, color=LEVEL_COLOURS.get(name, "grey"), linewidth=1)
        ax.text(rows["week"].iloc[0], low + 1, name, fontsize=8)
    ax.set_ylim(0, 100)
    ax.legend(loc="upper left", fontsize=7, ncol=3)
    fig.autofmt_xdate()
    return figure_html(fig, title)
