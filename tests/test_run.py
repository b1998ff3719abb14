"""``yubei-gas run`` end to end: real papermill, kernel and nbconvert."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from yubei_gas_lib.readers import sha256_of
from yubei_gas_lib.run.export import external_references

pytestmark = pytest.mark.slow


def run_cli(repo: Path, data: Path, out: Path, notebooks: Path,
            milestone: str = "m1_investigation") -> subprocess.CompletedProcess:
    script = Path(sys.executable).parent / "yubei-gas"
    return subprocess.run(
        [str(script), "run", "--milestone", milestone, "--data", str(data),
         "--out", str(out), "--params", str(repo / "params"),
         "--notebooks", str(notebooks), "--towns", "none", "--quiet"],
        capture_output=True, text=True, encoding="utf-8", timeout=300)


def broken_notebook(path: Path) -> None:
    """A notebook whose second cell fails, named after what it provokes."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('milestone = ""\ndata_dir = ""\n'
                                       'params_dir = ""\nwork_dir = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nb, path)


def test_data_quality_briefing_is_written(briefing_run):
    base, data, _, done = briefing_run
    assert done.returncode == 0, done.stderr + done.stdout
    page = (base / "out" / "m1_investigation" / "data_quality.html").read_text(
        encoding="utf-8")
    assert "数据质量简报" in page and "集中排查" in page
    assert "2024-05-31" in page
    # the quarantine findings, by rule, with row numbers and no cell values
    assert "depends_on_quarantined" in page and "瞎写" not in page
    # code is hidden: no source of the notebook's cells
    assert "open_session(" not in page
    # provenance: each data file with its SHA-256, the suite's version
    assert sha256_of(data / "readings.csv") in page
    assert "套件版本" in page and "milestones/m1_investigation.yaml" in page
    assert external_references(page) == []


def test_index_lists_the_briefing(briefing_run):
    base, *_ = briefing_run
    index = (base / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="m1_investigation/data_quality.html"' in index
    assert "集中排查" in index and "成功" in index


def test_unchanged_run_reuses_results(briefing_run, repo_root):
    base, data, notebooks, _ = briefing_run
    page = base / "out" / "m1_investigation" / "data_quality.html"
    before = page.stat().st_mtime_ns
    again = run_cli(repo_root, data, base / "out", notebooks)
    assert again.returncode == 0
    assert "reused" in again.stderr
    assert page.stat().st_mtime_ns == before
    state = json.loads((base / "out" / "m1_investigation" / "_run" / "state.json")
                       .read_text(encoding="utf-8"))
    assert state["data_quality"]["status"] == "reused"


def test_a_failing_briefing_fails_alone(briefing_run, repo_root, tmp_path):
    base, data, notebooks, _ = briefing_run
    out = tmp_path / "out"
    shutil.copytree(base / "out", out)
    good = (out / "m1_investigation" / "data_quality.html").read_bytes()
    broken_notebook(notebooks / "billing_trends.ipynb")
    # change the data quality notebook too, so it runs again and then breaks
    dq = notebooks / "data_quality.ipynb"
    kept = dq.read_bytes()
    nb = nbformat.read(dq, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('坏了')"))
    nbformat.write(nb, dq)
    try:
        done = run_cli(repo_root, data, out, notebooks)
    finally:
        dq.write_bytes(kept)
        (notebooks / "billing_trends.ipynb").unlink()
    assert done.returncode == 1, done.stderr
    # the last good page of the failed briefing is still there, unchanged
    assert (out / "m1_investigation" / "data_quality.html").read_bytes() == good
    assert not (out / "m1_investigation" / "billing_trends.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in index, done.stderr[-2000:]
    assert "RuntimeError: 坏了" in index
    assert "保留上次成功的简报" in index


def test_bad_parameter_stops_the_run_before_any_kernel(briefing_run, repo_root,
                                                       tmp_path):
    _, data, notebooks, _ = briefing_run
    params = tmp_path / "params"
    shutil.copytree(repo_root / "params", params)
    service = params / "service_standards.yaml"
    service.write_text(service.read_text(encoding="utf-8") + "\nnot_a_key: 1\n",
                       encoding="utf-8")
    script = Path(sys.executable).parent / "yubei-gas"
    done = subprocess.run(
        [str(script), "run", "--milestone", "m1_investigation", "--data", str(data),
         "--out", str(tmp_path / "out"), "--params", str(params),
         "--notebooks", str(notebooks), "--towns", "none", "--quiet"],
        capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 1
    assert "service_standards.yaml" in done.stderr and "not_a_key" in done.stderr
    assert not (tmp_path / "out" / "m1_investigation").exists()
