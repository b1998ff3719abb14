"""The complaint notebooks: papermill parameters as data_quality's, no outputs."""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _parameters(name: str) -> dict[str, object]:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{name}: one cell tagged parameters"
    values: dict[str, object] = {}
    exec(cells[0].source, {}, values)
    return values


@pytest.mark.parametrize("name", ["complaint_heatmaps.ipynb", "town_briefing.ipynb"])
def test_thin_and_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert all(len(c.source.splitlines()) <= 12 for c in code)
    assert nb.metadata["kernelspec"]["name"] == "yubei-gas"


@pytest.mark.parametrize("name", ["complaint_heatmaps.ipynb", "town_briefing.ipynb"])
def test_parameters_follow_the_data_quality_notebook(name):
    reference = _parameters("data_quality.ipynb")
    params = _parameters(name)
    assert {k: params[k] for k in reference} == reference


def test_town_briefing_defaults_to_a_real_town():
    from yubei_gas_lib.geography import town_names

    assert _parameters("town_briefing.ipynb")["town_code"] in town_names()
