"""Assessment arithmetic by hand: breakpoints, re-spread, entropy, rank bands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yubei_gas_lib.assessment import (
    AssessmentParams,
    breakpoint_score,
    effective_weights,
    entropy_weights,
    grade,
    rank_bands,
    ranks,
    score_values,
)
from yubei_gas_lib.assessment.catalogue import load_assessment_params
from yubei_gas_lib.errors import ParameterError

GRADES = [("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)]


def test_higher_is_better_at_and_between_the_breakpoints():
    # floor 0.6 -> 0, target 0.98 -> 100; 0.79 is half way: (0.79-0.6)/0.38 = 0.5
    got = breakpoint_score([0.5, 0.6, 0.79, 0.98, 1.0], floor=0.6, target=0.98)
    assert got == pytest.approx([0, 0, 50, 100, 100])


def test_lower_is_better_at_and_between_the_breakpoints():
    # floor 1500 -> 0, target 300 -> 100; 1200 is a quarter: (1200-1500)/(300-1500)
    got = breakpoint_score([2000, 1500, 1200, 300, 0], floor=1500, target=300)
    assert got == pytest.approx([0, 0, 25, 100, 100])


def test_missing_value_stays_missing():
    assert np.isnan(breakpoint_score([np.nan], 0, 1)[0])


def test_grades_at_their_thresholds():
    assert grade([90, 89.99, 80, 60, 59.99, np.nan], GRADES) == [
        "优秀", "良好", "良好", "合格", "不合格", None]


def test_missing_indicator_weight_is_respread_inside_its_task():
    # one source group; task A holds i0 (w 1) and i1 (w 3), task B holds i2 (w 4).
    # Enterprise 0 lacks i1: task A keeps its weight 4 out of 8, all on i0.
    avail = np.array([[True, False, True], [True, True, True]])
    eff = effective_weights(avail, np.array([1.0, 3.0, 4.0]),
                            cells=np.array([0, 0, 1]), groups=np.array([0, 0]),
                            shares=np.array([1.0]))
    assert eff[0, 0] == pytest.approx([0.5, 0.0, 0.5])
    assert eff[0, 1] == pytest.approx([0.125, 0.375, 0.5])


def test_missing_source_group_gives_its_share_to_the_others():
    # groups 0.4 / 0.2 / 0.4; without group 1 the others get 0.5 each
    avail = np.array([[True, False, True]])
    eff = effective_weights(avail, np.ones(3), cells=np.array([0, 1, 2]),
                            groups=np.array([0, 1, 2]),
                            shares=np.array([0.4, 0.2, 0.4]))
    assert eff[0, 0] == pytest.approx([0.5, 0.0, 0.5])


def test_entropy_weights_by_hand():
    # column 0 [1, 1, 1]: p = 1/3 each, e = ln 3 / ln 3 = 1, d = 0
    # column 1 [1, 1, 2]: p = .25 .25 .5,
    #   -sum p ln p = 2(.25)(1.386294) + .5(.693147) = 1.039721; e = /ln 3 = .946395
    #   d = .053605
    # column 2 [0, 1, 3]: p = 0 .25 .75 (0 ln 0 = 0),
    #   -sum p ln p = .25(1.386294) + .75(.287682) = .562335; e = .511862, d = .488138
    # weights = d / (0 + .053605 + .488138) = 0, .098950, .901050
    matrix = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [1.0, 2.0, 3.0]])
    assert entropy_weights(matrix) == pytest.approx([0.0, 0.098950, 0.901050],
                                                    abs=1e-6)


def test_entropy_weights_equal_when_nothing_varies():
    assert entropy_weights(np.ones((3, 2))) == pytest.approx([0.5, 0.5])


def test_ranks_share_ties_and_skip_missing():
    assert ranks(np.array([70.0, 90.0, 70.0, np.nan])).tolist()[:3] == [2, 1, 2]


def test_rank_band_contains_the_rank():
    rng = np.random.default_rng(0)
    draws = rng.normal(50, 10, size=(1000, 6))
    base = ranks(draws[0])
    low, high = rank_bands(draws, base, (0.05, 0.95))
    assert np.all((low <= base) & (base <= high))


def _params(**changes) -> AssessmentParams:
    indicators = [
        {"id": "a", "name_zh": "甲", "task": 1, "direction": "higher",
         "source": "self", "weight": 1, "floor": 0, "target": 100},
        {"id": "b", "name_zh": "乙", "task": 1, "direction": "lower",
         "source": "third_party", "weight": 1, "floor": 100, "target": 0},
        {"id": "c", "name_zh": "丙", "task": 6, "direction": "higher",
         "source": "industry", "weight": 2, "floor": 0, "target": 100},
        {"id": "d", "name_zh": "丁", "task": 6, "direction": "higher",
         "source": "industry", "weight": 1, "floor": 0, "target": 100},
    ]
    return AssessmentParams.model_validate(
        {"indicators": indicators, "sensitivity": {"draws": 1000}, **changes})


def _values(table: dict[str, list[float]]) -> pd.DataFrame:
    ids = [f"E{i}" for i in range(len(next(iter(table.values()))))]
    rows = [{"enterprise_id": e, "indicator": k, "value": v, "numerator": v,
             "denominator": 1.0, "numerator_zh": "", "denominator_zh": "",
             "note_zh": ""}
            for k, col in table.items() for e, v in zip(ids, col, strict=True)]
    return pd.DataFrame(rows)


def test_worse_on_every_indicator_ranks_last_with_a_band_of_one():
    # E3 is worse than every other enterprise on every indicator (b: lower)
    values = _values({"a": [80, 60, 90, 10], "b": [20, 40, 30, 95],
                      "c": [70, 90, 50, 5], "d": [60, 80, 85, 1]})
    e = score_values(values, _params()).enterprises.set_index("enterprise_id")
    assert e.loc["E3", "rank"] == 4
    assert (e.loc["E3", "rank_low"], e.loc["E3", "rank_high"]) == (4, 4)
    assert e.loc["E3", "robust"]


def test_overall_combines_sources_and_missing_is_shown_not_zero():
    # E0: self 80, third party 100-20=80, industry (2*70+1*60)/3 = 66.67
    # overall = .4*66.67 + .2*80 + .4*80 = 74.67; E1 lacks d: industry = c = 90
    values = _values({"a": [80, 60], "b": [20, 40], "c": [70, 90],
                      "d": [60, np.nan]})
    result = score_values(values, _params())
    e = result.enterprises.set_index("enterprise_id")
    assert e.loc["E0", "score"] == pytest.approx(0.4 * 200 / 3 + 0.2 * 80 + 0.4 * 80)
    assert e.loc["E1", "score_industry_data"] == pytest.approx(90)
    assert e.loc["E1", "indicators_missing"] == 1
    detail = result.indicators.set_index(["enterprise_id", "indicator"])
    assert np.isnan(detail.loc[("E1", "d"), "score"])
    assert detail.loc[("E1", "c"), "effective_weight"] == pytest.approx(0.4)
    assert result.indicators.groupby("enterprise_id").effective_weight.sum(
    ).to_numpy() == pytest.approx([1, 1])


def test_rectification_lists_indicators_at_their_floor_with_task():
    values = _values({"a": [0, 60], "b": [20, 100], "c": [70, 90], "d": [60, 50]})
    items = score_values(values, _params()).rectification
    assert set(zip(items.enterprise_id, items.indicator, items.task,
                   strict=True)) == {
        ("E0", "a", 1), ("E1", "b", 1)}


def test_shipped_catalogue_loads():
    params = load_assessment_params()
    assert {i.task for i in params.indicators} == set(range(1, 8))
    assert sum(params.source_shares.values()) == pytest.approx(1)


def test_catalogue_with_wrong_breakpoints_names_file_and_key(tmp_path):
    path = tmp_path / "assessment.yaml"
    path.write_text(
        "indicators:\n  - {id: x, name_zh: 甲, task: 1, direction: lower,\n"
        "     source: self, weight: 1, floor: 0, target: 10}\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_assessment_params(path)
    assert "assessment.yaml" in str(err.value) and "indicators.0" in str(err.value)


def test_unknown_data_indicator_is_refused():
    with pytest.raises(ValueError, match="not computed"):
        _params(indicators=[{"id": "nope", "name_zh": "甲", "task": 1,
                             "direction": "higher", "source": "data", "weight": 1,
                             "floor": 0, "target": 1}])
