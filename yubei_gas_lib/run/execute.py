"""Executing one notebook with papermill, and checking every cell's outputs."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill


@dataclass(frozen=True)
class Execution:
    """What happened to one notebook: where its output is and what failed."""

    output: Path
    ok: bool
    seconds: float
    error: str | None = None
    cell: int | None = None


def execute(notebook: Path, output: Path, parameters: dict, kernel: str) -> Execution:
    """Run ``notebook`` into ``output``; a failed cell anywhere fails it.

    papermill's exit status is not enough: a cell may print an error output
    while execution goes on (``allow_errors``, or a display of a caught
    traceback), so the saved notebook is scanned for error outputs too.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    raised = None
    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters,
            kernel_name=kernel, language="python", cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False, request_save_on_cell_execute=False,
        )
    except papermill.PapermillExecutionError as exc:
        raised = exc
    except Exception as exc:  # a kernel that died or never started
        return Execution(output, False, time.perf_counter() - started,
                         f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    found = first_error(output) if output.exists() else None
    if found is not None:
        return Execution(output, False, seconds, found[1], found[0])
    if raised is not None:
        return Execution(output, False, seconds,
                         f"{raised.ename}: {raised.evalue}", raised.cell_index)
    return Execution(output, True, seconds)


def first_error(path: Path) -> tuple[int, str] | None:
    """The first cell (by number) with an error output, and its message."""
    nb = nbformat.read(path, as_version=4)
    code_number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_number += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return code_number, f"{out.get('ename')}: {out.get('evalue')}"
    return None
