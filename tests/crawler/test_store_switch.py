"""The crawl state lives in the data folder, the documents in the store: a crawl into a new (or
emptied) store must fetch and store every article again, whatever the state says about them
(304 answers, sitemap lastmod, unchanged body hashes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.factory import open_store
from tests.conftest import ROOT
from tests.crawler.fixture_site import serve_fixture, write_config

pytestmark = pytest.mark.slow


def _crawl(config: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    args = [sys.executable, "-m", "clusterwatch.cli", "--config", str(config), "crawl",
            "--source", "gazeta"]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]


def _urls(store_url: str) -> set[str]:
    store = open_store(store_url)
    try:
        return {d.url for d in store.export()}
    finally:
        store.close()


def test_a_new_store_gets_every_article_again(tmp_path: Path) -> None:
    sites = serve_fixture(tmp_path)
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    try:
        _crawl(write_config(tmp_path / "config-a", sites, tmp_path / "data", first))
        _crawl(write_config(tmp_path / "config-b", sites, tmp_path / "data", second))
    finally:
        sites.stop()
    stored_first = _urls(first)
    assert len(stored_first) >= 5
    assert _urls(second) == stored_first
