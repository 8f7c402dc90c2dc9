"""The polite fetcher of the one-off tools (crawler.fetch) over real HTTP on 127.0.0.1: our
user agent, the delay, size and request bounds, redirects recorded hop by hop, errors as data."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from clusterwatch.devserver import SiteServer
from crawler.fetch import MAX_REDIRECTS, PoliteFetcher


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "sites" / "strona"
    root.mkdir(parents=True)
    (root / "index.html").write_text("<html><body>ok</body></html>", encoding="utf-8")
    (root / "duza.html").write_text("x" * 5000, encoding="utf-8")
    headers = {"/petla": {"status": 302, "location": "/petla"},
               "/a": {"status": 301, "location": "/b"},
               "/b": {"status": 302, "location": "/index.html"},
               "/ftp": {"status": 301, "location": "ftp://example.org/x"},
               "/blad": {"status": 500},
               "/zakaz": {"status": 429, "body": "slow down"}}
    (root / "_headers.yaml").write_text(yaml.safe_dump(headers), encoding="utf-8")
    server = SiteServer(tmp_path / "sites").start()
    yield server
    server.stop()


def test_redirect_chain_recorded(site: SiteServer) -> None:
    base = site.url("strona")
    got = PoliteFetcher("cw-test/1", delay=0).get(f"{base}/a")
    assert got.ok and got.status == 200 and got.body.startswith(b"<html>")
    assert [(h.status, h.url) for h in got.redirects] == [(301, f"{base}/b"),
                                                          (302, f"{base}/index.html")]
    assert got.final_url == f"{base}/index.html"


def test_redirect_loop_and_scheme_bounded(site: SiteServer) -> None:
    base = site.url("strona")
    fetcher = PoliteFetcher("cw-test/1", delay=0)
    loop = fetcher.get(f"{base}/petla")
    assert not loop.ok and loop.error == f"more than {MAX_REDIRECTS} redirects"
    ftp = fetcher.get(f"{base}/ftp")
    assert ftp.error == "redirect to a non-http URL: ftp://example.org/x"


def test_errors_are_data(site: SiteServer) -> None:
    base = site.url("strona")
    fetcher = PoliteFetcher("cw-test/1", delay=0, timeout=2)
    assert fetcher.get(f"{base}/blad").status == 500
    refused = fetcher.get(f"{base}/zakaz")
    assert refused.refused and refused.body == b"slow down"
    gone = fetcher.get("http://127.0.0.1:9/")
    assert gone.status is None and "Connection refused" in (gone.error or "")


def test_size_and_request_bounds(site: SiteServer) -> None:
    base = site.url("strona")
    fetcher = PoliteFetcher("cw-test/1", delay=0, max_bytes=1000, max_requests=2)
    big = fetcher.get(f"{base}/duza.html")
    assert big.truncated and len(big.body) == 1000
    fetcher.get(f"{base}/")
    assert fetcher.exhausted
    third = fetcher.get(f"{base}/")
    assert third.status is None and third.error == "request limit (2) reached"
    assert len(site.requests("strona")) == 2


def test_user_agent_and_delay(site: SiteServer) -> None:
    base = site.url("strona")
    fetcher = PoliteFetcher("clusterwatch-test/1.0 (+https://example.org/c)", delay=0.25)
    for _ in range(3):
        fetcher.get(f"{base}/")
    reqs = site.requests("strona")
    assert {r.headers["user-agent"] for r in reqs} == {
        "clusterwatch-test/1.0 (+https://example.org/c)"}
    assert all(b.time - a.time >= 0.2 for a, b in itertools.pairwise(reqs))


def test_redirect_elsewhere_recorded_not_followed(site: SiteServer) -> None:
    base = site.url("strona")
    got = PoliteFetcher("cw-test/1", delay=0).get(f"{base}/a", allow=lambda u: "/b" not in u)
    assert got.status == 301 and not got.ok
    assert [h.url for h in got.redirects] == [f"{base}/b"] and got.final_url == f"{base}/b"
    assert got.error == f"redirect off the allowed hosts, not followed: {base}/b"
    assert [r.path for r in site.requests("strona")] == ["/a"]
