"""``sources discover URL``: find a portal's sitemaps and feeds, sample its pages, learn its URL
patterns from the pages that extract as articles, and propose a ``sources.yaml`` block.

Everything is fetched politely (``crawler.fetch``: our user agent, a delay, bounded), robots.txt
is obeyed and never left: only the start URL's host is sampled.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import yaml
from lxml import etree

from crawler import discovery
from crawler.check import check_source
from crawler.fetch import Fetched, PoliteFetcher
from crawler.links import feed_links, html_links
from crawler.patterns import learn_patterns
from crawler.robots import RobotsCache, origin_of
from crawler.urls import Origins, canonicalize, trap_reason
from pipeline.decode import decode
from pipeline.document import RawPage
from pipeline.extract import extract
from pipeline.lang import detect_language
from pipeline.settings import SourceConfig

LOCATIONS = Path(__file__).with_name("data") / "discover.yaml"
DEFAULT_PAGES = 80
MAX_PAGES = 300
SEEDS_PER_FILE = 20  # article candidates taken from each sitemap or feed into the sample
MAX_CHILD_SITEMAPS = 3
EXAMPLES = 3
MAIN_LANGUAGE_SHARE = 0.8  # a language hint is proposed when this share of articles has it
_TITLE_CUT = re.compile(r"\s+[|–—-]\s+.*$")


@dataclass
class Page:
    url: str
    is_article: bool
    language: str | None = None
    links: list[str] = field(default_factory=list)  # on the site's host


@dataclass
class Discovery:
    start_url: str
    sitemaps: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    name: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        """Sampled pages that extract as articles (the start page is the entry, never one)."""
        start = canonicalize(self.start_url)
        return [p.url for p in self.pages if p.is_article and p.url != start]

    @property
    def listings(self) -> list[str]:
        """Sampled non-articles linking to a sampled article (and the start URL)."""
        arts = set(self.articles)
        found = [p.url for p in self.pages
                 if not p.is_article and any(canonicalize(u) in arts for u in p.links)]
        return list(dict.fromkeys([canonicalize(self.start_url), *found]))


def _locations() -> dict[str, list[str]]:
    data = yaml.safe_load(LOCATIONS.read_text(encoding="utf-8"))
    return {"sitemaps": list(data["sitemaps"]), "feeds": list(data["feeds"])}


class Discoverer:
    def __init__(self, start_url: str, fetcher: PoliteFetcher, user_agent: str,
                 max_pages: int = DEFAULT_PAGES) -> None:
        self.start_url = start_url
        self.fetcher = fetcher
        self.robots = RobotsCache(fetcher, user_agent)
        self.max_pages = max(1, min(max_pages, MAX_PAGES))
        self.origins = Origins.of([start_url], [])
        self.result = Discovery(start_url)
        self._visited: set[str] = set()

    def run(self) -> Discovery:
        home = self._fetch(self.start_url)
        if home is None:
            raise DiscoveryError(f"{self.start_url}: robots.txt disallows it")
        if not home.ok:
            raise DiscoveryError(f"{self.start_url}: no usable answer ({_why(home)})")
        if home.redirects:
            self.result.notes.append(f"{self.start_url} redirects to {home.final_url}")
            self.start_url = self.result.start_url = canonicalize(home.final_url)
            self.origins = Origins.of([self.start_url], [])
        self.result.name = _site_name(home.body)
        self._find_sitemaps()
        self._find_feeds(home)
        self._sample(home)
        return self.result

    def _same_site(self, url: str) -> bool:
        """On the start URL's host, its ``www``-less twin or a subdomain of that (a sitemap that
        robots.txt names on a sister host); never anywhere else."""
        start, parts = urlsplit(self.start_url), urlsplit(url)
        site = (start.hostname or "").removeprefix("www.")
        host = (parts.hostname or "").removeprefix("www.")
        try:
            same_port = start.port is None or parts.port == start.port  # 127.0.0.1:PORT sites
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and same_port and (
            host == site or host.endswith("." + site))

    def _fetch(self, url: str) -> Fetched | None:
        if not self._same_site(url) or not self.robots.allowed(url):
            return None
        return self.fetcher.get(url, allow=self._same_site)

    def _find_sitemaps(self) -> None:
        origin = origin_of(self.start_url)
        named = [u for u in self.robots.get(self.start_url).sitemaps if self._same_site(u)]
        candidates = named or [origin + p for p in _locations()["sitemaps"]]
        for url in candidates:
            got = self._fetch(url)
            if got is not None and got.ok and _parse_sitemap(got.body):
                self.result.sitemaps.append(url)
                if not named:
                    break  # one probed location is enough

    def _find_feeds(self, home: Fetched) -> None:
        announced = [u for u in feed_links(home.body, home.final_url)
                     if self.origins.allows(canonicalize(u))]
        origin = origin_of(self.start_url)
        candidates = announced or [origin + p for p in _locations()["feeds"]]
        for url in candidates:
            got = self._fetch(url)
            if got is not None and got.ok and discovery.parse_feed(got.body):
                self.result.feeds.append(url)
                if not announced:
                    break

    def _seeds(self) -> list[str]:
        seeds: list[str] = []
        for url in self.result.feeds:
            got = self._fetch(url)
            if got is not None and got.ok:
                links = discovery.parse_feed(got.body)[:SEEDS_PER_FILE]
                seeds.extend(urljoin(got.final_url, x.url) for x in links)
        for url in self.result.sitemaps:
            seeds.extend(self._sitemap_pages(url)[:SEEDS_PER_FILE])
        return seeds

    def _sitemap_pages(self, url: str, depth: int = 0) -> list[str]:
        got = self._fetch(url)
        if got is None or not got.ok:
            return []
        out: list[str] = []
        for link in _parse_sitemap(got.body):
            target = urljoin(got.final_url, link.url)
            if link.kind is discovery.LinkKind.PAGE:
                out.append(target)
            elif depth == 0 and len(out) < SEEDS_PER_FILE:
                out.extend(self._sitemap_pages(target, depth + 1)[:SEEDS_PER_FILE])
        return out

    def _sample(self, home: Fetched) -> None:
        """Breadth first from the start page (sitemap and feed entries queued first)."""
        seen = {canonicalize(self.start_url)}
        queue: deque[str] = deque()
        self._visit(self.start_url, home, seen, queue)
        for url in self._seeds():
            self._enqueue(url, seen, queue, front=True)
        while queue and len(self.result.pages) < self.max_pages and not self.fetcher.exhausted:
            url = queue.popleft()
            got = self._fetch(url)
            if got is None or not got.ok:
                continue
            self._visit(url, got, seen, queue)

    def _enqueue(self, url: str, seen: set[str], queue: deque[str], front: bool = False) -> None:
        key = canonicalize(url)
        if key in seen or not self.origins.allows(key) or trap_reason(key) is not None:
            return
        seen.add(key)
        if front:
            queue.appendleft(key)
        else:
            queue.append(key)

    def _visit(self, url: str, got: Fetched, seen: set[str], queue: deque[str]) -> None:
        if "html" not in got.content_type.lower():
            return
        key = canonicalize(got.final_url)
        if not self.origins.allows(key) or key in self._visited:
            return
        self._visited.add(key)
        seen.add(key)
        links = [canonicalize(u) for u in html_links(got.body, got.final_url, got.content_type)]
        on_host = [u for u in links if self.origins.allows(u)]
        doc = extract(decode(RawPage(url=key, body=got.body, source="discover",
                                     content_type=got.content_type or None)))
        is_article = doc.is_article and not doc.skip_reason
        lang = detect_language(doc.text) if is_article else None
        self.result.pages.append(Page(key, is_article, lang, on_host))
        for link in on_host:
            self._enqueue(link, seen, queue)


class DiscoveryError(Exception):
    """The start URL cannot be used (no answer, refused, disallowed)."""


def _why(got: Fetched) -> str:
    if got.refused:
        return f"HTTP {got.status}: the site refuses non-browser clients"
    return f"HTTP {got.status}" if got.status is not None else (got.error or "no answer")


def _parse_sitemap(body: bytes) -> list[discovery.FoundLink]:
    try:
        return discovery.parse_sitemap(body)
    except ValueError:
        return []


def _site_name(body: bytes) -> str:
    try:
        tree = lxml.html.document_fromstring(body)
    except (ValueError, etree.ParserError):
        return ""
    for value in (*tree.xpath("//meta[@property='og:site_name']/@content"),
                  *tree.xpath("//title/text()")):
        text = " ".join(str(value).split())
        if text:
            return _TITLE_CUT.sub("", text)[:120]
    return ""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def _source_id(url: str, name: str) -> str:
    """The host's first label (``www.`` dropped), or the site's name for an address."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if host and not host[0].isdigit() and host != "localhost":
        return _slug(host.split(".")[0]) or "site"
    return _slug(name) or "site"


def _language(pages: list[Page]) -> str | None:
    langs = Counter(p.language for p in pages if p.is_article and p.language)
    if not langs:
        return None
    lang, n = langs.most_common(1)[0]
    return lang if n >= MAIN_LANGUAGE_SHARE * sum(langs.values()) else None


def propose(found: Discovery, source_id: str | None = None) -> dict[str, Any]:
    """The ``sources.yaml`` block (a plain mapping, in the config's key order)."""
    articles = learn_patterns(found.articles)
    follow = [p for p in learn_patterns(found.listings, listing=True) if p not in articles]
    arts = set(found.articles)
    others = [p.url for p in found.pages if not p.is_article and p.url not in arts]
    block: dict[str, Any] = {
        "id": source_id or _source_id(found.start_url, found.name),
        "name": found.name or _source_id(found.start_url, found.name),
        "start_urls": [found.start_url], "sitemaps": found.sitemaps, "feeds": found.feeds,
        "follow": follow, "articles": articles,
        "language": _language(found.pages), "max_pages": 300, "delay": 3,
        "examples": {"articles": found.articles[:EXAMPLES],
                     "not_articles": others[:EXAMPLES], "listings": found.listings[:EXAMPLES]}}
    if not block["language"]:
        del block["language"]
    return {k: v for k, v in block.items() if v != []}


def self_check(block: dict[str, Any]) -> list[str]:
    """Problems of the proposal with its own examples (empty: consistent)."""
    try:
        source = SourceConfig.model_validate(block)
    except ValueError as exc:
        return [f"the proposal does not validate: {exc}"]
    return check_source(source).problems


def to_yaml(block: dict[str, Any], found: Discovery) -> str:
    """The block as YAML, with comments on what it was learned from, for review."""
    n_art, n_all = len(found.articles), len(found.pages)
    head = [f"# proposed by `clusterwatch sources discover {found.start_url}`: review it",
            f"# sampled {n_all} pages; {n_art} extract as articles; "
            f"{len(found.listings)} listings link to them"]
    head.extend(f"# note: {n}" for n in found.notes)
    body = yaml.safe_dump([block], allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n" + body
