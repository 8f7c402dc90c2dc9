"""Scrapy settings built from clusterwatch settings; the crawl command's usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from crawler.settings import scrapy_settings, user_agent
from pipeline.settings import CrawlSettings, SourceConfig
from tests.conftest import ROOT


def _source(**kw: object) -> SourceConfig:
    return SourceConfig.model_validate({"id": "s", "start_urls": ["https://a.pl/"],
                                        "articles": ["/a/"], **kw})


def test_source_values_win_over_defaults() -> None:
    crawl = CrawlSettings(delay=2.0, concurrency_per_host=1, max_depth=5, timeout=20,
                          max_page_bytes=100_000, retries=3)
    s = scrapy_settings(crawl, _source(delay=0.5, concurrency=3, max_depth=2))
    assert (s["DOWNLOAD_DELAY"], s["CONCURRENT_REQUESTS_PER_DOMAIN"], s["DEPTH_LIMIT"]) == (
        0.5, 3, 2)
    assert (s["DOWNLOAD_TIMEOUT"], s["DOWNLOAD_MAXSIZE"], s["RETRY_TIMES"]) == (20, 100_000, 3)
    assert s["ROBOTSTXT_OBEY"] is True and s["AUTOTHROTTLE_ENABLED"] is True
    d = scrapy_settings(crawl, _source())
    assert (d["DOWNLOAD_DELAY"], d["CONCURRENT_REQUESTS_PER_DOMAIN"], d["DEPTH_LIMIT"]) == (
        2.0, 1, 5)


def test_user_agent_names_the_contact() -> None:
    assert user_agent(CrawlSettings(user_agent="cw/1", contact_url="https://x.org/c")) == \
        "cw/1 (+https://x.org/c)"
    ua = "cw/1 (+https://x.org/c)"
    assert user_agent(CrawlSettings(user_agent=ua, contact_url="https://x.org/c")) == ua


def _config(tmp_path: Path) -> Path:
    sources = {"sources": [{"id": "one", "start_urls": ["http://127.0.0.1:9/"],
                            "articles": ["/a/"]}]}
    (tmp_path / "sources.yaml").write_text(yaml.safe_dump(sources), encoding="utf-8")
    (tmp_path / "members.yaml").write_text("members: []\n", encoding="utf-8")
    (tmp_path / "settings.yaml").write_text(
        f"store: sqlite:///{tmp_path / 's.db'}\ndata_dir: {tmp_path / 'data'}\n", encoding="utf-8")
    return tmp_path


def test_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "clusterwatch.cli", "--config", str(cfg),
                           "crawl", "--source", "nope"], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 2
    assert "sources.yaml" in proc.stderr and "'nope'" in proc.stderr and "one" in proc.stderr
    assert "Traceback" not in proc.stderr
