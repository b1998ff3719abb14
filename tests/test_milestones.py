"""Milestone parameters and target checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from yubei_gas_lib.dataset import Dataset, SourceFile
from yubei_gas_lib.errors import ParameterError
from yubei_gas_lib.milestones import (
    MILESTONE_IDS, Milestone, check_targets, load_milestone, load_milestones,
)
from yubei_gas_lib.params import parse_model
from yubei_gas_lib.validate import concat_quarantine


def test_the_four_milestones_of_the_plan(repo_root):
    milestones = load_milestones(repo_root / "params")
    assert tuple(m.id for m in milestones) == MILESTONE_IDS
    assert [m.as_of.isoformat() for m in milestones] == [
        "2024-05-31", "2024-07-31", "2024-08-31", "2024-10-31"]


def dataset_with(read: int, bad: int) -> Dataset:
    source = SourceFile("bills", "bills.csv", "csv", "utf-8", "0" * 64, read,
                        read - bad, bad)
    return Dataset({}, concat_quarantine([]), {"bills": source})


def milestone(threshold: float, margin: float) -> Milestone:
    return Milestone.model_validate({
        "id": "m1_investigation", "name_zh": "集中排查", "as_of": "2024-05-31",
        "goal_zh": "—", "targets": [{
            "metric": "data_quarantine_share", "label_zh": "隔离占比",
            "comparison": "<=", "threshold": threshold, "at_risk_margin": margin}]})


@pytest.mark.parametrize("bad, status", [
    (0, "met"),        # 0% <= 1%, slack 1% >= margin 0.5%
    (5, "met"),        # 0.5%: slack exactly the margin counts as met
    (6, "at_risk"),    # 0.6%: met, but by 0.4% < 0.5%
    (10, "at_risk"),   # 1.0%: on the threshold, slack 0
    (11, "not_met"),   # 1.1% > 1%
])
def test_target_met_at_risk_or_not(bad, status):
    [result] = check_targets(milestone(0.01, 0.005), dataset_with(1000, bad))
    assert result.status == status
    assert result.value == pytest.approx(bad / 1000)


def test_unknown_metric_names_file_and_key(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("id: x\nname_zh: y\nas_of: 2024-05-31\ngoal_zh: z\n"
                    "targets:\n  - metric: nonsense\n    label_zh: a\n"
                    "    comparison: '>='\n    threshold: 1\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        parse_model(Milestone, path)
    assert err.value.key == "targets.0.metric" and str(path) in err.value.en
    assert "nonsense" in err.value.en


def test_bad_date_names_the_key(tmp_path):
    folder = tmp_path / "milestones"
    folder.mkdir()
    (folder / "m1_investigation.yaml").write_text(
        "id: m1_investigation\nname_zh: 集中排查\nas_of: 2024-02-30\ngoal_zh: z\n")
    with pytest.raises(ParameterError) as err:
        load_milestone(tmp_path, "m1_investigation")
    assert err.value.key == "as_of"


def test_unknown_key_is_refused(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("id: x\nname_zh: y\nas_of: 2024-05-31\ngoal_zh: z\nasof: 1\n")
    with pytest.raises(ParameterError) as err:
        parse_model(Milestone, path)
    assert err.value.key == "asof"


def test_missing_milestone_file_lists_the_known_ones(repo_root):
    from yubei_gas_lib.errors import YubeiGasError

    with pytest.raises(YubeiGasError, match="m1_investigation"):
        load_milestone(repo_root / "params", "m9_never")
    assert Path(repo_root / "params" / "milestones").is_dir()
