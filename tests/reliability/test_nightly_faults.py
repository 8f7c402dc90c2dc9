"""`clusterwatch nightly` against a dead portal and a hostile webhook receiver (real
subprocess, real crawl over HTTP on 127.0.0.1, real SQLite store). Issue items 16 and 17."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.hostile import HostileServer, cli, write_config

pytestmark = pytest.mark.slow

WEBHOOK_TIMEOUT = 2.0


@pytest.fixture
def server() -> Iterator[HostileServer]:
    srv = HostileServer(drip={"/hook": (50, 0.5)}).start()  # one byte every 0.5 s: 25 s +
    yield srv
    srv.stop()


def test_dead_start_url_fails_the_night_and_a_dripping_webhook_is_cut_off(
        server: HostileServer, tmp_path: Path) -> None:
    """Item 17: the only start URL answers 404: exit 1, the run is not ok, the report says
    why. Item 16: the webhook receiver drips its answer; nightly gives up after the
    configured total timeout instead of holding the run lock for minutes."""
    sources = [{"id": "dead", "start_urls": [f"{server.url}/missing/"], "articles": ["/news/"]}]
    config = write_config(tmp_path / "config", sources, tmp_path / "data", nightly={
        "webhook_url": f"{server.url}/hook", "webhook_timeout": WEBHOOK_TIMEOUT})
    started = time.monotonic()
    run = cli(config, "nightly", "--json", timeout=60)
    elapsed = time.monotonic() - started
    assert run.code == 1, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["run"]["status"] == "failed"
    assert report["failed_sources"] == ["dead"]
    assert report["totals"]["dropped"] == {"listing, sitemap or feed failed": 1}
    stats = report["run"]["sources"][0]
    assert stats["reached"] is False and any("HTTP 404" in e for e in stats["errors"])
    assert "/hook" in server.requests  # the webhook was tried ...
    assert "no answer within 2 s, given up" in run.stderr  # ... and cut off
    assert elapsed < 25, elapsed  # the receiver alone would take more than 25 s
    latest = json.loads((tmp_path / "data" / "reports" / "latest.json").read_text())
    assert latest["run"]["status"] == "failed" and latest["exit_code"] == 1
