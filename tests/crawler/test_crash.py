"""A crawl killed halfway and started again loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.factory import open_store
from tests.conftest import ROOT
from tests.crawler.fixture_site import serve_fixture, write_config
from tests.crawler.test_crawl import ARTICLES

pytestmark = pytest.mark.slow


def _count(store_url: str) -> int:
    store = open_store(store_url)
    try:
        return store.stats().documents
    finally:
        store.close()


def test_killed_crawl_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    sites = serve_fixture(tmp_path)
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    config = write_config(tmp_path / "config", sites, tmp_path / "data", store_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    args = [sys.executable, "-m", "clusterwatch.cli", "--config", str(config), "crawl"]
    try:
        proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if (tmp_path / "store.db").exists() and _count(store_url) >= 2:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL  # killed, not finished
        halfway = _count(store_url)
        assert 2 <= halfway < len(ARTICLES["gazeta"]) + len(ARTICLES["kopia"])
        again = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True,
                               timeout=240)
        assert again.returncode == 0, again.stderr[-2000:]
    finally:
        sites.stop()
    store = open_store(store_url)
    try:
        docs = list(store.export())
    finally:
        store.close()
    paths = sorted("/" + d.url.split("/", 3)[3] for d in docs)
    assert paths == sorted(ARTICLES["gazeta"] | ARTICLES["kopia"])  # each exactly once
