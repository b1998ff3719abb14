"""Briefings in a real browser with the network cut."""

from __future__ import annotations

import pytest

from .browser import offline_page

pytestmark = pytest.mark.slow


def test_data_quality_page_loads_offline_and_renders_chinese(briefing_run):
    base, *_ = briefing_run
    page = base / "out" / "m1_investigation" / "data_quality.html"
    with offline_page(page) as visit:
        assert visit.blocked_requests == []
        assert visit.failed_requests == []
        assert visit.console_errors == []
        title = visit.page.inner_text("h1")
        assert title == "数据质量简报"
        fonts = visit.fonts_of("h1")
        assert any("CJK" in f or "Han" in f or "Hei" in f for f in fonts), fonts
        rows = visit.page.locator("table.yg-table tbody tr").count()
        assert rows >= 13  # the load summary lists every contract table


def test_index_page_links_work_offline(briefing_run):
    base, *_ = briefing_run
    with offline_page(base / "out" / "index.html") as visit:
        assert visit.console_errors == [] and visit.blocked_requests == []
        link = visit.page.locator("a", has_text="数据质量")
        link.click()
        visit.page.wait_for_load_state()
        assert visit.page.url.endswith("m1_investigation/data_quality.html")
