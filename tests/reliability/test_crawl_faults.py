"""Hostile sites against the real crawl (Scrapy over HTTP on 127.0.0.1, a SQLite store): every
page let go is counted by reason, and a run that lost something is never ``ok``.

Issue items 1-4 and 17 (see README.md in this folder).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.hostile import (
    HostileServer,
    Run,
    article,
    cli,
    gzip_bomb,
    html,
    links,
    redirect,
    write_config,
)

pytestmark = pytest.mark.slow

AGENDA = "/news/2024-05/agenda-sesji-rady-miasta.html"
SITEMAP_URLS = 50_000 + 1_500  # past the protocol's 50,000 entries a file


def _big_sitemap(_: str) -> tuple[int, dict[str, str], bytes]:
    entries = "".join(f"<url><loc>/news/big-{i}.html</loc></url>" for i in range(SITEMAP_URLS))
    body = gzip.compress(f"<urlset>{entries}</urlset>".encode(), compresslevel=1)
    return 200, {"Content-Type": "application/gzip"}, body


def _server() -> HostileServer:
    server = HostileServer()
    r, p = server.routes, server.prefixes
    r["/trap/"] = lambda _: links(AGENDA, "/kalendarz/2024-05/?month=6")
    r[AGENDA] = lambda _: article("Agenda sesji Rady Miasta")
    r["/redir/"] = lambda _: links("/news/loop-a.html", "/news/chain-0.html", "/news/bomb.html")
    r["/news/loop-a.html"] = lambda _: redirect("/news/loop-b.html")
    r["/news/loop-b.html"] = lambda _: redirect("/news/loop-a.html")
    p["/news/chain-"] = lambda path: redirect(
        f"/news/chain-{int(path.rsplit('-', 1)[1].split('.')[0]) + 1}.html")
    r["/news/bomb.html"] = lambda _: gzip_bomb(20_000_000)
    r["/maps/html-sitemap.xml"] = lambda _: html("<!DOCTYPE html><html><body>Sitemap moved"
                                                 "</body></html>")
    r["/maps/feed.rss"] = lambda _: (200, {"Content-Type": "application/rss+xml"},
                                     bytes(range(256)) * 8)
    r["/maps/big.xml.gz"] = _big_sitemap
    return server


SOURCES: list[dict[str, Any]] = [
    {"id": "trap", "start_urls": ["/trap/"], "follow": ["/kalendarz/"],
     "articles": ["/news/"], "language": "pl"},
    {"id": "redirects", "start_urls": ["/redir/"], "articles": ["/news/"], "language": "pl"},
    {"id": "maps", "sitemaps": ["/maps/html-sitemap.xml", "/maps/big.xml.gz"],
     "feeds": ["/maps/feed.rss"], "articles": ["/news/"], "language": "pl", "max_pages": 5},
    {"id": "dead", "start_urls": ["/missing/"], "articles": ["/news/"], "language": "pl"},
]


def _sources(base: str, *ids: str) -> list[dict[str, Any]]:
    out = []
    for s in SOURCES:
        if s["id"] in ids:
            out.append({k: ([base + u for u in v] if k in ("start_urls", "sitemaps", "feeds")
                            else v) for k, v in s.items()})
    return out


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    srv = _server().start()
    yield srv
    srv.stop()


def _crawl(tmp: Path, server: HostileServer, *ids: str) -> Run:
    config = write_config(tmp / "config", _sources(server.url, *ids), tmp / "data")
    return cli(config, "crawl", "--json")


@pytest.fixture(scope="module")
def hostile_run(server: HostileServer, tmp_path_factory: pytest.TempPathFactory) -> Run:
    run = _crawl(tmp_path_factory.mktemp("hostile"), server, "redirects", "maps", "dead")
    assert run.stdout, run.stderr[-3000:]
    return run


def test_article_url_with_calendar_words_is_fetched_and_the_run_is_ok(
        server: HostileServer, tmp_path: Path) -> None:
    """Item 1: an article URL naming an agenda is requested; a calendar listing refused by
    the trap guard is counted (benign: the guard did its job), and the run is ok."""
    run = _crawl(tmp_path, server, "trap")
    assert run.code == 0, run.stderr[-2000:]
    stats = run.stats("trap")
    assert AGENDA in server.requests
    assert stats["new"] == 1 and stats["failed"] == 0
    assert stats["dropped"] == {"trap guard": 1}
    assert run.record["status"] == "ok"


def test_redirect_loop_long_chain_and_gzip_bomb_are_counted_as_lost(hostile_run: Run) -> None:
    """Item 2: each is dropped with its own reason, an error line names the URL, and the run
    is partial, not ok."""
    stats = hostile_run.stats("redirects")
    assert stats["dropped"] == {"redirect loop": 1, "too many redirects": 1,
                                "decompression bomb": 1}
    assert stats["skipped"] == 0
    errors = " ".join(stats["errors"])
    assert "loop-a.html" in errors and "chain-0.html" in errors and "bomb.html" in errors
    assert hostile_run.record["status"] == "partial"


def test_sitemap_or_feed_answering_html_or_binary_is_an_error(hostile_run: Run) -> None:
    """Item 3: not 0 links in silence: counted, with the reason in the errors."""
    stats = hostile_run.stats("maps")
    assert stats["dropped"]["sitemap or feed not XML"] == 2
    errors = " ".join(stats["errors"])
    assert "not a sitemap (HTML)" in errors and "not an RSS or Atom feed (not XML)" in errors


def test_sitemap_entries_are_capped_at_the_protocol_limit(hostile_run: Run) -> None:
    """Item 4: past 50,000 entries a sitemap is not read on; the rest is counted."""
    stats = hostile_run.stats("maps")
    assert stats["dropped"]["sitemap entries over the cap"] == SITEMAP_URLS - 50_000
    assert stats["reached"] is True  # the big sitemap itself was read
    # max_pages 5: the feed and the two sitemaps, then two articles; the rest is counted
    # in one go (not remembered one by one: memory stays bounded)
    assert stats["dropped"]["max_pages reached"] == 50_000 - 2
    assert stats["failed"] == 2  # the two articles requested answer 404


def test_a_source_whose_only_start_url_answers_404_is_not_reached(hostile_run: Run) -> None:
    """Item 17 (crawl side): nothing could be read, so the source failed; exit 1."""
    stats = hostile_run.stats("dead")
    assert stats["reached"] is False
    assert stats["dropped"] == {"listing, sitemap or feed failed": 1}
    assert any("HTTP 404" in e for e in stats["errors"])
    assert hostile_run.code == 1


def test_summary_table_shows_dropped_counts(server: HostileServer, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config", _sources(server.url, "redirects"),
                          tmp_path / "data")
    run = cli(config, "crawl")
    assert "redirects: dropped: decompression bomb 1, redirect loop 1, too many redirects 1" \
        in run.stdout
    assert "3 (3 lost)" in run.stdout and ": partial" in run.stdout
    status = cli(config, "status")
    assert "redirects: dropped: decompression bomb 1" in status.stdout, status.stderr
