"""`sources discover` on the sample portal (demo/sites) and a fixture portal, over real HTTP; then
a real crawl (Scrapy, SQLite) with the proposed blocks, scored against the known articles:
recall and precision of the stored articles must both reach 0.95 on every site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from clusterwatch.devserver import serve_sites
from index.factory import open_store
from tests.conftest import ROOT
from tests.crawler.portal_sites import articles, serve_portals

pytestmark = pytest.mark.slow

DEMO_SITES = ("kurier-kk", "zpravodaj-usti", "chemregions")
MIN_SCORE = 0.95


@dataclass
class Run:
    proposals: dict[str, dict[str, Any]]  # site -> discover --json output
    stored: dict[str, set[str]]  # source id -> paths of stored documents
    expected: dict[str, set[str]]  # site -> paths of its articles
    crawl: dict[str, Any]
    requests: dict[str, list[str]]  # site -> paths requested during discovery
    user_agents: set[str]


def _expected_demo() -> dict[str, set[str]]:
    data = yaml.safe_load((ROOT / "demo" / "expected.yaml").read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {s: set() for s in DEMO_SITES}
    for art in data["articles"]:
        if art.get("is_article", True):
            out[art["site"]].add(art["path"])
    return out


def _config(folder: Path, blocks: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    settings = {"store": f"sqlite:///{folder / 'store.db'}", "data_dir": str(folder / "data"),
                "crawl": {"delay": 0, "timeout": 60, "retries": 1, "archive": False,
                          "user_agent": "clusterwatch-test/1.0",
                          "contact_url": "https://example.org/clusterwatch-contact"}}
    (folder / "settings.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    (folder / "sources.yaml").write_text(yaml.safe_dump({"sources": blocks},
                                                        allow_unicode=True), encoding="utf-8")
    (folder / "members.yaml").write_text((ROOT / "config" / "members.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    return folder


def _stored(store_url: str) -> dict[str, set[str]]:
    store = open_store(store_url)
    try:
        out: dict[str, set[str]] = {}
        for doc in store.export():
            out.setdefault(doc.source, set()).add(urlsplit(doc.url).path)
        return out
    finally:
        store.close()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("discover")
    demo = serve_sites(ROOT / "demo" / "sites")
    portals = serve_portals(tmp)
    try:
        return _discover_and_crawl(tmp, demo, portals)
    finally:
        demo.stop()
        portals.stop()


def _discover_and_crawl(tmp: Path, demo: Any, portals: Any) -> Run:
    urls = {s: demo.url(s) + "/" for s in DEMO_SITES}
    urls["portal"] = portals.url("portal") + "/"
    config = _config(tmp / "discover-config", [])
    proposals: dict[str, dict[str, Any]] = {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    for site, url in urls.items():
        proc = subprocess.run([sys.executable, "-m", "clusterwatch.cli", "--config", str(config),
                               "sources", "discover", url, "--id", site, "--json"],
                              capture_output=True, text=True, timeout=240, cwd=ROOT, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
        proposals[site] = json.loads(proc.stdout)
    requests = {s: [r.path for r in demo.requests(s)] for s in DEMO_SITES}
    requests["portal"] = [r.path for r in portals.server.requests("portal")]
    agents = {r.headers.get("user-agent", "") for r in [*demo.requests(),
                                                        *portals.server.requests()]}
    blocks = [{**p["source"], "delay": 0} for p in proposals.values()]
    crawl_cfg = _config(tmp / "crawl-config", blocks)
    proc = subprocess.run([sys.executable, "-m", "clusterwatch.cli", "--config", str(crawl_cfg),
                           "crawl", "--json"], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=env)
    assert proc.stdout.strip(), proc.stderr[-3000:]
    expected = _expected_demo()
    expected["portal"] = {a.path for a in articles()}
    return Run(proposals, _stored(f"sqlite:///{crawl_cfg / 'store.db'}"), expected,
               json.loads(proc.stdout), requests, agents)


@pytest.mark.parametrize("site", [*DEMO_SITES, "portal"])
def test_proposed_block_crawls_with_high_recall_and_precision(run: Run, site: str) -> None:
    stored = run.stored.get(site, set())
    expected = run.expected[site]
    hits = stored & expected
    recall = len(hits) / len(expected)
    precision = len(hits) / len(stored) if stored else 0.0
    print(f"{site}: {len(expected)} articles, {len(stored)} stored, recall {recall:.3f}, "
          f"precision {precision:.3f}")
    errors = [e for s in run.crawl["sources"] if s["source"] == site for e in s["errors"]]
    assert recall >= MIN_SCORE, (sorted(expected - stored), errors)
    assert precision >= MIN_SCORE, sorted(stored - expected)


def test_proposals_found_sitemaps_and_feeds(run: Run) -> None:
    kurier = run.proposals["kurier-kk"]["source"]
    assert kurier["sitemaps"] == [kurier["start_urls"][0] + "sitemap.xml"]  # a usual location
    assert run.proposals["zpravodaj-usti"]["source"]["feeds"][0].endswith("/rss.xml")
    portal = run.proposals["portal"]["source"]
    assert portal["sitemaps"][0].endswith("/mapa-strony.xml")  # named only in robots.txt
    assert portal["feeds"][0].endswith("/kanal.xml")  # announced by <link rel="alternate">
    assert portal["name"] == "Gazeta Kozielska" and portal["language"] == "pl"
    assert portal["articles"] == [r"^https?://[^/]+/aktualnosci/[a-z0-9_-]+,\d+\.html$"]
    chem = run.proposals["chemregions"]["source"]
    assert "language" not in chem  # German and English: no hint proposed
    for p in run.proposals.values():
        assert p["problems"] == []  # the proposal passes its own examples
        assert len(p["source"]["examples"]["articles"]) == 3


def test_discovery_is_polite(run: Run) -> None:
    assert run.user_agents == {"clusterwatch-test/1.0 (+https://example.org/clusterwatch-contact)"}
    for site, paths in run.requests.items():
        assert not [p for p in paths if p.startswith(("/szukaj/", "/hledat/", "/search/"))], site
    assert run.requests["portal"][0] == "/robots.txt"
