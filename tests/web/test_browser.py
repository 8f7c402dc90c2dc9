"""Real browser: Debian's Chromium through Playwright against a real uvicorn server.

Screenshots go to artifacts/screenshots/ (gitignored) for people to look at.
"""

from __future__ import annotations

import pytest

from tests.web.browser_rig import CHROMIUM, Tab, shot
from tests.web.conftest import HOSTILE_URL, WebFixture

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip(f"browser tests skipped: {CHROMIUM} is missing (make browser-deps)",
                allow_module_level=True)


def test_search_filter_document_member(tab: Tab, server: str) -> None:
    pg = tab.pg
    pg.goto(f"{server}/")
    assert "7 results" in pg.locator(".summary").inner_text()
    shot(pg, "01-start")
    pg.fill("input[name=q]", "azoty")
    pg.press("input[name=q]", "Enter")
    pg.wait_for_url("**/search?q=azoty*")
    assert "5 results" in pg.locator(".summary").inner_text()
    assert pg.locator(".hit .snippet mark").count() > 0
    shot(pg, "02-search")

    pg.select_option("select[name=source]", "opole24")
    pg.click("button.primary")
    pg.wait_for_url("**source=opole24*")
    assert "1 results" in pg.locator(".summary").inner_text()
    pg.click(".facet a:has-text('Opole 24')")  # a selected facet removes the filter
    pg.wait_for_load_state()
    assert "source=opole24" not in pg.url
    pg.click(".facet a:has-text('Kędzierzyńsko-Kozielski')")
    pg.wait_for_url("**member=kkpp*")
    assert "2 results" in pg.locator(".summary").inner_text()
    shot(pg, "03-filtered")

    pg.click(".hit h2 a >> nth=0")
    pg.wait_for_url("**/documents/*")
    assert pg.locator(".doc-text .ent-LOC").count() > 0
    assert pg.locator(".doc-text .ent-member").count() > 0
    assert pg.locator(".copies li").count() == 1
    shot(pg, "04-document")

    pg.click(".doc-side .chip:has-text('Kędzierzyńsko-Kozielski')")
    pg.wait_for_url("**/members/kkpp")
    chart = pg.locator("svg.chart-svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["height"] > 100
    assert pg.locator("svg.chart-svg rect.bar").count() >= 1
    assert not tab.problems, tab.problems


def test_member_chart_weekly_and_language_switch(tab: Tab, server: str) -> None:
    pg = tab.pg
    pg.goto(f"{server}/members/grupa-azoty-zak")
    bars = pg.locator("svg.chart-svg rect.bar")
    assert bars.count() == 5
    heights = [float(bars.nth(i).get_attribute("height") or "nan") for i in range(bars.count())]
    assert max(heights) > 100 and min(heights) == 0
    shot(pg, "05-member")
    pg.select_option("select[name=interval]", "week")
    pg.click(".controls button")
    pg.wait_for_url("**interval=week*")
    assert pg.locator("svg.chart-svg rect.bar").count() > 5
    pg.click(".langs a:has-text('PL')")
    pg.wait_for_url("**hl=pl*")
    assert pg.locator("html").get_attribute("lang") == "pl"
    assert "Wzmianki w czasie" in pg.content()
    assert "interval=week" in pg.url
    shot(pg, "06-member-pl-weekly")
    pg.goto(f"{server}/sources")  # the cookie keeps Polish
    assert "Źródła i przebiegi" in pg.content()
    assert pg.locator(".badge-silent").count() == 1
    shot(pg, "07-sources")
    assert not tab.problems, tab.problems


def test_hostile_page_runs_nothing(tab: Tab, server: str, web_data: WebFixture) -> None:
    pg = tab.pg
    doc = web_data.docs[HOSTILE_URL]
    pg.goto(f"{server}/documents/{doc.id}")
    title = pg.locator("h1.doc-title").inner_text()
    assert '<script>alert("title")</script>' in title  # shown as text
    assert pg.evaluate("typeof window.injected") == "undefined"
    assert pg.locator("main img").count() == 0
    assert "onerror" in pg.locator(".author").inner_text()
    shot(pg, "08-hostile-document")
    pg.goto(f"{server}/search?q=komunikat")
    assert pg.locator(".snippet mark").count() >= 1
    assert pg.locator(".snippet img, .snippet a").count() == 0
    assert not tab.problems, tab.problems
