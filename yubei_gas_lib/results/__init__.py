"""Milestone results: the heavy shared computations, done once per run.

Each analysis that notebooks share (the audit, complaint measures, risk
scores, the assessment) registers a *builder* here: a function of the
:class:`~yubei_gas_lib.session.Session` returning a picklable result. A run
builds them all once per milestone and stores them with the session;
notebooks ask ``session.result("audit")`` and never compute them again. In
JupyterLab, without a stored session, the first call computes and keeps it.

Builders live in this package, one module per analysis, so that analyses
themselves never learn about sessions or files.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Builder = Callable[[Any], Any]
BUILDERS: dict[str, Builder] = {}

# analysis modules whose builders register on import; a module not written
# yet is simply absent
_MODULES = ("audit", "complaints", "risk", "assessment")


def builder(name: str) -> Callable[[Builder], Builder]:
    """Register ``fn`` as the builder of the result ``name``."""

    def register(fn: Builder) -> Builder:
        BUILDERS[name] = fn
        return fn

    return register


def load_builders() -> dict[str, Builder]:
    """Import every builder module present and return the registry."""
    for name in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return BUILDERS
