#!/usr/bin/env python3
"""Set up and run the suite with nothing but Python 3.11 and pip.

    python3 tasks.py demo    # environment + demo district + all briefings
    python3 tasks.py test    # environment + the test suite
    python3 tasks.py lab     # environment + JupyterLab with the suite's kernel

Standard library only, so it works before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
DEMO_HOUSEHOLDS = "20000"
DEMO_SEED = "2024"
BROWSER_PACKAGES = ("chromium", "fonts-noto-cjk")


def sh(*args: str | Path, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_env(extras: str) -> None:
    """Create .venv and install the suite with ``extras`` unless already done."""
    if sys.version_info < (3, 11):
        sys.exit("需要 Python 3.11 或更高版本 (Python 3.11+ required)")
    if not PY.exists():
        sh(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    sh(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    sh(PY, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


def has_cjk_font() -> bool:
    return Path("/usr/share/fonts/opentype/noto").exists()


def ensure_debian(packages: tuple[str, ...], present: bool, why_zh: str) -> None:
    """Install Debian ``packages`` with apt-get when missing and we are root."""
    if present:
        return
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        sh(apt, "update", "-qq")
        sh(apt, "install", "-y", "-qq", "--no-install-recommends", *packages,
           env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        return
    print(f"{why_zh}需要 Debian 软件包：sudo apt-get install {' '.join(packages)}",
          flush=True)


def ensure_browser() -> None:
    """Debian's chromium and a CJK font, for the tests that look at pages."""
    ensure_debian(BROWSER_PACKAGES, bool(shutil.which("chromium")) and has_cjk_font(),
                  "浏览器测试 (browser tests) ")


def has_raw_data(folder: Path) -> bool:
    return any(p.suffix in {".csv", ".xlsx", ".parquet"} for p in folder.glob("*.*"))


def demo() -> None:
    ensure_env("")
    # charts in the briefings draw Chinese labels with a CJK system font
    ensure_debian(("fonts-noto-cjk",), has_cjk_font(), "图表中文字体 (CJK font for charts) ")
    raw = ROOT / "data" / "raw"
    if not has_raw_data(raw):
        sh(BIN / "yubei-gas", "synth", "--households", DEMO_HOUSEHOLDS,
           "--seed", DEMO_SEED, "--out", raw, "--truth", ROOT / "data" / "truth")
    sh(BIN / "yubei-gas", "run", "--milestone", "all", "--data", raw,
       "--out", ROOT / "outputs")


def test() -> None:
    ensure_env("test")
    ensure_browser()
    sh(PY, "-m", "pytest", *sys.argv[2:])


def lab() -> None:
    ensure_env("lab")
    sh(PY, "-c", "from yubei_gas_lib.run.kernel import ensure_kernel; ensure_kernel()")
    sh(BIN / "jupyter", "lab", "--notebook-dir", ROOT / "notebooks")


if __name__ == "__main__":
    commands = {"demo": demo, "test": test, "lab": lab}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
