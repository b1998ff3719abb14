"""Looking at a page as a person would: Debian's chromium, headless, offline.

Playwright drives the system browser (no browser download). Every request
that is not a local file is aborted, so a page that needs the network shows
up as failed requests or a blank map.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@dataclass
class Visit:
    page: object
    failed_requests: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def fonts_of(self, selector: str) -> list[str]:
        """Fonts the browser actually used to draw the text of ``selector``."""
        cdp = self.page.context.new_cdp_session(self.page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
        return [f["familyName"] for f in used["fonts"]]


@contextmanager
def offline_page(path: Path, width: int = 1200, height: int = 900):
    """Open ``path`` with the network cut; yields a :class:`Visit`."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is required for browser tests: "
                    "apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        visit = Visit(page)
        page.on("requestfailed", lambda r: visit.failed_requests.append(r.url))
        page.on("console", lambda m: visit.console_errors.append(m.text)
                if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.console_errors.append(str(e)))

        def route(r):
            if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
                r.continue_()
            else:
                visit.blocked_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        try:
            yield visit
        finally:
            browser.close()
