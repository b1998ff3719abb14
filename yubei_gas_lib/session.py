"""One milestone's data and shared results, computed once and read by notebooks.

A run prepares the session once per milestone and stores it in a work
folder; each notebook then opens it instead of loading and validating the
raw files again. An analyst in JupyterLab opens it the same way, without a
work folder, and it is computed on the spot.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .errors import YubeiGasError
from .milestones import Milestone, TargetStatus, check_targets, load_milestone

_FILE = "session.pkl"
_RESULTS = "results"


@dataclass
class Session:
    """The milestone, every validated row (``full``) and the rows up to its date."""

    milestone: Milestone
    full: Dataset
    data: Dataset
    data_dir: Path
    params_dir: Path
    results: dict[str, Any] = field(default_factory=dict)
    # builders that failed in the run's preparation, by name: (zh, en)
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)
    statuses: list[TargetStatus] | None = None
    work_dir: Path | None = None

    def __getstate__(self) -> dict:
        # each result is stored in a file of its own and read when asked for,
        # so a notebook that needs one result does not unpickle (and import)
        # them all; the cut is cheap to redo and would double the file
        state = dict(self.__dict__)
        state.update(data=None, results={}, work_dir=None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.data = self.full.cut(self.milestone.as_of)

    def targets(self) -> list[TargetStatus]:
        """The milestone's targets, checked once (by the run) and kept."""
        if self.statuses is None:
            self.statuses = check_targets(self.milestone, self.data, self)
        return self.statuses

    def header(self, title_zh: str) -> str:
        """The briefing's opening block: milestone, period, tariff, targets."""
        from .present import briefing_header
        from .readers import sha256_of

        tariff = self.params_dir / "tariff.yaml"
        label = (f"{self.params_dir.name}/{tariff.name}（sha256 {sha256_of(tariff)[:12]}…）"
                 if tariff.exists() else None)
        return briefing_header(title_zh, self.milestone, self.data, self.targets(),
                               tariff_file=label)

    def result(self, name: str) -> Any:
        """The shared result ``name`` (e.g. ``"audit"``), built once."""
        if name in self.failures:
            zh, en = self.failures[name]
            raise ResultUnavailable(name, zh, en)
        if name not in self.results and self.work_dir is not None:
            stored = self.work_dir / _RESULTS / f"{name}.pkl"
            if stored.exists():
                with open(stored, "rb") as handle:
                    self.results[name] = pickle.load(handle)
        if name not in self.results:
            from .results import load_builders

            builders = load_builders()
            if name not in builders:
                raise KeyError(f"no result builder named {name!r}; "
                               f"known: {', '.join(sorted(builders))}")
            self.results[name] = builders[name](self)
        return self.results[name]

    def build_all(self) -> None:
        """Build every registered result, as a run does before the notebooks.

        A result that cannot be built (a table it needs is absent, say) is
        recorded, not raised: the briefings that need it fail with its
        message, and the others still run.
        """
        from .results import load_builders

        for name in load_builders():
            try:
                self.result(name)
            except YubeiGasError as exc:
                self.failures[name] = (exc.zh, exc.en)
            except Exception as exc:  # a bug must not take every briefing down
                text = f"{type(exc).__name__}: {exc}"
                self.failures[name] = (text, text)


class ResultUnavailable(YubeiGasError):
    """A shared result the run could not build; carries the original message."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        super().__init__(f"无法生成共享结果 {name}：{zh}",
                         f"shared result {name} could not be built: {en}")


def prepare(milestone_id: str, data_dir: str | Path, params_dir: str | Path,
            work_dir: str | Path | None = None, full: Dataset | None = None,
            ) -> Session:
    """Load, validate and cut the data for ``milestone_id``; store it if asked.

    ``full`` is the already validated folder, when a run prepares several
    milestones from the same data.
    """
    from .load import load_dataset

    milestone = load_milestone(params_dir, milestone_id)
    full = full if full is not None else load_dataset(data_dir)
    session = Session(milestone, full, full.cut(milestone.as_of),
                      Path(data_dir).resolve(), Path(params_dir).resolve())
    if work_dir is not None:
        session.build_all()
        session.targets()
        _store(session, Path(work_dir))
    return session


def _store(session: Session, work_dir: Path) -> None:
    folder = work_dir / _RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.pkl"):
        stale.unlink()
    for name, result in session.results.items():
        with open(folder / f"{name}.pkl", "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    with open(work_dir / _FILE, "wb") as handle:
        pickle.dump(session, handle, protocol=pickle.HIGHEST_PROTOCOL)


def open_session(milestone_id: str, data_dir: str | Path, params_dir: str | Path,
                 work_dir: str | Path | None = None) -> Session:
    """The stored session of a run when there is one, else a fresh one."""
    if work_dir:
        path = Path(work_dir) / _FILE
        if path.exists():
            with open(path, "rb") as handle:
                session = pickle.load(handle)
            if session.milestone.id == milestone_id:
                session.work_dir = Path(work_dir)
                return session
    return prepare(milestone_id, data_dir, params_dir)
