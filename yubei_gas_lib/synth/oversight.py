"""Disclosures, inspections and evaluations that differ by enterprise.

An enterprise's quality (:attr:`Rates.enterprise_quality`) sets how much it
discloses and where, how often inspectors find problems and how quickly
they are rectified, and how third parties score it; self-evaluations are
uniformly flattering, which is why the assessment weighs them least.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import DISCLOSURE_CHANNELS, DISCLOSURE_ITEMS, INSPECTION_AREAS
from .rates import N_DAYS, Rates, to_datetime64

FINDINGS = {
    "metering": "抄表周期不规范，存在估抄",
    "pricing": "阶梯气价执行不规范",
    "gas_quality": "气质检测记录不全",
    "consumer_rights": "未按规定告知收费标准",
    "service": "服务承诺未公开",
}
INDICATORS = {"self": ("self_evaluation",), "third_party": ("third_party_score",),
              "industry": ("industry_check_score",)}


def oversight(ents: pd.DataFrame, rates: Rates,
              rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The disclosures, inspections and evaluations tables (canonical columns)."""
    quality = np.asarray(rates.enterprise_quality)[: len(ents)]
    ids = ents.enterprise_id.to_numpy()
    return {
        "disclosures": _disclosures(ids, quality, rng),
        "inspections": _inspections(ids, quality, rng),
        "evaluations": _evaluations(ids, quality, rng),
    }


def _dates(days: np.ndarray) -> np.ndarray:
    return to_datetime64(np.clip(days, 0, N_DAYS - 1))


def _disclosures(ids, quality, rng) -> pd.DataFrame:
    rows = []
    for e, q in zip(ids, quality, strict=True):
        for item in DISCLOSURE_ITEMS:
            for channel in DISCLOSURE_CHANNELS:
                if rng.random() < 0.25 + 0.7 * q:
                    rows.append((e, item, channel, int(rng.integers(0, N_DAYS))))
    frame = pd.DataFrame(rows, columns=["enterprise_id", "item", "channel", "day"])
    frame["published_on"] = _dates(frame.pop("day").to_numpy())
    return frame


def _inspections(ids, quality, rng) -> pd.DataFrame:
    rows = []
    areas = list(INSPECTION_AREAS)
    kinds = ["industry_check", "joint_enforcement", "referral"]
    for e, q in zip(ids, quality, strict=True):
        for _ in range(int(rng.poisson(4 + 12 * (1 - q)))):
            day = int(rng.integers(0, N_DAYS))
            area = areas[rng.choice(5, p=[0.35, 0.3, 0.05, 0.15, 0.15])]
            found = rng.random() < 0.3 + 0.6 * (1 - q)
            penalty = float(np.round(rng.uniform(5, 100) * 1000, -2)) if (
                found and rng.random() < 0.3) else np.nan
            fix = day + int(rng.lognormal(np.log(20 + 60 * (1 - q)), 0.5))
            rows.append((e, day, kinds[rng.choice(3, p=[0.7, 0.2, 0.1])], area,
                         FINDINGS[area] if found else "", penalty,
                         fix if found and fix < N_DAYS else -1))
    frame = pd.DataFrame(rows, columns=["enterprise_id", "day", "kind", "area",
                                        "finding", "penalty_yuan", "fix"])
    frame = frame.sort_values("day", kind="stable", ignore_index=True)
    frame.insert(0, "case_id", [f"JC{i + 1:06d}" for i in range(len(frame))])
    frame["opened_on"] = _dates(frame.pop("day").to_numpy())
    fix = frame.pop("fix").to_numpy()
    frame["rectified_on"] = np.where(fix >= 0, _dates(fix), np.datetime64("NaT"))
    return frame


def _evaluations(ids, quality, rng) -> pd.DataFrame:
    rows = []
    for day in (120, 480, 760):
        for e, q in zip(ids, quality, strict=True):
            rows.append((e, "self", "self_evaluation", 92 + rng.uniform(0, 6), day))
            rows.append((e, "third_party", "third_party_score",
                         55 + 38 * q + rng.normal(0, 3), day + 10))
            rows.append((e, "industry", "industry_check_score",
                         50 + 42 * q + rng.normal(0, 4), day + 5))
    frame = pd.DataFrame(rows, columns=["enterprise_id", "source", "indicator",
                                        "score", "day"])
    frame["score"] = frame.score.clip(0, 100).round(1)
    frame["evaluated_on"] = _dates(frame.pop("day").to_numpy())
    return frame
