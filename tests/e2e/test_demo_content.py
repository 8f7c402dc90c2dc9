"""The bundled sample portal itself: demo/sites, demo/expected.yaml and config/demo agree.

Checks on files (every page exists, is linked, declares the encoding its bytes are in, robots.txt
forbids what menus link to), a discovery walk that follows config/demo's patterns over the files,
the pages served over real HTTP by the devserver, and that the generated files are up to date.
"""

from __future__ import annotations

import re
import subprocess
import sys
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
from clusterwatch.settings import load_config
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


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [f"{a['site']}:{a['path']}" for a in items]


# ---------------------------------------------------------------- inventory


def test_enough_articles_in_every_language() -> None:
    langs = Counter(a["language"] for a in articles())
    assert len(articles()) >= 24
    for lang, least in MIN_BY_LANG.items():
        assert langs[lang] >= least, (lang, langs)
    assert len({(a["site"], a["path"]) for a in articles()}) == len(articles())


@pytest.mark.parametrize("entry", articles() + expected()["non_articles"]
                         + expected()["disallowed"], ids=ids)
def test_every_listed_page_exists(entry: dict[str, Any]) -> None:
    assert file_of(entry["site"], entry["path"]).is_file()


def test_every_html_file_is_accounted_for() -> None:
    known = {file_of(e["site"], e["path"]) for e in articles() + expected()["non_articles"]
             + expected()["disallowed"]}
    on_disk = {p for site in expected()["sites"] for p in (SITES / site).rglob("*.html")}
    assert on_disk == known


def test_members_are_registry_ids_and_counts_positive() -> None:
    registry = set(load_config(CONFIG).registry.ids())
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
    agent = load_config(CONFIG).settings.crawl.user_agent
    base = "http://127.0.0.1:1"
    forbidden = [d["path"] for d in expected()["disallowed"] if d["site"] == site]
    assert forbidden and set(forbidden) <= links(site, "/")
    for path in forbidden:
        assert not robots.can_fetch(base + path, agent), path
    for entry in articles() + expected()["non_articles"]:
        if entry["site"] == site:
            assert robots.can_fetch(base + entry["path"], agent), entry["path"]
