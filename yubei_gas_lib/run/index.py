"""``OUT/index.html``: every milestone's briefings and town pages, with status."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..geography import town_names
from ..milestones import load_milestones
from .export import write_atomic

STEM_ZH = {
    "complaint_heatmaps": "投诉热力图 (complaint heatmaps)",
    "billing_trends": "计费趋势与户户核查 (billing trends and audit)",
    "opinion_risk": "舆情风险预警 (opinion risk)",
    "enterprise_assessment": "企业服务质量评价 (enterprise assessment)",
    "data_quality": "数据质量 (data quality)",
}
STATUS_ZH = {"ok": "成功", "reused": "成功（复用上次结果）", "failed": "失败"}


def write_index(out: Path, params_dir: Path) -> Path:
    """Write the index page of ``out`` from each milestone's run state."""
    names = town_names()
    sections = []
    for milestone in load_milestones(params_dir):
        state_path = out / milestone.id / "_run" / "state.json"
        if not state_path.exists():
            continue
        state = json.loads(state_path.read_text(encoding="utf-8"))
        folder = out / milestone.id
        briefings = [_row(folder, stem, rec, STEM_ZH.get(stem, stem))
                     for stem, rec in state.items() if not stem.startswith("towns/")]
        town_rows = [_row(folder, stem, rec, names.get(stem.split("/", 1)[1], stem))
                     for stem, rec in sorted(state.items())
                     if stem.startswith("towns/")]
        towns = (f"<details><summary>镇街简报 (town pages) {len(town_rows)} 个"
                 f"</summary><ul>{''.join(town_rows)}</ul></details>"
                 if town_rows else "")
        sections.append(
            f"<section><h2>{html.escape(milestone.name_zh)}（{milestone.id}，截至 "
            f"{milestone.as_of:%Y-%m-%d}）</h2><ul>{''.join(briefings)}</ul>{towns}"
            "</section>")
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>渝北区燃气服务质量专项行动 简报索引</title><style>"
        'body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",'
        "sans-serif;max-width:960px;margin:2em auto;padding:0 1em}"
        ".failed{color:#c62828}.ok,.reused{color:#2e7d32}"
        "</style></head><body><h1>渝北区燃气服务质量专项行动 简报索引</h1>"
        + ("".join(sections) or "<p>尚无运行结果。</p>") + "</body></html>")
    target = out / "index.html"
    write_atomic(target, page)
    return target


def _row(folder: Path, stem: str, record: dict, label: str) -> str:
    status = record["status"]
    text = f'<span class="{status}">{STATUS_ZH.get(status, status)}</span>'
    page = record.get("last_good") if status == "failed" else record["html"]
    link = html.escape(label)
    if page and (folder / page).exists():
        href = f"{folder.name}/{page}"
        link = f'<a href="{html.escape(href)}">{link}</a>'
    error = ""
    if status == "failed":
        where = f"第 {record['cell']} 个代码单元格：" if record.get("cell") else ""
        kept = "（保留上次成功的简报）" if record.get("last_good") else ""
        error = f" — {where}{html.escape(record.get('error') or '')}{kept}"
    return f"<li>{link}：{text}{error}</li>"
