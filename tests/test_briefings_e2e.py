"""Every briefing of a milestone on a small synthetic district, as readers get it.

One real run (synth, papermill, kernels, nbconvert) feeds all the checks:
pages load in chromium with the network cut and without errors, the map
draws its 30 towns, Chinese renders in a CJK font, and no page holds
personal data.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from yubei_gas_lib.run.export import external_references

from .browser import offline_page

pytestmark = pytest.mark.slow

MILESTONE = "m2_rectification"
TOWNS = ("500112012000", "500112144000")
BRIEFINGS = ("complaint_heatmaps", "billing_trends", "opinion_risk",
             "enterprise_assessment", "data_quality")


@pytest.fixture(scope="module")
def district_run(tmp_path_factory, repo_root):
    base = tmp_path_factory.mktemp("district")
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "yubei-gas"), "synth", "--households", "1500",
                    "--seed", "11", "--out", str(base / "raw"),
                    "--truth", str(base / "truth")],
                   check=True, capture_output=True, timeout=300)
    done = subprocess.run(
        [str(bin_dir / "yubei-gas"), "run", "--milestone", MILESTONE,
         "--data", str(base / "raw"), "--out", str(base / "out"),
         "--params", str(repo_root / "params"),
         "--notebooks", str(repo_root / "notebooks"),
         "--towns", ",".join(TOWNS), "--jobs", "2", "--quiet"],
        capture_output=True, text=True, encoding="utf-8", timeout=900)
    return base, done


def pages(base: Path) -> list[Path]:
    folder = base / "out" / MILESTONE
    return [folder / f"{s}.html" for s in BRIEFINGS] + [
        folder / "towns" / f"{code}.html" for code in TOWNS]


def test_every_briefing_is_written(district_run):
    base, done = district_run
    assert done.returncode == 0, done.stderr[-3000:]
    for page in pages(base):
        assert page.exists(), page
    index = (base / "out" / "index.html").read_text(encoding="utf-8")
    assert index.count('class="ok"') == len(BRIEFINGS) + len(TOWNS)


@pytest.mark.parametrize("stem", [*BRIEFINGS, *(f"towns/{c}" for c in TOWNS)])
def test_briefing_works_offline(district_run, stem):
    base, _ = district_run
    page = base / "out" / MILESTONE / f"{stem}.html"
    html = page.read_text(encoding="utf-8")
    assert external_references(html) == []
    # every briefing names the tariff file it was computed with
    assert "params/tariff.yaml（sha256 " in html
    with offline_page(page) as visit:
        assert visit.blocked_requests == []
        assert visit.failed_requests == []
        assert visit.console_errors == []
        fonts = visit.fonts_of("header.yg-header h1")
        assert any("CJK" in f for f in fonts), fonts
        # the milestone's targets open the page, each with a status and figure
        assert visit.page.locator("li.yg-target").count() >= 1


def test_complaint_map_draws_thirty_towns(district_run):
    base, _ = district_run
    with offline_page(base / "out" / MILESTONE / "complaint_heatmaps.html") as visit:
        # the map is a self-contained page in an iframe; Leaflet draws each
        # town as an interactive SVG path
        drawn = [frame.locator("path.leaflet-interactive").count()
                 for frame in visit.page.frames]
        assert max(drawn) >= 30, drawn


def test_no_personal_data_in_any_output(district_run):
    base, _ = district_run
    households = pd.read_csv(base / "raw" / "households.csv", dtype=str,
                             encoding="utf-8-sig")
    ids = set(households["户号"])
    # two-character names are ordinary words too often to scan for
    names = [n for n in households["户名"] if len(n) >= 3]
    phones_of_data = set(households["联系电话"])
    addresses = list(households["用气地址"])
    tickets = pd.read_csv(base / "raw" / "complaints.csv", dtype=str,
                          encoding="gb18030")
    texts = [t for t in tickets.get("诉求内容", pd.Series(dtype=str)).dropna()
             if len(t) >= 12]
    outputs = [p for p in (base / "out").rglob("*.html")]
    assert len(outputs) >= len(BRIEFINGS) + len(TOWNS) + 1
    for path in outputs:
        html = path.read_text(encoding="utf-8")
        # a mobile number stands alone; map element ids are hex and may hold
        # eleven digits in a row, so letters count as a boundary too
        phones = re.findall(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])", html)
        assert phones == [], (path, phones[:3])
        assert not any(p in html for p in phones_of_data), path
        assert ids.isdisjoint(re.findall(r"\d{8,}", html)), path
        leaked = [n for n in names if n in html]
        assert leaked == [], (path, leaked[:3])
        assert not any(a in html for a in addresses), path
        assert not any(t[:12] in html for t in texts), path
