"""Every page on a phone (390x844) and a desktop (1280x800), in both interface languages, in a
real browser: no sideways scrolling, and axe-core finds no "serious" or "critical" WCAG 2.1 A/AA
violation. axe-core comes from npm (`make axe-deps`) and is injected by the test only (the test
context bypasses the page's CSP to do so; the app never serves it). Screenshots of each page at
both sizes land in artifacts/screenshots/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page

from tests.conftest import ROOT
from tests.web.browser_rig import CHROMIUM, TIMEOUT_MS, shot
from tests.web.conftest import WebFixture
from tests.web.workbench_rig import own_app, serve_own_store

pytestmark = pytest.mark.browser

AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
if not CHROMIUM.exists():
    pytest.skip(f"accessibility tests skipped: {CHROMIUM} is missing (make browser-deps)",
                allow_module_level=True)
if not AXE.exists():
    pytest.skip(f"accessibility tests skipped: {AXE.relative_to(ROOT)} is missing "
                "(make axe-deps)", allow_module_level=True)

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
LOCALES = ("pl", "en")
AZOTY_URL = "https://nto.example.pl/art/azoty-rozbudowa"
HOSTILE_URL = "https://nto.example.pl/art/hostile"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebFixture]:
    yield from serve_own_store(tmp_path_factory, "a11y")


@pytest.fixture(scope="module")
def app(data: WebFixture) -> FastAPI:
    return own_app(data)


def pages(data: WebFixture) -> dict[str, str]:
    doc = data.docs[AZOTY_URL]
    return {
        "search": "/search",
        "results": "/search?q=azoty&member=grupa-azoty-zak",
        "document": f"/documents/{doc.id}",
        "hostile-document": f"/documents/{data.docs[HOSTILE_URL].id}",
        "member": "/members/grupa-azoty-zak",
        "sources": "/sources",
        "compare": "/compare?member=grupa-azoty-zak&member=kkpp&member=chem-ster&by=source",
        "entities": "/entities?kind=org&since=2024-05-01&until=2024-07-31",
        "prospects": "/entities?view=prospects",
        "alerts": "/alerts",
        "alert-form": "/alerts/new?q=azoty&member=grupa-azoty-zak",
        "not-found": "/documents/0000000000000000",
    }


def axe_violations(pg: Page) -> list[dict[str, object]]:
    pg.add_script_tag(path=str(AXE))
    found = pg.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_fits_and_passes_axe(browser: Browser, server: str, data: WebFixture,
                                        size: str, locale: str) -> None:
    context = browser.new_context(viewport=SIZES[size], bypass_csp=True, locale=locale)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    problems: dict[str, object] = {}
    try:
        for name, path in pages(data).items():
            sep = "&" if "?" in path else "?"
            pg.goto(f"{server}{path}{sep}hl={locale}")
            width = pg.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            if width[0] > width[1]:
                problems[f"{name}: scrolls sideways"] = width
            bad = axe_violations(pg)
            if bad:
                problems[f"{name}: axe"] = bad
            shot(pg, f"a11y-{name}-{size}-{locale}")
    finally:
        context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def _tab_to(pg: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                       selector):
            return
    raise AssertionError(f"{selector} not reached by keyboard")


@pytest.mark.parametrize("size", list(SIZES))
def test_search_and_open_a_result_by_keyboard_alone(browser: Browser, server: str,
                                                    size: str) -> None:
    context = browser.new_context(viewport=SIZES[size], locale="en")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        pg.goto(f"{server}/search?hl=en")
        _tab_to(pg, "a.skip-link")
        _tab_to(pg, "input[name=q]")
        pg.keyboard.type("azoty")
        pg.keyboard.press("Enter")
        pg.wait_for_url("**q=azoty*")
        _tab_to(pg, "a.skip-link")
        pg.keyboard.press("Enter")  # skip to results
        _tab_to(pg, ".hit h2 a")
        pg.keyboard.press("Enter")
        pg.wait_for_url("**/documents/*")
        assert pg.locator("h1.doc-title").is_visible()
        shot(pg, f"keyboard-document-{size}")
    finally:
        context.close()


def test_document_prints_as_a_clean_article(browser: Browser, server: str,
                                            data: WebFixture, tmp_path: Path) -> None:
    context = browser.new_context(viewport=SIZES["desktop"], locale="en")
    pg = context.new_page()
    try:
        pg.goto(f"{server}/documents/{data.docs[AZOTY_URL].id}?hl=en")
        pg.emulate_media(media="print")
        hidden = pg.evaluate("""() => ['.topbar', '.doc-side form', '.footer', '.legend']
            .map(s => document.querySelector(s))
            .filter(e => e && getComputedStyle(e).display !== 'none').length""")
        assert hidden == 0
        assert pg.locator(".doc-text").is_visible() and pg.locator("h1.doc-title").is_visible()
        pdf = tmp_path / "article.pdf"
        pg.pdf(path=str(pdf))
        assert pdf.stat().st_size > 1000
    finally:
        context.close()
