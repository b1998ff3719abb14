"""The two dependency lists agree, and the quickstart is what the README says."""

from __future__ import annotations

import re
import tomllib

import yaml


def normalise(spec: str) -> tuple[str, str]:
    name, _, bound = re.match(r"^([A-Za-z0-9_.\-]+)\s*(>=\s*([\w.]+))?", spec).groups()
    return name.lower().replace("_", "-"), bound or ""


def test_environment_yml_lists_the_same_dependencies(repo_root):
    project = tomllib.loads((repo_root / "pyproject.toml").read_text())["project"]
    wanted = {normalise(d) for d in project["dependencies"]}
    env = yaml.safe_load((repo_root / "environment.yml").read_text())
    listed = set()
    for item in env["dependencies"]:
        if isinstance(item, dict):
            listed |= {normalise(d) for d in item["pip"] if not d.startswith("-e")}
        elif not item.startswith(("python", "pip")):
            listed.add(normalise(item))
    assert listed == wanted


def test_readme_quickstart_has_exactly_two_commands(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    block = readme.split("## 快速开始", 1)[1].split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()
                and not line.lstrip().startswith("#")]
    assert commands == ["python3 tasks.py demo", "python3 tasks.py test"]
    ci = (repo_root / ".ci" / "run").read_text()
    assert "python3 tasks.py test" in ci
