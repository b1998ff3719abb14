"""Breakpoints, weighted score, levels and the Poisson surprise, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yubei_gas_lib.errors import ParameterError
from yubei_gas_lib.params import read_yaml
from yubei_gas_lib.risk import DRIVERS, load_risk_params
from yubei_gas_lib.risk.drivers import poisson_surprise
from yubei_gas_lib.risk.params import Breakpoints, RiskParams
from yubei_gas_lib.risk.score import level_of, map_breakpoints, score_drivers


def test_breakpoints_interpolate_and_clip():
    bp = Breakpoints(points=[(2, 0), (5, 30), (10, 70), (15, 100)])
    # below the first point 0; 3.5 is halfway 2..5 -> 15; 7.5 halfway 5..10 -> 50
    got = map_breakpoints(np.array([0, 2, 3.5, 7.5, 15, 40, np.nan]), bp)
    assert got.tolist() == [0, 0, 15, 50, 100, 100, 0]


def test_weighted_score_and_contributions_by_hand():
    params = load_risk_params()
    raw = pd.DataFrame({d: [0.0] for d in DRIVERS})
    # complaint_surge 2.0 -> 50; online_heat 50 -> 60; bill_shock 150 -> 45;
    # overdue 10 -> 70; escalation 0.2 -> 0; refunds 0 -> 0
    raw.loc[0, ["complaint_surge", "online_heat", "bill_shock", "overdue_backlog",
                "escalation"]] = [2.0, 50, 150, 10, 0.2]
    out = score_drivers(raw, params).iloc[0]
    assert out["complaint_surge"] == pytest.approx(50)
    assert out["online_heat"] == pytest.approx(60)
    assert out["bill_shock"] == pytest.approx(45)
    assert out["overdue_backlog"] == pytest.approx(70)
    # 0.25*50 + 0.25*60 + 0.20*45 + 0.15*70 = 12.5 + 15 + 9 + 10.5 = 47
    assert out["score"] == pytest.approx(47.0)
    contrib = sum(out[f"contrib_{d}"] for d in DRIVERS)
    assert contrib == pytest.approx(out["score"])
    assert out["level"] == "黄"
    assert out["response_zh"] == params.levels[2].response_zh


def test_levels_at_their_bounds():
    params = load_risk_params()
    got = level_of(np.array([0, 19.99, 20, 40, 59.9, 60, 80, 100]), params)
    assert got.tolist() == ["", "", "蓝", "黄", "黄", "橙", "红", "红"]


def test_refunds_judged_on_the_higher_of_households_and_yuan():
    params = load_risk_params()
    raw = pd.DataFrame({d: [0.0] for d in DRIVERS})
    raw["refund_outstanding"] = 10.0  # households: 0 points
    raw["refund_outstanding_yuan"] = 60.0  # yuan per household: 60 points
    assert score_drivers(raw, params).iloc[0]["refund_outstanding"] == pytest.approx(60)


def test_poisson_surprise_stays_small_on_small_counts():
    # one ticket where half was expected is no storm; a ratio would say 2x
    small = poisson_surprise(np.array([1.0]), np.array([0.5]))[0]
    assert small == pytest.approx(-np.log10(1 - np.exp(-0.5)))
    assert small < 0.5
    # no ticket never surprises, and the surprise grows with the count
    got = poisson_surprise(np.array([0, 1, 2, 4, 8]), np.full(5, 0.5))
    assert got[0] == 0 and np.all(np.diff(got) > 0)
    # the same ratio on larger counts is more surprising
    assert poisson_surprise(np.array([20]), np.array([10]))[0] > \
        poisson_surprise(np.array([2]), np.array([1]))[0]
    # a tiny baseline stays finite
    assert np.isfinite(poisson_surprise(np.array([50]), np.array([1e-9]))).all()


def test_weights_that_do_not_add_up_name_the_key(tmp_path, repo_root):
    raw = read_yaml(repo_root / "params" / "risk.yaml")
    raw["drivers"]["escalation"]["weight"] = 0.5
    bad = tmp_path / "weights_off.yaml"
    import yaml

    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        load_risk_params(bad)
    assert info.value.key == "drivers"


def test_unordered_breakpoints_are_refused():
    with pytest.raises(ValueError, match="rise strictly"):
        Breakpoints(points=[(5, 0), (2, 50)])
    with pytest.raises(ValueError, match="not fall"):
        Breakpoints(points=[(1, 50), (2, 10)])


def test_shipped_params_load():
    params = load_risk_params()
    assert isinstance(params, RiskParams)
    assert params.level_names() == ["红", "橙", "黄", "蓝"]
