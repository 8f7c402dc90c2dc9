"""Two real crawls of the fixture sites (Scrapy over HTTP on 127.0.0.1, SQLite store), in a
subprocess each, with a change and a new article between them."""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest

from clusterwatch.devserver import LoggedRequest
from crawler.archive import iter_archive
from index.factory import open_store
from pipeline.document import Document
from tests.conftest import ROOT
from tests.crawler.fixture_site import FixtureSites, serve_fixture, write_config
from tests.crawler.once import run_once

pytestmark = pytest.mark.slow

ARTICLES = {
    "gazeta": {"/artykul/azoty-inwestycja.html", "/artykul/port-kozle.html",
               "/artykul/szkolenie-chemikow.html", "/artykul/powolny.html",
               "/artykul/latin2-odra.html", "/artykul/cp1250-energia.html",
               "/artykul/mapa-1.html", "/artykul/mapa-2.html"},
    "kopia": {"/wiadomosci/azoty-kopia.html", "/wiadomosci/kopia-wlasna.html",
              "/wiadomosci/atom-wpis.html"},
}
NOT_STORED = {"/artykul/tagi.html", "/artykul/ogromny.html", "/artykul/raport.pdf",
              "/prywatne/tajny.html", "/ukryte/zakazany.html", "/artykul/ucieczka.html",
              "/artykul/przeniesiony.html"}
MOJIBAKE = ("\ufffd", "Ã", "Ä", "Å", "Ĺ", "Ă", "Â", "Ľ")
NEW_ARTICLE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>Jesienne sprzątanie brzegów Odry</title></head><body><article>
<h1>Wolontariusze posprzątali brzegi Odry w Koźlu</h1><time datetime="2026-11-20">2026-11-20</time>
<p>Kilkuset wolontariuszy z Kędzierzyna-Koźla spędziło sobotę na sprzątaniu brzegów Odry i Kanału
Kędzierzyńskiego, zbierając kilka ton śmieci pozostawionych przez wędkarzy i spacerowiczów.</p>
<p>Akcję wsparły lokalne firmy, które zapewniły worki, rękawice i transport odpadów do sortowni,
a harcerze przygotowali dla uczestników ciepły posiłek na zakończenie dnia pracy.</p>
<p>Organizatorzy zapowiadają, że wiosną sprzątanie obejmie także tereny wokół portu rzecznego.</p>
</article></body></html>
"""


@dataclass
class Crawl:
    code: int
    record: dict[str, Any]
    requests: list[LoggedRequest]
    offhost: list[LoggedRequest]
    stderr: str

    def stats(self, source: str) -> dict[str, Any]:
        return next(s for s in self.record["sources"] if s["source"] == source)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "requests": [asdict(r) for r in self.requests],
                "offhost": [asdict(r) for r in self.offhost]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Crawl:
        return cls(data["code"], data["record"], [LoggedRequest(**r) for r in data["requests"]],
                   [LoggedRequest(**r) for r in data["offhost"]], data["stderr"])


@dataclass
class Result:
    gazeta_url: str
    first: Crawl
    second: Crawl
    docs: dict[str, Document]  # path -> stored document, after the second crawl
    data_dir: Path
    revisions: dict[str, int]


def _crawl(config: Path, env: dict[str, str], sites: FixtureSites, *sources: str) -> Crawl:
    sites.server.clear_log()
    sites.offhost.clear_log()
    args = [sys.executable, "-m", "clusterwatch.cli", "--config", str(config), "crawl", "--json"]
    for s in sources:
        args += ["--source", s]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert proc.stdout.strip(), proc.stderr[-3000:]
    return Crawl(proc.returncode, json.loads(proc.stdout), sites.server.requests(),
                 sites.offhost.requests(), proc.stderr)


def _change_sites(root: Path) -> None:
    later = time.time() + 10
    changed = root / "gazeta" / "artykul" / "szkolenie-chemikow.html"
    html = changed.read_text(encoding="utf-8").replace(
        "</article>", "<p>Aktualizacja: organizatorzy dodali trzecią grupę kursową, bo chętnych "
        "było dwa razy więcej niż miejsc, a zapisy potrwają do połowy grudnia.</p></article>")
    changed.write_text(html, encoding="utf-8")
    new = root / "gazeta" / "artykul" / "sprzatanie-odry.html"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    index = root / "gazeta" / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "<ul class=\"lista\">",
        '<ul class="lista">\n<li><a href="/artykul/sprzatanie-odry.html">Sprzątanie</a></li>'),
        encoding="utf-8")
    for path in (changed, new, index):
        os.utime(path, (later, later))


def _two_crawls(tmp: Path) -> dict[str, Any]:
    sites = serve_fixture(tmp)
    config = write_config(tmp / "config", sites, tmp / "data", f"sqlite:///{tmp / 'store.db'}",
                          dead_url="http://127.0.0.1:9/news/")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    try:
        first = _crawl(config, env, sites)
        _change_sites(sites.root)
        second = _crawl(config, env, sites, "gazeta", "kopia")
        return {"gazeta_url": sites.url("gazeta"), "first": first.to_json(),
                "second": second.to_json()}
    finally:
        sites.stop()


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    tmp, data = run_once(tmp_path_factory, "crawl-fixture-sites", _two_crawls)
    store = open_store(f"sqlite:///{tmp / 'store.db'}")
    try:
        docs = {"/" + d.url.split("/", 3)[3]: d for d in store.export()}
        revisions = {path: len(store.revisions(d.id)) for path, d in docs.items()}
        docs = {p: store.get(d.id) or d for p, d in docs.items()}
    finally:
        store.close()
    return Result(data["gazeta_url"], Crawl.from_json(data["first"]),
                  Crawl.from_json(data["second"]), docs, tmp / "data", revisions)


def _paths(requests: list[LoggedRequest], site: str | None = None) -> list[str]:
    return [r.path for r in requests if site is None or r.site == site]


def test_every_article_found_and_nothing_else_stored(result: Result) -> None:
    first = result.first
    assert first.code == 1, first.stderr[-2000:]  # the dead source failed entirely
    assert first.stats("martwy")["reached"] is False
    assert first.stats("gazeta")["reached"] and first.stats("kopia")["reached"]
    assert first.stats("gazeta")["new"] == len(ARTICLES["gazeta"])
    assert first.stats("kopia")["new"] == len(ARTICLES["kopia"])
    # 404, 500 (after a retry), timeout (after a retry), larger than max_page_bytes
    assert first.stats("gazeta")["failed"] == 4
    assert first.record["status"] == "partial"
    expected = ARTICLES["gazeta"] | ARTICLES["kopia"] | {"/artykul/sprzatanie-odry.html"}
    assert set(result.docs) == expected
    assert not NOT_STORED & set(result.docs)
    assert {d.source for p, d in result.docs.items() if p.startswith("/wiadomosci/")} == {"kopia"}


def test_nothing_forbidden_requested(result: Result) -> None:
    for crawl in (result.first, result.second):
        paths = _paths(crawl.requests)
        assert not [p for p in paths if p.startswith(("/prywatne/", "/ukryte/"))]
        assert crawl.offhost == []  # the off-host redirect was dropped, not followed
        assert not [p for p in paths if p.startswith("/kalendarz/20") or "month=" in p]
        assert len([p for p in paths if p.startswith("/strony/")]) <= 1
        for site in ("gazeta", "kopia"):
            assert _paths(crawl.requests, site)[0] == "/robots.txt"
        assert all("example.org/clusterwatch-contact" in r.headers["user-agent"]
                   for r in crawl.requests)
    paths = _paths(result.first.requests)
    assert "/artykul/przeniesiony.html" in paths  # asked once, its redirect refused
    pairs = [(r.site, r.path) for r in result.first.requests]
    twice = {p for s, p in pairs if pairs.count((s, p)) > 1}
    # one retry of the 500 (and of the timeout, if its answer came before the crawl ended);
    # nothing else twice: tracking parameters and fragments removed
    assert "/artykul/awaria.html" in twice
    broken = [r.time for r in result.first.requests if r.path == "/artykul/awaria.html"]
    assert broken[1] - broken[0] >= 0.9  # the retry waited (backoff base: 1 s)
    # (the 0.8 s page may time out and be retried on a loaded machine)
    assert twice <= {"/artykul/awaria.html", "/artykul/zbyt-wolny.html", "/artykul/powolny.html"}


def test_no_mojibake(result: Result) -> None:
    latin2 = result.docs["/artykul/latin2-odra.html"]
    cp1250 = result.docs["/artykul/cp1250-energia.html"]
    assert latin2.title == "Żegluga śródlądowa wraca na Odrę"
    assert "przedsiębiorców z Opolszczyzny" in latin2.text
    assert "Spółki energetyczne ze Śląska Opolskiego" in cp1250.text
    for doc in result.docs.values():
        for bad in MOJIBAKE:
            assert bad not in (doc.title or "") + doc.text, (doc.url, bad)


def test_canonical_urls(result: Result) -> None:
    port = result.docs["/artykul/port-kozle.html"]
    assert "utm_" not in port.url and "#" not in port.url
    assert port.canonical_url.endswith("/artykul/port-kozle.html")
    mapa = result.docs["/artykul/mapa-2.html"]
    assert mapa.canonical_url.startswith(result.gazeta_url)  # off-host one ignored


def test_syndicated_copy_shares_the_earliest_story(result: Result) -> None:
    original = result.docs["/artykul/azoty-inwestycja.html"]
    copy = result.docs["/wiadomosci/azoty-kopia.html"]
    assert original.published < copy.published  # type: ignore[operator]
    assert copy.story_id == original.id and original.story_id == original.id
    other = result.docs["/wiadomosci/kopia-wlasna.html"]
    assert other.story_id == other.id


def test_second_crawl_is_incremental(result: Result) -> None:
    second = result.second
    assert second.code == 0, second.stderr[-2000:]
    gazeta = second.stats("gazeta")
    assert (gazeta["new"], gazeta["updated"]) == (1, 1)
    assert second.stats("kopia")["new"] == second.stats("kopia")["updated"] == 0
    full = {r.path for r in second.requests if r.status == 200}
    known = ARTICLES["gazeta"] | ARTICLES["kopia"]
    assert full & known == {"/artykul/szkolenie-chemikow.html"}  # only the changed body
    answered_304 = {r.path for r in second.requests if r.status == 304}
    assert answered_304 >= known - {"/artykul/szkolenie-chemikow.html", "/artykul/mapa-1.html",
                                     "/artykul/mapa-2.html"}
    assert all(r.headers.get("if-none-match") for r in second.requests if r.status == 304)
    # the sitemap's lastmod says unchanged: not even a conditional request
    assert "/artykul/mapa-1.html" not in _paths(second.requests)
    assert "Aktualizacja" in result.docs["/artykul/szkolenie-chemikow.html"].text
    assert result.revisions["/artykul/szkolenie-chemikow.html"] >= 1
    assert result.revisions["/artykul/port-kozle.html"] == 0


def test_raw_archive_holds_every_fetched_article(result: Result) -> None:
    archives = sorted((result.data_dir / "archive").glob("*.warc.gz"))
    assert len(archives) == 2
    first = list(iter_archive(archives[0]))
    fetched_html = ARTICLES["gazeta"] | ARTICLES["kopia"] | {"/artykul/tagi.html"}
    # a (broken) PDF is a document file: its bytes are archived too, then refused by the reader
    fetched = fetched_html | {"/artykul/raport.pdf"}
    assert {"/" + p.url.split("/", 3)[3] for p in first} == fetched
    latin2 = next(p for p in first if p.url.endswith("latin2-odra.html"))
    assert latin2.content_type == "text/html; charset=iso-8859-2"
    assert "Żegluga".encode("iso-8859-2") in latin2.body
    assert latin2.source == "gazeta" and latin2.lang_hint == "pl"
    second = list(iter_archive(archives[1]))
    assert {p.url.rsplit("/", 1)[1] for p in second} == {"szkolenie-chemikow.html",
                                                         "sprzatanie-odry.html"}


def test_robots_crawl_delay_spaces_requests(result: Result) -> None:
    # gazeta's robots.txt asks for 0.1 s between requests; kopia's asks for nothing
    times = [r.time for r in result.first.requests if r.site == "gazeta"]
    gaps = [b - a for a, b in itertools.pairwise(times[2:])]
    assert gaps and statistics.median(gaps) >= 0.09, gaps
    assert sum(g < 0.08 for g in gaps) <= 1, gaps  # at most the hand-over after robots.txt
