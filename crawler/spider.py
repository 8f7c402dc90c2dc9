"""One spider class; one instance per configured source."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler import discovery
from crawler.context import (
    META_BARREN,
    META_KIND,
    META_SOURCE,
    ArticleItem,
    CrawlContext,
    PageKind,
)
from crawler.state import still_stored
from crawler.urls import Origins, canonicalize, trap_reason
from pipeline.document import RawPage
from pipeline.documents import sniff_document
from pipeline.settings import SourceConfig

log = logging.getLogger(__name__)

MAX_BARREN = 2  # stop following pagination after this many listing pages with nothing new
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CANONICAL_XPATH = ("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]"
                    "/@href")
_OG_URL_XPATH = "//meta[@property='og:url']/@content"


class SourceSpider(scrapy.Spider):
    """Discovers articles of one source from its listings, sitemaps and feeds."""

    name = "clusterwatch"

    def __init__(self, source: SourceConfig, context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=f"clusterwatch-{source.id}", **kwargs)
        self.source = source
        self.context = context
        self.origins = Origins.of([*source.start_urls, *source.sitemaps, *source.feeds],
                                  source.allowed_domains)
        self._articles = [re.compile(p) for p in source.articles]
        self._follow = [re.compile(p) for p in source.follow]
        self._documents = [re.compile(p) for p in source.documents]
        self._seen: set[str] = set()
        self._budget = source.max_pages
        self._budget_logged = False

    # -- discovery ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.feeds:
            if req := self._request(url, PageKind.FEED, trusted=True):
                yield req
        for url in self.source.sitemaps:
            if req := self._request(url, PageKind.SITEMAP, trusted=True):
                yield req
        for url in self.source.start_urls:
            kind = PageKind.ARTICLE if self.is_article(url) else PageKind.LISTING
            if req := self._request(url, kind, trusted=True):
                yield req

    def is_article(self, url: str) -> bool:
        """An article page, or a document file (stored like an article)."""
        return any(p.search(url) for p in self._articles) or self.is_document(url)

    def is_document(self, url: str) -> bool:
        return any(p.search(url) for p in self._documents)

    def is_listing(self, url: str) -> bool:
        return any(p.search(url) for p in self._follow)

    def _request(self, url: str, kind: PageKind, trusted: bool = False,
                 barren: int = 0) -> Request | None:
        key = canonicalize(url)
        if key in self._seen:
            return None
        self._seen.add(key)
        if not self.origins.allows(key):
            log.debug("%s: not an allowed host, not requested: %s", self.source.id, key)
            return None
        reason = None if trusted else trap_reason(key)
        if reason is not None:
            log.info("%s: trap guard (%s), not requested: %s", self.source.id, reason.value, key)
            return None
        if self._budget <= 0:
            if not self._budget_logged:
                log.warning("%s: max_pages (%d) reached", self.source.id, self.source.max_pages)
                self._budget_logged = True
            return None
        self._budget -= 1
        meta = {META_KIND: kind, META_SOURCE: self.source.id, META_BARREN: barren}
        if kind is PageKind.ARTICLE:
            meta["handle_httpstatus_list"] = [304]
            if self.is_document(key):  # files may be larger than pages, up to their own bound
                meta["download_maxsize"] = self.context.config.settings.crawl.max_document_bytes
        callbacks = {PageKind.LISTING: self.parse_listing, PageKind.ARTICLE: self.parse_article,
                     PageKind.SITEMAP: self.parse_sitemap, PageKind.FEED: self.parse_feed}
        return Request(key, callback=callbacks[kind], errback=self.on_error, meta=meta,
                       priority=1 if kind is PageKind.ARTICLE else 0)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        self.context.answered(self.source.id)
        if not isinstance(response, TextResponse) or not _is_html(response):
            return
        articles: list[Request] = []
        listings: list[str] = []
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href.strip())
            if self.is_article(url):
                if req := self._request(url, PageKind.ARTICLE):
                    articles.append(req)
            elif self.is_listing(url):
                listings.append(url)
        yield from articles
        barren = 0 if articles else int(response.meta.get(META_BARREN, 0)) + 1
        if barren >= MAX_BARREN:
            log.info("%s: %d listing pages with nothing new, not following %s further",
                     self.source.id, barren, response.url)
            return
        for url in listings:
            if req := self._request(url, PageKind.LISTING, barren=barren):
                yield req

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        self.context.answered(self.source.id)
        try:
            links = discovery.parse_sitemap(response.body)
        except ValueError as exc:
            self._fail(response.url, f"unreadable sitemap: {exc}", article=False)
            return
        for link in links:
            url = response.urljoin(link.url)
            if link.kind is discovery.LinkKind.SITEMAP:
                if req := self._request(url, PageKind.SITEMAP, trusted=True):
                    yield req
            elif (self.is_article(url) and not self._unchanged_since(url, link.lastmod)
                  and (req := self._request(url, PageKind.ARTICLE))):
                yield req

    def parse_feed(self, response: Response) -> Iterator[Request]:
        self.context.answered(self.source.id)
        try:
            links = discovery.parse_feed(response.body)
        except ValueError as exc:
            self._fail(response.url, f"unreadable feed: {exc}", article=False)
            return
        for link in links:
            url = response.urljoin(link.url)
            if self.is_article(url) and (req := self._request(url, PageKind.ARTICLE)):
                yield req

    def _unchanged_since(self, url: str, lastmod: str | None) -> bool:
        """A sitemap's lastmod older than our last fetch: no request at all."""
        if not lastmod:
            return False
        prev = self.context.state.get(canonicalize(url))
        modified = _parse_time(lastmod)
        if prev is None or modified is None:
            return False
        fetched = _parse_time(prev.last_fetched)
        if fetched is None or modified > fetched:
            return False
        if not still_stored(prev, lambda i: self.context.store.get(i) is not None):
            return False
        self._seen.add(canonicalize(url))
        self.context.stats_for(self.source.id).unchanged += 1
        return True

    # -- articles ----------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        self.context.answered(self.source.id)
        key = canonicalize(response.request.url if response.request else response.url)
        if response.status == 304:
            yield ArticleItem(key, self._raw(response, b""), key, not_modified=True)
            return
        skip = None
        if not _is_html(response) and sniff_document(response.body) is None:
            skip = f"not HTML ({_header(response, 'Content-Type') or 'unknown type'})"
        page = self._raw(response, response.body)
        yield ArticleItem(key, page, self._canonical(response) if skip is None else key,
                          etag=_header(response, "ETag"),
                          last_modified=_header(response, "Last-Modified"), skip_reason=skip)

    def _raw(self, response: Response, body: bytes) -> RawPage:
        headers = {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
                   for k, v in response.headers.items()}
        return RawPage(url=response.url, body=body, source=self.source.id,
                       content_type=headers.pop("content-type", None), status=response.status,
                       lang_hint=self.source.language, headers=headers)

    def _canonical(self, response: Response) -> str:
        own = canonicalize(response.url)
        if not isinstance(response, TextResponse):
            return own
        for xpath in (_CANONICAL_XPATH, _OG_URL_XPATH):
            value = response.xpath(xpath).get()
            if not value:
                continue
            url = canonicalize(response.urljoin(value.strip()))
            if self.origins.allows(url):
                return url
            log.info("%s: canonical URL off the source's hosts ignored: %s", self.source.id, url)
        return own

    # -- errors ------------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request: Request | None = getattr(failure, "request", None)
        response = getattr(failure.value, "response", None)
        if response is not None:
            self.context.answered(self.source.id)
        url = request.url if request is not None else "?"
        kind = request.meta.get(META_KIND) if request is not None else None
        if isinstance(failure.value, IgnoreRequest) and response is None:  # robots, off-host
            log.info("%s: not fetched (%s): %s", self.source.id, failure.getErrorMessage(), url)
            if kind is PageKind.ARTICLE:
                self.context.stats_for(self.source.id).skipped += 1
            return
        status = f"HTTP {response.status}" if response is not None else _describe(failure)
        self._fail(url, status, article=kind is PageKind.ARTICLE)

    def _fail(self, url: str, why: str, article: bool) -> None:
        log.warning("%s: %s: %s", self.source.id, why, url)
        if article:
            self.context.stats_for(self.source.id).failed += 1
        self.context.error(self.source.id, f"{why}: {url}")


def _describe(failure: Failure) -> str:
    value = failure.value
    return f"{type(value).__name__}: {value}".strip().rstrip(":")


def _header(response: Response, name: str) -> str | None:
    raw = response.headers.get(name)
    return raw.decode("latin-1") if raw else None


def _is_html(response: Response) -> bool:
    ctype = (_header(response, "Content-Type") or "").split(";")[0].strip().lower()
    if ctype:
        return ctype in HTML_TYPES
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _parse_time(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
