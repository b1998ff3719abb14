"""Executed notebook -> one self-contained HTML briefing, written atomically."""

from __future__ import annotations

import html
import os
import re
import tempfile
from importlib.resources import files
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

_TEMPLATES = Path(str(files("yubei_gas_lib") / "templates"))

# Anything that would make a browser reach out: absolute or protocol-relative
# URLs in attributes, CSS url() or script imports.
_EXTERNAL = re.compile(
    r"""(?:https?:)?//(?!www\.w3\.org/)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s"'<>)]*"""
)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def export_html(executed: Path, target: Path, provenance_html: str = "") -> int:
    """Export ``executed`` to ``target`` with code and prompts hidden.

    Returns the page's size in bytes. The page is written to a temporary file
    beside ``target`` and moved into place, so a reader never opens half of it.
    """
    nb = nbformat.read(executed, as_version=4)
    _drop_stderr(nb)
    exporter = HTMLExporter(
        template_name="briefing",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"provenance_html": provenance_html}
    )
    body = _CSS_COMMENT.sub("", body)
    write_atomic(target, body)
    return len(body.encode("utf-8"))


def _drop_stderr(nb: nbformat.NotebookNode) -> None:
    # progress bars and warnings go to stderr; they are for the analyst
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream"
                                    and o.get("name") == "stderr")]


def external_references(page: str) -> list[str]:
    """Every URL in ``page`` a browser could try to fetch (should be none)."""
    return sorted(set(_EXTERNAL.findall(page)))


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` through a temporary file and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp makes the file private; a briefing is for readers to open
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def provenance_html(provenance: dict) -> str:
    """The footer: data files with SHA-256, parameters, version, run time."""
    rows = [f"<div>套件版本 (suite version)：{html.escape(provenance['version'])}；"
            f"运行开始 {html.escape(provenance['started_at'])}，"
            f"耗时 {provenance['seconds']:.1f} 秒；内核 {html.escape(provenance['kernel'])}"
            "</div>"]
    for label, key in (("数据文件 (data files)", "data_files"),
                       ("参数文件 (parameters)", "param_files")):
        items = "".join(f"<li>{html.escape(name)} sha256:{digest}</li>"
                        for name, digest in provenance[key].items())
        rows.append(f"<div>{label}：<ul>{items}</ul></div>")
    if provenance.get("parameters"):
        pairs = "；".join(f"{html.escape(str(k))}={html.escape(str(v))}"
                         for k, v in provenance["parameters"].items())
        rows.append(f"<div>运行参数 (run parameters)：{pairs}</div>")
    return "".join(rows)
