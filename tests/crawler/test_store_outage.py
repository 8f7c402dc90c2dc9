"""A crawl into an Elasticsearch store that cannot be reached loses nothing: every article the
pipeline accepts waits in the spool under the data folder for the next run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.state import PageOutcome, PageState, still_stored
from index.base import StoreError
from tests.conftest import ROOT
from tests.crawler.fixture_site import serve_fixture, write_config

pytestmark = pytest.mark.slow
CLOSED = "http://127.0.0.1:9"  # the discard port: connection refused


def test_unreachable_store_keeps_the_crawl_state_at_its_word() -> None:
    prev = PageState(url="u", source="s", etag=None, last_modified=None, body_hash="h",
                     doc_id="d1", outcome=PageOutcome.STORED, last_fetched="2026-01-01")

    def down(_: str) -> bool:
        raise StoreError("connection refused")

    assert still_stored(prev, down)
    assert not still_stored(prev, lambda _: False)


def test_crawl_during_an_outage_spools_every_article(tmp_path: Path) -> None:
    sites = serve_fixture(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    config = write_config(tmp_path / "config", sites, tmp_path / "data", CLOSED)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "clusterwatch.cli", "--config", str(config), "crawl",
             "--source", "gazeta", "--json"],
            env=env, capture_output=True, text=True, timeout=240, cwd=ROOT)
    finally:
        sites.stop()
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    spooled = [json.loads(line) for f in (tmp_path / "data" / "es-spool").glob("*.jsonl")
               for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    urls = {d["url"].split("/", 3)[3] for d in spooled}
    assert {"artykul/azoty-inwestycja.html", "artykul/port-kozle.html"} <= urls
    assert all(d["text"] and d["title"] for d in spooled)
