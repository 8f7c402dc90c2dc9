"""The HTML part of a digest, as received over SMTP, rendered in Chromium (Playwright): the
hostile title shows as text, no script runs, links point where they should."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clusterwatch.alerts.mail import make_sender
from clusterwatch.alerts.model import AlertInput, build_alert
from clusterwatch.alerts.runner import AlertRunner
from tests.alerts.conftest import HOSTILE, NOW, Inbox, World, seed
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "artifacts" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(f"browser tests skipped: {CHROMIUM} is missing (make browser-deps)",
                allow_module_level=True)
try:
    from playwright.sync_api import Dialog, sync_playwright
except ImportError:  # pragma: no cover - a dev dependency
    pytest.skip("browser tests skipped: playwright is not installed", allow_module_level=True)


def test_the_html_digest_in_chromium(world_factory: Callable[..., World], inbox: Inbox,
                                     tmp_path: Path) -> None:
    world = world_factory({"host": inbox.host, "port": inbox.port, "security": "none"})
    seed(world)
    alert = build_alert(AlertInput(name="Azoty <i>watch</i>", members=["azoty"],
                                   emails=["p@example.org"]), {"azoty", "park"}, created=NOW)
    world.store.save_alert(alert)
    s = world.config.settings
    AlertRunner(world.config, world.store, make_sender(s.smtp, s.data_dir)).run([alert], now=NOW)
    (msg,) = inbox.messages()
    part = msg.get_body(("html",))
    assert part is not None
    page_file = tmp_path / "digest.html"
    page_file.write_text(part.get_content(), encoding="utf-8")
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page()

            def on_dialog(d: Dialog) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            assert page.locator("script").count() == 0 and dialogs == []
            assert page.locator("h1").inner_text() == "Alert: Azoty <i>watch</i>"
            assert page.locator("h1 i").count() == 0
            titles = page.locator("article.entry h2").all_inner_texts()
            assert len(titles) == 2 and " ".join(HOSTILE.split()) in titles
            links = page.locator("article.entry h2 a").evaluate_all(
                "els => els.map(e => e.href)")
            assert all(h.startswith("https://cw.example.org/documents/") for h in links)
            also = page.locator("p.also").all_inner_texts()
            assert len(also) == 1 and also[0].startswith("also in 2 sources: ")
            assert page.locator(".chip").first.inner_text() == "Grupa Azoty ZAK"
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "alert-digest.png"), full_page=True)
        finally:
            browser.close()
