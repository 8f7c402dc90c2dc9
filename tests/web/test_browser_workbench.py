"""The workbench in a real browser (Debian's Chromium through Playwright, a real uvicorn
server, its own SQLite store): compare two members, switch to share of voice, download the
CSV; remove a member link on a document page, see the member's count drop, undo it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.web.browser_rig import CHROMIUM, Tab, shot
from tests.web.conftest import WebFixture
from tests.web.workbench_rig import own_app, serve_own_store

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip(f"browser tests skipped: {CHROMIUM} is missing (make browser-deps)",
                allow_module_level=True)

AZOTY_URL = "https://nto.example.pl/art/azoty-rozbudowa"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebFixture]:
    yield from serve_own_store(tmp_path_factory, "workbench-browser")


@pytest.fixture(scope="module")
def app(data: WebFixture) -> FastAPI:  # the server fixture of test_browser serves this app
    return own_app(data)


def test_compare_two_members_share_of_voice_and_csv(tab: Tab, server: str) -> None:
    pg = tab.pg
    pg.goto(f"{server}/compare?hl=en")
    pg.check("input[name=member][value=grupa-azoty-zak]")
    pg.check("input[name=member][value=kkpp]")
    pg.select_option("select[name=interval]", "year")
    pg.click(".compare-form button[type=submit]")
    pg.wait_for_url("**/compare?*member=kkpp*")
    assert pg.locator("svg.chart-svg polyline.line").count() == 2
    assert pg.locator(".figures-table tbody tr").count() >= 1
    shot(pg, "20-compare")
    pg.select_option("select[name=measure]", "share")
    pg.click(".compare-form button[type=submit]")
    pg.wait_for_url("**measure=share*")
    cells = pg.locator(".figures-table tbody td").all_inner_texts()
    assert cells and all(c.endswith("%") for c in cells)
    with pg.expect_download() as info:
        pg.click("a:has-text('Download CSV')")
    text = info.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["member"] for r in rows} == {"grupa-azoty-zak", "kkpp"}
    assert all(0.0 <= float(r["share"]) <= 1.0 for r in rows)
    shot(pg, "21-compare-share")
    assert not tab.problems, tab.problems


def _member_articles(tab: Tab, server: str) -> int:
    tab.pg.goto(f"{server}/members/grupa-azoty-zak?interval=year&hl=en")
    cells = tab.pg.locator("details.figures tbody td.num").all_text_contents()
    return int(cells[0])  # articles in the one yearly bucket (the table is folded away)


def test_remove_a_link_then_undo_it(tab: Tab, server: str, data: WebFixture) -> None:
    pg = tab.pg
    before = _member_articles(tab, server)
    doc = data.docs[AZOTY_URL]
    pg.goto(f"{server}/documents/{doc.id}?hl=en")
    item = pg.locator(".link-list li", has=pg.locator(".chip[href='/members/grupa-azoty-zak']"))
    item.locator("input[name=why]").fill("a different plant")
    item.locator("button").click()
    pg.wait_for_url(f"**/documents/{doc.id}*")
    assert pg.locator(".corrections li").count() == 1
    assert "a different plant" in pg.locator(".corrections").inner_text()
    shot(pg, "22-link-removed")
    assert _member_articles(tab, server) == before - 1
    pg.goto(f"{server}/documents/{doc.id}?hl=en")
    pg.locator(".corrections li button:has-text('Undo')").click()
    pg.wait_for_url(f"**/documents/{doc.id}*")
    assert pg.locator(".corrections li").count() == 0
    assert _member_articles(tab, server) == before
    assert not tab.problems, tab.problems
