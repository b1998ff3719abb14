"""Reading parameter files (YAML under ``params/``) into typed models."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import ParameterError

M = TypeVar("M", bound=BaseModel)


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so the model reports a bad one
    with its key instead of YAML failing without naming it."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> object:
    """The YAML at ``path`` with dates left as text."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def parse_model(model: type[M], path: str | Path) -> M:
    """Load the YAML at ``path`` into ``model``.

    Raises
    ------
    ParameterError
        Naming the file and the key path of the first problem
        (``targets.0.threshold``), in Chinese and English.
    """
    path = Path(path)
    if not path.exists():
        raise ParameterError(str(path), "-", "文件不存在", "file does not exist")
    try:
        data = read_yaml(path) or {}
    except yaml.YAMLError as exc:
        raise ParameterError(str(path), "-", f"YAML 格式错误：{exc}",
                             f"invalid YAML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "-"
        count = exc.error_count()
        raise ParameterError(str(path), key, f"{first['msg']}（共 {count} 处错误）",
                             f"{first['msg']} ({count} error(s))") from exc
