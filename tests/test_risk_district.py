"""Backtest, command and notebooks on one small synthetic district with a wave."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from yubei_gas_lib.cli import main
from yubei_gas_lib.risk import DRIVERS

pytestmark = pytest.mark.slow

MILESTONE = "m4_normal"  # sees the calm year, the wave and the months after


@pytest.fixture(scope="module")
def district(tmp_path_factory, repo_root):
    """4,000 households, seed 1; the stored session a run would leave."""
    from yubei_gas_lib.session import prepare

    base = tmp_path_factory.mktemp("risk_district")
    assert main(["synth", "--households", "4000", "--seed", "1",
                 "--out", str(base / "raw"), "--truth", str(base / "truth")]) == 0
    session = prepare(MILESTONE, base / "raw", repo_root / "params")
    session.build_all()
    session.targets()
    work = base / "work"
    work.mkdir()
    with open(work / "session.pkl", "wb") as handle:
        pickle.dump(session, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return base, session


def test_backtest_leads_the_wave_without_false_alarms(district):
    _, session = district
    bt = session.result("risk").backtest
    print("\n" + bt.to_string())
    row = bt.set_index("area").loc["district"]
    assert row["lead_weeks"] >= 1
    assert bt["calm_alarm_share"].max() <= 0.10
    assert len(bt) == 1 + session.result("risk").params.backtest.worst_towns


def test_every_score_is_explained_by_its_contributions(district):
    _, session = district
    scores = session.result("risk").scores
    contrib = scores[[f"contrib_{d}" for d in DRIVERS]].sum(axis=1)
    assert (contrib - scores["score"]).abs().max() < 1e-9
    assert scores[list(DRIVERS)].stack().between(0, 100).all()


def test_risk_command_writes_one_row_per_week_and_area(district, tmp_path, capsys):
    base, _ = district
    out = tmp_path / "risk.csv"
    code = main(["risk", "--data", str(base / "raw"), "--as-of", "2023-03-31",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out, dtype={"area": str, "level": str},
                        keep_default_na=False, encoding="utf-8-sig")
    for column in ["week", "area", "score", "level", *DRIVERS]:
        assert column in table
    weeks = pd.to_datetime(table["week"])
    assert (weeks.dt.day_of_week == 0).all()
    assert weeks.max() <= pd.Timestamp("2023-03-31")
    assert not table.duplicated(["week", "area"]).any()
    assert table.groupby("week")["area"].size().nunique() == 1
    assert "district" in set(table["area"])
    assert set(table["level"]) <= {"红", "橙", "黄", "蓝", ""}


@pytest.mark.parametrize("stem", ["opinion_risk", "billing_trends"])
def test_notebook_runs_without_errors(district, repo_root, stem, notebook_runs):
    executed = notebook_runs[stem]
    nb = nbformat.read(executed, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", [])
              if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert errors == []
    html = "".join(o.get("data", {}).get("text/html", "")
                   for c in nb.cells for o in c.get("outputs", []))
    assert "data:image/png;base64," in html


@pytest.fixture(scope="module")
def notebook_runs(district, repo_root, tmp_path_factory) -> dict[str, Path]:
    """Both notebooks executed by papermill at once, as a run does."""
    import papermill as pm

    from yubei_gas_lib.run.kernel import ensure_kernel

    base, _ = district
    kernel = ensure_kernel()
    out = tmp_path_factory.mktemp("executed")

    def run(stem: str) -> Path:
        target = out / f"{stem}.ipynb"
        pm.execute_notebook(
            repo_root / "notebooks" / f"{stem}.ipynb", target,
            parameters={"milestone": MILESTONE, "data_dir": str(base / "raw"),
                        "params_dir": str(repo_root / "params"),
                        "work_dir": str(base / "work")},
            kernel_name=kernel, cwd=str(repo_root / "notebooks"),
            progress_bar=False)
        return target

    stems = ["opinion_risk", "billing_trends"]
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(stems, pool.map(run, stems), strict=True))
