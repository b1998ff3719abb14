"""What a reader sees: Chinese number formats, tables and the briefing header.

Every figure a briefing shows passes through here, so that numbers read the
Chinese way (万, %, 元) and no page prints a column this module was not told
to print.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

import pandas as pd

from .dataset import Dataset
from .milestones import STATUS_ZH, Milestone, TargetStatus


def fmt_count(n: float | None) -> str:
    """A count for Chinese readers: ``8,500``, ``2.35万``, ``1.20亿``.

    Examples
    --------
    >>> fmt_count(8500), fmt_count(23456), fmt_count(123456789)
    ('8,500', '2.35万', '1.23亿')
    """
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "—"
    if abs(n) >= 1e8:
        return f"{n / 1e8:.2f}亿"
    if abs(n) >= 1e4:
        return f"{n / 1e4:.2f}万"
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"


def fmt_pct(share: float | None, digits: int = 1) -> str:
    """A share as a percentage: ``fmt_pct(0.1234) == '12.3%'``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return f"{share * 100:.{digits}f}%"


def fmt_yuan(amount: float | None) -> str:
    """Money: ``1,234.56元`` below ten thousand, ``12.35万元`` above."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    if abs(amount) >= 1e4:
        return f"{amount / 1e4:,.2f}万元"
    return f"{amount:,.2f}元"


def table_html(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    formats: Mapping[str, callable] | None = None,
    caption: str | None = None,
) -> str:
    """An HTML table of only the ``columns`` named (column -> Chinese header).

    Cells are escaped; ``formats`` maps a column to a formatter.
    """
    formats = formats or {}
    head = "".join(f"<th>{html.escape(zh)}</th>" for zh in columns.values())
    body = []
    for _, row in frame.iterrows():
        cells = []
        for col in columns:
            value = row[col]
            text = formats[col](value) if col in formats else _plain(value)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cls = ' class="num"' if numeric else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<table class="yg-table">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _plain(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return fmt_count(value)
    return str(value)


def data_period(dataset: Dataset) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last date in the dated tables (readings, bills, complaints...)."""
    from .dataset import AS_OF_COLUMNS

    starts, ends = [], []
    for name, column in AS_OF_COLUMNS.items():
        frame = dataset.tables.get(name)
        if frame is not None and column in frame and frame[column].notna().any():
            starts.append(frame[column].min())
            ends.append(frame[column].max())
    return (min(starts), max(ends)) if starts else (None, None)


_STATUS_CLASS = {"met": "ok", "at_risk": "warn", "not_met": "bad",
                 "unavailable": "na"}


def briefing_header(
    title_zh: str,
    milestone: Milestone,
    dataset: Dataset,
    statuses: Sequence[TargetStatus],
    tariff_file: str | None = None,
) -> str:
    """The block every briefing opens with: what, as of when, and the targets."""
    start, end = data_period(dataset)
    period = (f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}" if start is not None
              else "无日期数据")
    rows = []
    for s in statuses:
        figure = "—" if s.value is None else _target_figure(s)
        rows.append(
            f'<li class="yg-target {_STATUS_CLASS[s.status]}">'
            f"<b>{STATUS_ZH[s.status]}</b> {html.escape(s.label_zh)}："
            f"{html.escape(figure)}（目标 {html.escape(s.comparison)} "
            f"{html.escape(_target_threshold(s))}）"
            + (f" {html.escape(s.note_zh)}" if s.note_zh else "") + "</li>")
    tariff = (f"<div>价格参数文件 (tariff)：{html.escape(tariff_file)}</div>"
              if tariff_file else "")
    return (
        f'<header class="yg-header"><h1>{html.escape(title_zh)}</h1>'
        f"<div>阶段 (milestone)：{html.escape(milestone.name_zh)}"
        f"（{milestone.id}），截至 {milestone.as_of:%Y-%m-%d}</div>"
        f"<div>数据期间 (data period)：{period}</div>{tariff}"
        f"<div>阶段目标：{html.escape(milestone.goal_zh)}</div>"
        f'<ul class="yg-targets">{"".join(rows)}</ul></header>'
    )


def _target_figure(s: TargetStatus) -> str:
    return fmt_pct(s.value, 2) if s.unit == "share" else fmt_count(s.value)


def _target_threshold(s: TargetStatus) -> str:
    return fmt_pct(s.threshold, 2) if s.unit == "share" else fmt_count(s.threshold)


def with_town_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``town_name`` column beside its ``town_code``."""
    from .geography import town_names

    out = frame.copy()
    at = list(out.columns).index("town_code") + 1 if "town_code" in out else 0
    out.insert(at, "town_name", out["town_code"].map(town_names()))
    return out


def embed_page(page: str, height: int = 560) -> str:
    """A self-contained page (an offline map) in an iframe of the briefing.

    The page travels inside ``srcdoc``, so the briefing stays one file; the
    sandbox lets its scripts run but not reach the briefing around it.
    """
    doc = html.escape(page, quote=True)
    return (f'<iframe srcdoc="{doc}" style="width:100%;height:{height}px;'
            'border:1px solid #ccc" sandbox="allow-scripts"></iframe>')
