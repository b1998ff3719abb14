"""Each failure mode and each time pattern of the synthetic district, at its rate.

Bounds are wide enough for a 3,000-household draw and narrow enough that a
broken generator falls out of them; the figures in comments were read off
the fixture by hand.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from tests.test_synth_data import small_district
from yubei_gas_lib.contract import METERING_BILLING_CATEGORIES
from yubei_gas_lib.synth.complaints import DAY, wave_density
from yubei_gas_lib.synth.rates import DEFAULT_RATES, day_index, to_datetime64
from yubei_gas_lib.synth.reading import _BIT, ESTIMATED

R = DEFAULT_RATES


@pytest.fixture(scope="module")
def d():
    return small_district()


@pytest.fixture(scope="module")
def pre(d):
    """Readings of the bimonthly regime, not a meter's first or last visit."""
    r = d.readings
    first = ~r.hh.duplicated()
    return r[~r.monthly & ~first]


def _has(frame: pd.DataFrame, name: str) -> pd.Series:
    return (frame.defects & _BIT[name]) != 0


def test_rates_are_stated_once_and_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        R.misread_per_read = 0.5
    assert sum(R.plan_shares.values()) == pytest.approx(1)
    assert sum(R.persons_shares) == pytest.approx(1)


def test_estimates_before_the_reform(pre):
    est = pre.kind == ESTIMATED
    assert 0.09 < est.mean() < 0.22                      # ~0.14
    assert 0.25 < _has(pre, "estimate_chain")[est].mean() < 0.55   # ~0.37
    assert 0.14 < _has(pre, "zero_estimate")[est].mean() < 0.27    # ~0.20
    assert 0.03 < _has(pre, "estimate_above_cap")[est].mean() < 0.13  # ~0.06


def test_few_estimates_after_the_reform(d):
    post = d.readings[d.readings.monthly]
    assert (post.kind == ESTIMATED).mean() < 0.04


def test_misreads_are_rare_and_below_the_last_register(d, pre):
    actual = pre[pre.kind == 0]
    assert 0.002 < _has(actual, "misread").mean() < 0.009     # ~0.0045
    r = d.readings
    prev = r.register.shift(1)
    mis = _has(r, "misread")
    assert (r.register[mis] < prev[mis]).all()


def test_empty_homes_are_estimated(d, pre):
    empty = d.pop.frame.status.eq("unoccupied").to_numpy()[pre.hh]
    est = pre.kind == ESTIMATED
    assert 0.3 < est[empty].mean() < 0.6


def test_irregular_cycles_near_the_reported_share(d):
    b = d.bills[(d.bills["copy"] == 0) & ~d.bills.monthly]
    days = b.end - b.start
    irregular = ((days < 25) | (days > 90)).mean()
    assert 0.05 < irregular < 0.11                          # report: 0.0754
    assert days.min() >= 7


def test_nobody_unread_much_beyond_thirteen_months(d):
    trusted = d.readings[d.readings.kind != ESTIMATED]
    gap = trusted.groupby("hh").day.diff()
    assert gap.max() <= 13.5 * 30.5
    assert (gap > 240).sum() > 0


def test_monthly_regime_after_the_reform(d):
    b = d.bills[(d.bills["copy"] == 0) & (d.bills.end >= day_index("2024-07-01"))]
    assert (b.end - b.start).between(26, 35).mean() > 0.95
    late = b.pushed.lt(0) | (b.pushed - b.issued > 3)
    assert late.mean() < 0.08


def test_double_bills_at_the_change_of_cycle(d):
    doubled = d.bills[d.bills["copy"] == 1]
    share = doubled.hh.nunique() / len(d.pop)
    assert 0.004 < share < 0.02
    assert doubled.monthly.all()


def test_suspension_and_release_in_batches(d):
    b = d.bills
    assert 0.0 < (b.status == "suspended").mean() < 0.1
    window = b.issued.between(day_index(R.suspend_from), day_index(R.suspend_to))
    released = window & b.status.isin(["issued", "paid"]) & (b.pushed > b.issued + 10)
    assert released.sum() > 0


def test_refunds_follow_the_overcharges(d):
    f = d.refunds
    assert (f.day >= day_index(R.refund_from)).all()
    due = d.overcharge.refund_due_yuan
    paid = d.overcharge.refunded_yuan > 0
    assert 0.6 < paid[due >= 1].mean() < 0.9


def test_wave_model_peaks_in_april_2024():
    w = wave_density(R)
    months = pd.Series(w, index=pd.DatetimeIndex(to_datetime64(np.arange(len(w)))))
    assert months.resample("MS").sum().idxmax() == pd.Timestamp("2024-04-01")


def test_complaints_wave_peaks_in_spring_2024(d):
    t = d.complaints[d.complaints.category.isin(METERING_BILLING_CATEGORIES)]
    month = pd.to_datetime(to_datetime64(t.received // DAY)).to_period("M")
    counts = month.value_counts()
    assert str(counts.idxmax()) in ("2024-03", "2024-04", "2024-05")
    calm = counts[counts.index < pd.Period("2023-09", "M")].mean()
    assert counts.max() > 4 * calm


def test_complaint_chance_rises_with_overcharge(d):
    t = d.complaints
    n = len(d.pop)
    complained = np.bincount(t.hh[t.hh >= 0], minlength=n) > 0
    due = d.overcharge.refund_due_yuan.to_numpy()
    assert complained[due > 100].mean() > 4 * complained[due < 0.01].mean()


def test_posts_lag_the_complaints(d):
    t = d.complaints[d.complaints.category.isin(METERING_BILLING_CATEGORIES)]
    p = d.posts[d.posts.wave]
    weeks = np.arange(0, 800 // 7 + 2)
    c = np.bincount(t.received // (7 * DAY), minlength=len(weeks))[: len(weeks)]
    q = np.bincount(p.published // (7 * DAY), minlength=len(weeks))[: len(weeks)]
    lags = range(-4, 7)
    corr = [np.corrcoef(c[: len(c) - 6], np.roll(q, -k)[: len(c) - 6])[0, 1]
            for k in lags]
    best = list(lags)[int(np.argmax(corr))]
    assert 1 <= best <= 4


def test_posts_are_partly_negative(d):
    wave = d.posts[d.posts.wave].label.eq("negative").mean()
    calm = d.posts[~d.posts.wave].label.eq("negative").mean()
    assert 0.6 < wave < 0.8 and calm < 0.3


def test_loop_is_faster_after_the_campaign(d):
    e = d.events
    closed = e[e.stage == "closed"].drop_duplicates("ticket")
    received = d.complaints.received.to_numpy()[closed.ticket]
    hours = (closed["at"].to_numpy() - received) / 3600
    after = received >= day_index(R.campaign_from) * DAY
    assert np.median(hours[after]) < 0.6 * np.median(hours[~after])
    assert (e.stage == "reopened").any()
    escalated = d.complaints.channel.isin(["12345", "regulator"])
    assert escalated.any()


def test_service_and_oversight_differ_by_enterprise(d):
    s = d.service[d.service.completed >= 0]
    hours = (s.completed - s.submitted) / 3600
    by_ent = hours.groupby(s.enterprise).median()
    assert by_ent.max() > 1.3 * by_ent.min()
    third = d.oversight["evaluations"].query("source == 'third_party'")
    spread = third.groupby("enterprise_id").score.mean()
    assert spread.max() - spread.min() > 10
