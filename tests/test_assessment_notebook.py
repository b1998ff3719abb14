"""The assessment end to end on a small synthetic district: notebook and command."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from yubei_gas_lib.cli import main
from yubei_gas_lib.synth import generate, write

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small_district(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("district") / "raw"
    write(generate(400, 3), raw, raw.parent / "truth")
    return raw


def test_notebook_runs_without_error_outputs(small_district, tmp_path):
    papermill = pytest.importorskip("papermill")
    from yubei_gas_lib.run.kernel import ensure_kernel

    out = tmp_path / "enterprise_assessment.ipynb"
    papermill.execute_notebook(
        str(REPO / "notebooks" / "enterprise_assessment.ipynb"), str(out),
        parameters={"milestone": "m3_evaluation", "data_dir": str(small_district),
                    "params_dir": str(REPO / "params"), "work_dir": ""},
        kernel_name=ensure_kernel(), cwd=str(REPO / "notebooks"),
        progress_bar=False)
    outputs = [o for c in nbformat.read(out, as_version=4).cells
               for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
    assert not any("image/svg+xml" in o.get("data", {}) for o in outputs)


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(REPO / "notebooks" / "enterprise_assessment.ipynb",
                       as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert "parameters" in nb.cells[0].metadata.get("tags", [])


def test_assess_command_writes_one_row_per_enterprise(small_district, tmp_path):
    out = tmp_path / "assessment.csv"
    code = main(["assess", "--data", str(small_district), "--milestone",
                 "m1_investigation", "--out", str(out)])
    assert code == 0
    frame = pd.read_csv(out, encoding="utf-8-sig")
    enterprises = pd.read_csv(small_district / "enterprises.csv",
                              encoding="utf-8-sig")
    assert len(frame) == len(enterprises)
    for col in ["enterprise_id", "score", "grade", "rank", "rank_low",
                "rank_high", *[f"task_{t}" for t in range(1, 8)]]:
        assert col in frame
    assert ((frame["rank_low"] <= frame["rank"])
            & (frame["rank"] <= frame["rank_high"])).all()
