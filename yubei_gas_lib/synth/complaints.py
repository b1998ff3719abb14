"""Complaint tickets and their closed loop (接诉 … 办结).

A household's chance to complain about its bills grows with what it was
overcharged and with its worst bill jump; the public wave (late 2023,
peaking in April 2024) multiplies everyone's chance in the same weeks.
Other categories arrive at a calm background rate. Handling is slow before
the campaign and faster after it; some tickets miss a stage, some are
reopened, and some hotline complaints come back through 12345 or the
regulator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .rates import N_DAYS, Rates, day_index

DAY = 86400
HOUR = 3600
BILLING = ("billing_dispute", "estimated_reading", "tier_price", "meter_fault",
           "refund")
_BILLING_P = (0.35, 0.2, 0.2, 0.1, 0.15)
BACKGROUND = ("service_attitude", "install_delay", "repair_delay", "safety_hazard",
              "outage", "other")
_BACKGROUND_P = (0.2, 0.12, 0.18, 0.15, 0.1, 0.25)
CHANNELS = ("12345", "enterprise_hotline", "online", "counter", "regulator", "media")
_CHANNEL_P = (0.40, 0.35, 0.12, 0.08, 0.03, 0.02)
STAGES = ("intake", "review", "dispatch", "handling", "reply", "rating", "callback",
          "closed", "reopened", "handling", "reply", "closed")
_TEXT = {
    "billing_dispute": "本期燃气费明显偏高，要求核实账单",
    "estimated_reading": "抄表员长期未上门抄表，账单为估抄",
    "tier_price": "一次性补抄气量被计入高阶梯，要求重新核算",
    "meter_fault": "怀疑燃气表计量不准，申请检测",
    "refund": "多收的燃气费至今未退还",
    "service_attitude": "营业厅工作人员服务态度差",
    "install_delay": "申请安装通气后迟迟未办理",
    "repair_delay": "报修燃气灶具后无人上门维修",
    "safety_hazard": "楼道内有燃气异味，担心漏气",
    "outage": "小区突然停气未提前通知",
    "other": "咨询燃气相关政策",
}


def wave_density(rates: Rates) -> np.ndarray:
    """Relative intensity of billing complaints on each day of the period."""
    d = np.arange(N_DAYS, dtype=float)
    peak = day_index(rates.wave_peak)
    width = np.where(d < peak, rates.wave_rise_days, rates.wave_fall_days)
    bump = np.exp(-0.5 * ((d - peak) / width) ** 2)
    bump[d < day_index(rates.wave_start) - 60] = 0.0
    return 1.0 + rates.wave_amplitude * bump


def _draw_days(density: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    cdf = np.cumsum(density) / density.sum()
    return np.searchsorted(cdf, rng.random(k))


def complaints(pop: pd.DataFrame, over: pd.DataFrame, bills: pd.DataFrame,
               rates: Rates, rng: np.random.Generator
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tickets and their events (times in seconds since the start)."""
    n = len(pop)
    density = wave_density(rates)
    # bill shock: a household's worst bill against its typical one
    live = bills[~bills.void & (bills.amount > 0)]
    worst = live.groupby("hh").amount.max()
    typical = live.groupby("hh").amount.median()
    jump = (worst / typical.clip(lower=1.0)).reindex(range(n)).fillna(1.0).to_numpy()
    due = over.refund_due_yuan.to_numpy()
    lam = (rates.billing_complaint_base
           + rates.billing_complaint_per_100_yuan * np.minimum(due, 1000) / 100
           + rates.billing_complaint_per_jump
           * np.clip(jump - rates.bill_jump_threshold, 0, 10))
    lam *= density.mean()  # the wave raises everyone's expected count
    count = np.minimum(rng.poisson(lam), 3)
    hh_b = np.repeat(np.arange(n), count)
    day_b = _draw_days(density, len(hh_b), rng)
    cat_b = np.array(BILLING)[rng.choice(5, len(hh_b), p=_BILLING_P)]
    cat_b[(cat_b == "refund") & (day_b < day_index(rates.refund_from))] = (
        "billing_dispute")

    years = N_DAYS / 365
    k = rng.poisson(n * rates.background_per_household_year * years)
    day_o = rng.integers(0, N_DAYS, k)
    hh_o = np.where(rng.random(k) < 0.7, rng.integers(0, n, k), -1)
    cat_o = np.array(BACKGROUND)[rng.choice(6, k, p=_BACKGROUND_P)]

    hh = np.r_[hh_b, hh_o]
    day = np.r_[day_b, day_o]
    hh = np.where((hh >= 0) & (day < pop.opened_day.to_numpy()[np.maximum(hh, 0)]),
                  -1, hh)
    t = pd.DataFrame({"hh": hh, "received": day * DAY + rng.integers(
        8 * HOUR, 21 * HOUR, len(hh)), "category": np.r_[cat_b, cat_o]})
    t["channel"] = np.array(CHANNELS)[rng.choice(6, len(t), p=_CHANNEL_P)]
    t = pd.concat([t, _escalations(t, rates, rng)], ignore_index=True)
    t = t[t.received < N_DAYS * DAY].sort_values("received", kind="stable",
                                                 ignore_index=True)
    t = _place(t, pop, rng)
    t["urgency"] = np.where(t.category.eq("safety_hazard"),
                            np.where(rng.random(len(t)) < 0.3, "critical", "urgent"),
                            np.where(rng.random(len(t)) < 0.05, "urgent", "normal"))
    t["text"] = t.category.map(_TEXT)
    return t, _events(t, rates, rng)


def _escalations(t: pd.DataFrame, rates: Rates,
                 rng: np.random.Generator) -> pd.DataFrame:
    hot = t[(t.channel == "enterprise_hotline") & (t.hh >= 0)]
    up = hot[rng.random(len(hot)) < rates.escalation_share].copy()
    up["received"] += rng.integers(2, 16, len(up)) * DAY
    up["channel"] = np.where(rng.random(len(up)) < 0.7, "12345", "regulator")
    return up


def _place(t: pd.DataFrame, pop: pd.DataFrame, rng: np.random.Generator
           ) -> pd.DataFrame:
    """Town, enterprise and (for some) coordinates of each ticket."""
    known = t.hh.to_numpy() >= 0
    h = np.maximum(t.hh.to_numpy(), 0)
    # a ticket without an account comes from a household-weighted random town
    other = rng.integers(0, len(pop), len(t))
    src = np.where(known, h, other)
    t["town"] = pop.town.to_numpy()[src]
    t["enterprise"] = pop.enterprise.to_numpy()[src]
    has_xy = known & (rng.random(len(t)) < 0.45)
    t["lon"] = np.where(has_xy, pop.lon.to_numpy()[h], np.nan)
    t["lat"] = np.where(has_xy, pop.lat.to_numpy()[h], np.nan)
    return t


def _events(t: pd.DataFrame, rates: Rates, rng: np.random.Generator) -> pd.DataFrame:
    n = len(t)
    t0 = t.received.to_numpy().astype(float)
    after = t0 >= day_index(rates.campaign_from) * DAY
    times = np.full((n, len(STAGES)), np.nan)
    times[:, 0] = t0
    times[:, 1] = t0 + rng.uniform(0.2, 3, n) * HOUR
    times[:, 2] = times[:, 1] + rng.uniform(0.5, 6, n) * HOUR
    times[:, 3] = times[:, 2] + rng.uniform(1, 24, n) * HOUR
    reply = np.where(after, rng.lognormal(np.log(8), 0.6, n),
                     rng.lognormal(np.log(40), 0.8, n)) * HOUR
    times[:, 4] = np.maximum(times[:, 3] + 0.5 * HOUR, t0 + reply)
    times[:, 5] = times[:, 4] + rng.uniform(2, 48, n) * HOUR
    times[:, 6] = times[:, 5] + rng.uniform(4, 48, n) * HOUR
    close = np.where(after, rng.lognormal(np.log(2.5), 0.5, n),
                     rng.lognormal(np.log(7), 0.6, n)) * DAY
    times[:, 7] = np.maximum(times[:, 6] + HOUR, t0 + close)
    reopen = rng.random(n) < rates.reopened_share
    times[:, 8] = times[:, 7] + rng.uniform(1, 5, n) * DAY
    times[:, 9] = times[:, 8] + rng.uniform(2, 24, n) * HOUR
    times[:, 10] = times[:, 9] + rng.uniform(4, 48, n) * HOUR
    times[:, 11] = times[:, 10] + rng.uniform(1, 4, n) * DAY
    times[~reopen, 8:] = np.nan
    no_callback = rng.random(n) < np.where(after, rates.no_callback_after,
                                           rates.no_callback_before)
    times[no_callback, 6] = np.nan
    gap = rng.random(n) < rates.missing_stage_share
    which = rng.choice([1, 2, 4, 5], n)
    times[np.flatnonzero(gap), which[gap]] = np.nan
    times = np.floor(times)
    times[times >= N_DAYS * DAY] = np.nan

    ticket, stage = np.nonzero(~np.isnan(times))
    at = times[ticket, stage].astype(np.int64)
    p_after = np.array([0.02, 0.03, 0.1, 0.35, 0.5])
    p_before = np.array([0.1, 0.12, 0.23, 0.3, 0.25])
    u = rng.random(len(ticket))
    cdf = np.where(after[ticket][:, None], np.cumsum(p_after), np.cumsum(p_before))
    score = 1 + (u[:, None] > cdf).sum(axis=1)
    names = np.array(STAGES)[stage]
    scored = np.isin(names, ["rating", "callback"])
    note = np.where(names == "reopened", "用户对处理结果不满意，重新办理", "")
    return pd.DataFrame({"ticket": ticket, "stage": names, "at": at,
                         "score": np.where(scored, score, -1), "note": note})
