"""A milestone run: prepare once, run every briefing, keep going past failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm.auto import tqdm

from .. import __version__
from ..geography import towns
from ..load import find_table_files, load_dataset
from ..readers import sha256_of
from ..session import prepare
from . import logger
from .execute import execute
from .export import export_html, provenance_html
from .index import write_index
from .kernel import ensure_kernel
from .preflight import check_parameters

# Notebooks of every milestone, in the order the index lists them; a stem
# whose file is absent is skipped, so the suite grows notebook by notebook.
BRIEFINGS = ("complaint_heatmaps", "billing_trends", "opinion_risk",
             "enterprise_assessment", "data_quality")
TOWN_BRIEFING = "town_briefing"
STATE_FILE = "state.json"


@dataclass(frozen=True)
class Task:
    milestone: str
    stem: str
    notebook: Path
    html: Path
    executed: Path
    parameters: dict
    key: str


@dataclass
class Outcome:
    stem: str
    status: str  # ok, failed or reused
    html: str
    seconds: float = 0.0
    export_seconds: float = 0.0
    error: str | None = None
    cell: int | None = None
    key: str = ""


@dataclass
class RunPaths:
    data: Path
    out: Path
    params: Path
    notebooks: Path


def run(milestones: list[str], paths: RunPaths, towns_wanted: list[str] | None,
        jobs: int = 1, progress: bool = True) -> int:
    """Run ``milestones``; returns 0 when every briefing succeeded, else 1."""
    started = time.time()
    check_parameters(paths.params, milestones)
    kernel = ensure_kernel()
    states = {m: _read_state(paths.out / m) for m in milestones}
    outcomes: dict[str, dict[str, Outcome]] = {m: {} for m in milestones}
    todo: dict[str, list[Task]] = {m: [] for m in milestones}
    for milestone_id in milestones:
        for task in _plan(milestone_id, paths, towns_wanted):
            reused = _reuse(task, states[milestone_id].get(task.stem))
            if reused is None:
                todo[milestone_id].append(task)
            else:
                outcomes[milestone_id][task.stem] = reused
    phases = {"check_parameters": time.time() - started}
    provenance = _provenance(paths, kernel, started)
    bar = tqdm(total=sum(map(len, todo.values())), desc="简报 briefings",
               disable=not progress)
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {}
        full = None
        for milestone_id, tasks in todo.items():
            if not tasks:
                continue
            if full is None:
                logger.info("loading and validating %s once for the run", paths.data)
                clock = time.time()
                full = load_dataset(paths.data)
                phases["load"] = time.time() - clock
            # a milestone's briefings start as soon as its results are stored,
            # while the next milestone is prepared beside them
            logger.info("%s: building shared results once for its briefings",
                        milestone_id)
            clock = time.time()
            prepare(milestone_id, paths.data, paths.params,
                    paths.out / milestone_id / "_run", full=full)
            phases[f"prepare {milestone_id}"] = time.time() - clock
            futures.update({pool.submit(_run_task, t, kernel, provenance): t
                            for t in tasks})
        clock = time.time()
        for future in as_completed(futures):
            task = futures[future]
            outcome = outcomes[task.milestone][task.stem] = future.result()
            level = logger.info if outcome.status == "ok" else logger.warning
            level("%s/%s %s in %.1f s%s", task.milestone, task.stem,
                  outcome.status, outcome.seconds,
                  f": {outcome.error}" if outcome.error else "")
            bar.update()
    bar.close()
    phases["notebooks after the last preparation"] = time.time() - clock
    for milestone_id, by_stem in outcomes.items():
        _write_state(paths.out / milestone_id, states[milestone_id], by_stem)
    write_index(paths.out, paths.params)
    phases["total"] = time.time() - started
    _write_timings(paths.out, phases, outcomes)
    failed = [o for m in outcomes.values() for o in m.values() if o.status == "failed"]
    logger.info("run finished in %.1f s: %d briefing(s) run, %d failed",
                phases["total"], sum(map(len, todo.values())), len(failed))
    return 1 if failed else 0


def _reuse(task: Task, before: dict | None) -> Outcome | None:
    """The last outcome of ``task`` if nothing it depends on has changed."""
    if (before and before["key"] == task.key
            and before["status"] in ("ok", "reused") and task.html.exists()):
        logger.info("%s/%s unchanged since the last run: reused",
                    task.milestone, task.stem)
        return Outcome(task.stem, "reused", before["html"], key=task.key)
    return None


def _plan(milestone_id: str, paths: RunPaths, towns_wanted: list[str] | None,
          ) -> list[Task]:
    out = paths.out / milestone_id
    work = out / "_run"
    # pages are named by stem, so a state file stays valid if OUT moves
    base = {"milestone": milestone_id, "data_dir": str(paths.data.resolve()),
            "params_dir": str(paths.params.resolve()), "work_dir": str(work.resolve())}
    inputs = _fingerprint_inputs(paths)
    tasks = []
    for stem in BRIEFINGS:
        notebook = paths.notebooks / f"{stem}.ipynb"
        if notebook.exists():
            tasks.append(Task(milestone_id, stem, notebook, out / f"{stem}.html",
                              work / f"{stem}.ipynb", dict(base),
                              _key(inputs, notebook, base)))
    town_nb = paths.notebooks / f"{TOWN_BRIEFING}.ipynb"
    if town_nb.exists() and towns_wanted != []:
        codes = towns_wanted or list(towns().town_code)
        for code in codes:
            params = dict(base, town_code=code)
            tasks.append(Task(milestone_id, f"towns/{code}", town_nb,
                              out / "towns" / f"{code}.html",
                              work / "towns" / f"{code}.ipynb", params,
                              _key(inputs, town_nb, params)))
    return tasks


def _run_task(task: Task, kernel: str, provenance: dict) -> Outcome:
    with _stderr_to(task.executed.with_suffix(".log")):
        result = execute(task.notebook, task.executed, task.parameters, kernel)
    html = f"{task.stem}.html"  # relative to the milestone folder
    if not result.ok:
        # the last good page of this name stays where it is
        return Outcome(task.stem, "failed", html, result.seconds,
                       error=result.error, cell=result.cell, key=task.key)
    footer = dict(provenance, parameters=task.parameters,
                  seconds=time.time() - provenance["started"])
    exported = time.perf_counter()
    export_html(task.executed, task.html, provenance_html(footer))
    return Outcome(task.stem, "ok", html, result.seconds,
                   export_seconds=time.perf_counter() - exported, key=task.key)


@contextmanager
def _stderr_to(path: Path):
    """Send this process's stderr, and so its kernel's, to ``path``.

    Kernels write their start-up notices and warnings to the stderr they
    inherit; kept per briefing beside the executed notebook, they stay
    available without burying the progress bar.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "w", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _fingerprint_inputs(paths: RunPaths) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(find_table_files(paths.data).values()):
        digest.update(path.name.encode() + sha256_of(path).encode())
    for path in sorted(paths.params.rglob("*.yaml")):
        digest.update(str(path.relative_to(paths.params)).encode())
        digest.update(path.read_bytes())
    library = Path(__file__).resolve().parents[1]
    for path in sorted(library.rglob("*.py")) + sorted(library.rglob("*.j2")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(inputs: str, notebook: Path, parameters: dict) -> str:
    digest = hashlib.sha256(inputs.encode() + notebook.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    return digest.hexdigest()


def _provenance(paths: RunPaths, kernel: str, started: float) -> dict:
    data_files = {p.name: sha256_of(p) for p in find_table_files(paths.data).values()}
    param_files = {str(p.relative_to(paths.params)): sha256_of(p)
                   for p in sorted(paths.params.rglob("*.yaml"))}
    return {"version": __version__, "kernel": kernel, "started": started,
            "started_at": dt.datetime.fromtimestamp(started).isoformat(
                timespec="seconds"),
            "data_files": data_files, "param_files": param_files}


def _read_state(folder: Path) -> dict:
    path = folder / "_run" / STATE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write_state(folder: Path, before: dict, outcomes: dict[str, Outcome]) -> None:
    state = dict(before)
    for stem, outcome in outcomes.items():
        previous = before.get(stem, {})
        record = asdict(outcome)
        # a failure keeps pointing at the last good page, if there is one
        record["last_good"] = (outcome.html if outcome.status != "failed"
                               else previous.get("last_good"))
        state[stem] = record
    path = folder / "_run" / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_timings(out: Path, phases: dict, outcomes: dict) -> None:
    """Where the run's time went, for the log reader and the benchmark."""
    ran = [o for by_stem in outcomes.values() for o in by_stem.values()
           if o.status != "reused"]
    record = {"phases": phases, "notebooks_run": len(ran),
              "execute_seconds": sum(o.seconds for o in ran),
              "export_seconds": sum(o.export_seconds for o in ran)}
    (out / "run_timings.json").write_text(json.dumps(record, indent=1),
                                          encoding="utf-8")
