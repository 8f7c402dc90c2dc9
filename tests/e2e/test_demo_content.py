"""The bundled sample portal itself: demo/sites, demo/expected.yaml and config/demo agree.

Checks on files (every page exists, is linked, declares the encoding its bytes are in, robots.txt
forbids what menus link to), a discovery walk that follows config/demo's patterns over the files,
the pages served over real HTTP by the devserver, and that the generated files are up to date.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter, deque
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from lxml import etree, html
from protego import Protego

from clusterwatch.devserver import serve_sites
from pipeline.settings import SourceConfig, load_config
from tests.conftest import ROOT

DEMO = ROOT / "demo"
SITES = DEMO / "sites"
CONFIG = ROOT / "config" / "demo"
CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.I)
MIN_BY_LANG = {"pl": 10, "cs": 6, "de": 4, "en": 4}


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))
    return data


def articles() -> list[dict[str, Any]]:
    return list(expected()["articles"])


def file_of(site: str, path: str) -> Path:
    return SITES / site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def declared_charset(body: bytes) -> str:
    m = CHARSET.search(body[:2048])
    assert m, "no charset declared in a meta tag"
    return m[1].decode("ascii").lower()


def parse(site: str, path: str) -> html.HtmlElement:
    body = file_of(site, path).read_bytes()
    return html.document_fromstring(body.decode(declared_charset(body)))


def links(site: str, path: str) -> set[str]:
    """Same-site paths linked from a page (root-relative hrefs, fragments and queries dropped)."""
    out = set()
    for href in parse(site, path).xpath("//a/@href"):
        parts = urlsplit(urljoin(f"http://site{path}", href))
        if parts.netloc == "site" and parts.scheme == "http":
            out.add(parts.path)
    return out


def key(entry: dict[str, Any]) -> str:
    return f"{entry['site']}:{entry['path']}"


# ---------------------------------------------------------------- inventory


def test_enough_articles_in_every_language() -> None:
    langs = Counter(a["language"] for a in articles())
    assert len(articles()) >= 24
    for lang, least in MIN_BY_LANG.items():
        assert langs[lang] >= least, (lang, langs)
    assert len({(a["site"], a["path"]) for a in articles()}) == len(articles())


@pytest.mark.parametrize("entry", articles() + expected()["non_articles"]
                         + expected()["disallowed"], ids=key)
def test_every_listed_page_exists(entry: dict[str, Any]) -> None:
    assert file_of(entry["site"], entry["path"]).is_file()


def test_every_html_file_is_accounted_for() -> None:
    known = {file_of(e["site"], e["path"]) for e in articles() + expected()["non_articles"]
             + expected()["disallowed"]}
    on_disk = {p for site in expected()["sites"] for p in (SITES / site).rglob("*.html")}
    assert on_disk == known


def test_members_are_registry_ids_and_counts_positive() -> None:
    registry = set(load_config(CONFIG, env={}).registry.ids())
    seen = set()
    for a in articles():
        assert a["members"], a["path"]
        for mid, count in a["members"].items():
            assert mid in registry and count >= 1, (a["path"], mid)
            seen.add(mid)
    assert len(seen) >= 20  # nearly the whole registry is mentioned somewhere


# ---------------------------------------------------------------- links, sitemap, feed


def test_every_article_is_linked_from_a_listing() -> None:
    reached: dict[str, set[str]] = {}
    for page in expected()["non_articles"]:
        if page["kind"] in ("listing", "tag"):
            reached.setdefault(page["site"], set()).update(links(page["site"], page["path"]))
    missing = [a["path"] for a in articles() if a["path"] not in reached.get(a["site"], set())]
    assert not missing


def test_sitemap_and_feed_list_every_article_of_their_site() -> None:
    for site, info in expected()["sites"].items():
        mine = {a["path"] for a in articles() if a["site"] == site}
        for key, xpath in (("sitemap", "//*[local-name()='loc']/text()"),
                           ("feed", "//item/link/text()")):
            if info[key]:
                tree = etree.fromstring(file_of(site, info[key]).read_bytes())
                assert set(tree.xpath(xpath)) == mine, (site, key)


def test_listings_paginate() -> None:
    pages = [p["path"] for p in expected()["non_articles"] if p["site"] == "kurier-kk"]
    assert {"/wiadomosci/strona/2/", "/wiadomosci/strona/3/"} <= set(pages)
    assert "/wiadomosci/strona/3/" in links("kurier-kk", "/wiadomosci/strona/2/")


# ---------------------------------------------------------------- encodings and robots.txt


def _header_overrides(site: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SITES / site / "_headers.yaml").read_text("utf-8"))
    return data or {}


@pytest.mark.parametrize("site", sorted(expected()["sites"]))
def test_declared_encodings_match_the_bytes(site: str) -> None:
    overrides = _header_overrides(site)
    legacy = 0
    for f in sorted((SITES / site).rglob("*.html")):
        body = f.read_bytes()
        charset = declared_charset(body)
        body.decode(charset)  # strict: raises when the bytes are not in the declared charset
        path = "/" + f.relative_to(SITES / site).as_posix()
        header = overrides.get(path.removesuffix("index.html"), {}).get("content_type", "")
        if charset != "utf-8":
            legacy += 1
            with pytest.raises(UnicodeDecodeError):
                body.decode("utf-8")
            assert "charset=" not in header or header.endswith(f"charset={charset}"), path
    want = sum(1 for a in articles() if a["site"] == site and a["encoding"] != "utf-8")
    assert legacy == want


@pytest.mark.parametrize("site", sorted(expected()["sites"]))
def test_robots_disallows_what_the_menu_links_to(site: str) -> None:
    robots = Protego.parse((SITES / site / "robots.txt").read_text(encoding="utf-8"))
    agent = load_config(CONFIG, env={}).settings.crawl.user_agent
    base = "http://127.0.0.1:1"
    forbidden = [d["path"] for d in expected()["disallowed"] if d["site"] == site]
    assert forbidden and set(forbidden) <= links(site, "/")
    for path in forbidden:
        assert not robots.can_fetch(base + path, agent), path
    for entry in articles() + expected()["non_articles"]:
        if entry["site"] == site:
            assert robots.can_fetch(base + entry["path"], agent), entry["path"]


# ---------------------------------------------------------------- article pages vs expected.yaml


def _visible_text(tree: html.HtmlElement) -> str:
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    return " ".join(tree.text_content().split())


@pytest.mark.parametrize("a", articles(), ids=key)
def test_article_page_carries_expected_metadata(a: dict[str, Any]) -> None:
    tree = parse(a["site"], a["path"])
    assert tree.get("lang") == a["language"]
    assert [h.text_content() for h in tree.xpath("//h1[not(@id)]")] == [a["title"]]
    byline = [s.text_content() for s in tree.xpath("//*[@class='author-name']")]
    assert byline == ([a["author"]] if a["author"] else [])
    blocks = tree.xpath("(//article | //div[@class='clanek'])"
                        "/*[self::h2 or self::p[not(@class) or @class='lead']]")
    body = "\n\n".join(b.text_content() for b in blocks)
    assert body == a["text"]
    assert 150 <= len(body.split()) <= 400
    assert a["first_sentence"] in _visible_text(tree)
    if a["caption"]:
        assert tree.xpath("//figcaption")[0].text_content() == a["caption"]


def _date_evidence(tree: html.HtmlElement, source: str) -> list[str]:
    if source == "json-ld":
        return [re.search(r'"datePublished": "([^"]+)"', s)[1]  # type: ignore[index]
                for s in tree.xpath("//script[@type='application/ld+json']/text()")]
    if source == "meta":
        return list(tree.xpath("//meta[@property='article:published_time']/@content"))
    if source == "time":
        return list(tree.xpath("//time/@datetime"))
    return [s.text_content() for s in tree.xpath("//div[@class='meta']/span[@class='data']")]


@pytest.mark.parametrize("a", articles(), ids=key)
def test_published_date_is_where_expected_says(a: dict[str, Any]) -> None:
    found = _date_evidence(parse(a["site"], a["path"]), a["date_source"])
    assert len(found) == 1, found
    y, m, d = a["published"].split("-")
    if a["date_source"] == "text":  # "14 stycznia 2016", "14. ledna 2016", "22.03.2016 r."
        assert found[0].startswith((f"{int(d)} ", f"{int(d)}. ", f"{d}.{m}.{y}")), found
        assert y in found[0]
    else:
        assert found[0].startswith(a["published"] + "T"), found


def test_hostile_article_is_escaped_text_not_markup() -> None:
    hostile = [a for a in articles() if a.get("hostile")]
    assert len(hostile) == 1
    a = hostile[0]
    raw = file_of(a["site"], a["path"]).read_bytes()
    assert b"<script>alert(1)" not in raw and b"<img src=x" not in raw
    assert "<script>alert(1)</script>" in a["title"]
    assert "<img src=x onerror=alert(1)>" in a["author"]
    tree = parse(a["site"], a["path"])
    assert tree.xpath("//h1")[-1].text_content() == a["title"]
    assert "<img src=x onerror=alert(1)>" in _visible_text(tree)
    assert not tree.xpath("//img[@onerror]")


def test_syndicated_copy_shares_the_body_of_its_original() -> None:
    copies = [a for a in articles() if a.get("duplicate_of")]
    assert copies
    by_key = {f"{a['site']}:{a['path']}": a for a in articles()}
    for copy in copies:
        original = by_key[copy["duplicate_of"]]
        assert copy["title"] != original["title"] and copy["site"] != original["site"]
        assert copy["first_sentence"] == original["first_sentence"]
        assert copy["members"] == original["members"]


# ---------------------------------------------------------------- config/demo drives discovery


def _site_of_port(port: int | None) -> str:
    return next(str(s) for s, info in expected()["sites"].items() if info["port"] == port)


def _walk(source: SourceConfig) -> tuple[set[str], set[str]]:
    """Follow the source's patterns over the files: (article paths found, listing paths read)."""
    base = source.start_urls[0]
    site = _site_of_port(urlsplit(base).port)
    robots = Protego.parse((SITES / site / "robots.txt").read_text(encoding="utf-8"))
    found: set[str] = set()
    read: set[str] = set()
    queue = deque(urlsplit(u).path for u in source.start_urls)
    for url in [*source.sitemaps, *source.feeds]:
        tree = etree.fromstring(file_of(site, urlsplit(url).path).read_bytes())
        queue.extend(tree.xpath("//*[local-name()='loc']/text() | //item/link/text()"))
    while queue:
        path = queue.popleft()
        url = urljoin(base, path)
        if not robots.can_fetch(url, "*") or path in found | read:
            continue
        if any(re.search(p, url) for p in source.articles):
            found.add(path)
        elif path in {urlsplit(u).path for u in source.start_urls} or any(
                re.search(p, url) for p in source.follow):
            read.add(path)
            queue.extend(links(site, path))
    return found, read


def test_config_demo_finds_every_article_and_nothing_else() -> None:
    config = load_config(CONFIG, env={})
    assert {s.id for s in config.sources} == set(expected()["sites"])
    for source in config.sources:
        assert source.delay == 0
        assert source.start_urls
        assert all(u.startswith("http://127.0.0.1:") for u in source.start_urls)
        assert _site_of_port(urlsplit(source.start_urls[0]).port) == source.id
        found, read = _walk(source)
        lookalikes = {e["path"] for e in expected()["non_articles"] + expected()["redirects"]
                      + expected()["broken"] if e["site"] == source.id
                      and e.get("kind", "") in ("", "gallery")}
        mine = {a["path"] for a in articles() if a["site"] == source.id}
        assert found == mine | lookalikes, source.id
        listings = {p["path"] for p in expected()["non_articles"]
                    if p["site"] == source.id and p["kind"] in ("listing", "tag")}
        assert listings <= read, source.id
        disallowed = {d["path"] for d in expected()["disallowed"] if d["site"] == source.id}
        assert not disallowed & (found | read)
    assert config.settings.crawl.obey_robots and config.settings.crawl.delay == 0


# ---------------------------------------------------------------- served over HTTP


def _fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


def test_devserver_serves_every_page_with_its_charset() -> None:
    with serve_sites(SITES) as server:
        assert set(server.sites) == set(expected()["sites"])
        for entry in articles() + expected()["non_articles"]:
            status, ctype, body = _fetch(server.url(entry["site"]) + entry["path"])
            assert status == 200 and ctype.startswith("text/html"), entry["path"]
            enc = entry.get("encoding", "utf-8")
            assert "charset=" not in ctype or ctype.endswith(f"charset={enc}"), (entry, ctype)
            assert body == file_of(entry["site"], entry["path"]).read_bytes()
        for site in expected()["sites"]:
            status, ctype, body = _fetch(server.url(site) + "/robots.txt")
            assert status == 200 and b"Disallow:" in body
        names = {r.path for r in server.requests()}
    assert not any("_src" in n for n in names)


def test_redirects_and_dead_links_answer_as_expected() -> None:
    """The old URL answers 301 to its article, the deleted one 404; listings link to both."""
    assert expected()["redirects"] and expected()["broken"]
    listed = {(p["site"], u) for p in expected()["non_articles"] if p["kind"] in ("listing", "tag")
              for u in links(p["site"], p["path"])}
    opener = urllib.request.build_opener(_NoRedirect())
    with serve_sites(SITES) as server:
        for entry in expected()["redirects"] + expected()["broken"]:
            assert (entry["site"], entry["path"]) in listed, entry
            assert not file_of(entry["site"], entry["path"]).exists()
            with pytest.raises(urllib.error.HTTPError) as err:
                opener.open(server.url(entry["site"]) + entry["path"], timeout=10)
            assert err.value.code == entry["status"]
            if "location" in entry:
                assert err.value.headers["Location"] == entry["location"]
                assert any(a["path"] == entry["location"] for a in articles())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_generator_source_is_never_served() -> None:
    with serve_sites(SITES) as server:
        site = next(iter(expected()["sites"]))
        with pytest.raises(urllib.error.HTTPError) as err:
            _fetch(server.url(site) + "/../_src/build.py")
        assert err.value.code == 404
        assert "_src" not in server.sites


# ---------------------------------------------------------------- generated files are current


def test_generated_files_match_their_sources(tmp_path: Path) -> None:
    """demo/sites and expected.yaml are what demo/sites/_src/build.py makes of the articles."""
    proc = subprocess.run([sys.executable, str(SITES / "_src" / "build.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "expected.yaml").read_bytes() == (DEMO / "expected.yaml").read_bytes()
    for site in expected()["sites"]:
        made = {p.relative_to(tmp_path / "sites"): p.read_bytes()
                for p in (tmp_path / "sites" / site).rglob("*") if p.is_file()}
        kept = {p.relative_to(SITES): p.read_bytes()
                for p in (SITES / site).rglob("*") if p.is_file()}
        assert made.keys() == kept.keys(), site
        stale = [str(k) for k in made if made[k] != kept[k]]
        assert not stale, f"rebuild with demo/sites/_src/build.py: {stale[:5]}"


# ---------------------------------------------------------------- the real configuration

# URL shapes the real portals use (public facts), one per source whose shape we know
REAL_ARTICLE_URLS = {
    "nto": "https://nto.pl/opolski-nefrolog-z-tytulem-doktora-to-sukces/ar/c14-16437753",
    "radio-opole": "https://radio.opole.pl/468,833100,sytuacja-spolki-jest-zla-co-sie-dzieje",
    "denik-ustecko": "https://ustecky.denik.cz/zpravy_region/chemicka-slavi-vyroci-20160114.html",
    "idnes-usti": "https://www.idnes.cz/usti/zpravy/kadan-nemocnice.A241002_100431_usti-zpravy_grr",
    "mz-chemiedreieck": "https://www.mz.de/lokal/bitterfeld/zwischenbilanz-chemiepark-3769495",
    "volksstimme": "https://www.volksstimme.de/sachsenanhalt/chemie-blickt-zurueck/1527590763000",
    "cheshire-live": "https://www.cheshire-live.co.uk/news/chester-cheshire-news/a-story-22224251",
}


def test_real_sources_validate_and_are_polite() -> None:
    config = load_config(ROOT / "config", env={})
    sources = {s.id: s for s in config.sources}
    assert {"pl", "cs", "de", "en"} <= {s.language for s in config.sources}
    for s in config.sources:
        assert s.delay is not None and s.delay >= 2, s.id
        assert s.max_pages <= 500 and s.language, s.id
        assert all(u.startswith("https://") for u in [*s.start_urls, *s.feeds, *s.sitemaps])
        assert "127.0.0.1" not in s.hosts, s.id
    for sid, url in REAL_ARTICLE_URLS.items():
        assert any(re.search(p, url) for p in sources[sid].articles), sid
        assert not any(re.search(p, url) for p in sources[sid].follow), sid
        assert not any(re.search(p, u) for p in sources[sid].articles
                       for u in sources[sid].start_urls), sid
