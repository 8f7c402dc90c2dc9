"""One spider class; one instance per configured source."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler import discovery
from crawler.classify import UrlRules
from crawler.context import (
    META_BARREN,
    META_ENTRY,
    META_KIND,
    META_SOURCE,
    ArticleItem,
    CrawlContext,
    PageKind,
)
from crawler.drops import DropReason
from crawler.fetch import REFUSING
from crawler.ignored import classify_ignored
from crawler.state import still_stored
from crawler.urls import canonicalize, trap_reason
from pipeline.document import RawPage
from pipeline.documents import sniff_document
from pipeline.settings import SourceConfig

log = logging.getLogger(__name__)

MAX_BARREN = 2  # stop following pagination after this many listing pages with nothing new
MAX_SITEMAPS = 1000  # child sitemaps followed per source and run
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
        self.rules = UrlRules.of(source)  # the one URL classification (crawler.classify)
        self.origins = self.rules.origins
        self._seen: set[str] = set()
        self._budget = source.max_pages
        self._sitemaps = MAX_SITEMAPS

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
        return self.rules.is_article(url)

    def is_document(self, url: str) -> bool:
        return self.rules.is_document(url)

    def is_listing(self, url: str) -> bool:
        return self.rules.is_listing(url)

    def _request(self, url: str, kind: PageKind, trusted: bool = False,
                 barren: int = 0) -> Request | None:
        try:
            key = canonicalize(url)
        except ValueError:  # a malformed link (bad port, broken IPv6 host): not a page
            log.debug("%s: malformed URL not requested: %.200s", self.source.id, url)
            return None
        if key in self._seen:
            return None
        self._seen.add(key)
        if not self.origins.allows(key) or not self._allowed(key, kind, trusted):
            return None
        self._budget -= 1
        meta = {META_KIND: kind, META_SOURCE: self.source.id, META_BARREN: barren,
                META_ENTRY: trusted}
        if kind is PageKind.ARTICLE:
            meta["handle_httpstatus_list"] = [304]
            if self.is_document(key):  # files may be larger than pages, up to their own bound
                meta["download_maxsize"] = self.context.config.settings.crawl.max_document_bytes
        callbacks = {PageKind.LISTING: self.parse_listing, PageKind.ARTICLE: self.parse_article,
                     PageKind.SITEMAP: self.parse_sitemap, PageKind.FEED: self.parse_feed}
        return Request(key, callback=callbacks[kind], errback=self.on_error, meta=meta,
                       priority=1 if kind is PageKind.ARTICLE else 0)

    def _allowed(self, key: str, kind: PageKind, trusted: bool) -> bool:
        """The trap guard and the page budget; every refusal is counted by reason."""
        article = kind is PageKind.ARTICLE
        reason = None if trusted else trap_reason(key, article=article)
        if reason is not None:
            drop = DropReason.TRAP_GUARD_ARTICLE if article else DropReason.TRAP_GUARD
            self.context.drop(self.source.id, drop, f"{reason.value}: {key}")
            return False
        if self._budget <= 0:
            self.context.drop(self.source.id, DropReason.MAX_PAGES, key)
            return False
        return True

    def _read(self, response: Response) -> None:
        """An answer to read: counts it, and a configured URL's as proof the source is there."""
        self.context.answered(self.source.id)
        self._entry(response)

    def _entry(self, response: Response) -> None:
        if response.meta.get(META_ENTRY) and 200 <= response.status < 400:
            self.context.entry_read(self.source.id)

    def _listing_answered(self) -> None:
        self.context.answered(self.source.id)
        self.context.stats_for(self.source.id).listings += 1

    def parse_listing(self, response: Response) -> Iterator[Request]:
        self._listing_answered()
        self._entry(response)
        if not isinstance(response, TextResponse) or not _is_html(response):
            return
        articles: list[Request] = []
        listings: list[str] = []
        for href in response.xpath("//a/@href").getall():
            url = _join(response, href)
            if url is None:
                continue
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
        self._listing_answered()
        try:
            found = discovery.read_sitemap(response.body)
        except ValueError as exc:
            self.context.drop(self.source.id, DropReason.NOT_XML,
                              f"unreadable sitemap: {exc}: {response.url}")
            return
        self._entry(response)
        if found.over_cap:
            self.context.drop(self.source.id, DropReason.SITEMAP_CAP,
                              f"{found.over_cap} entries past {discovery.MAX_SITEMAP_LINKS} in "
                              f"{response.url}", count=found.over_cap)
        for i, link in enumerate(found.links):
            if self._budget <= 0:  # the rest is not even remembered (memory stays bounded)
                self.context.drop(self.source.id, DropReason.MAX_PAGES,
                                  f"{len(found.links) - i} entries of {response.url}",
                                  count=len(found.links) - i)
                return
            url = _join(response, link.url)
            if url is None:
                continue
            if link.kind is discovery.LinkKind.SITEMAP:
                if req := self._child_sitemap(url):
                    yield req
            elif (self.is_article(url) and not self._unchanged_since(url, link.lastmod)
                  and (req := self._request(url, PageKind.ARTICLE))):
                yield req

    def _child_sitemap(self, url: str) -> Request | None:
        if self._sitemaps <= 0:
            self.context.drop(self.source.id, DropReason.SITEMAP_COUNT_CAP,
                              f"more than {MAX_SITEMAPS} sitemaps: {url}")
            return None
        req = self._request(url, PageKind.SITEMAP, trusted=True)
        if req is not None:
            self._sitemaps -= 1
        return req

    def parse_feed(self, response: Response) -> Iterator[Request]:
        self._listing_answered()
        try:
            links = discovery.parse_feed(response.body)
        except ValueError as exc:
            self.context.drop(self.source.id, DropReason.NOT_XML,
                              f"unreadable feed: {exc}: {response.url}")
            return
        self._entry(response)
        for link in links:
            url = _join(response, link.url)
            if url is None or not self.is_article(url):
                continue
            if req := self._request(url, PageKind.ARTICLE):
                yield req

    def _unchanged_since(self, url: str, lastmod: str | None) -> bool:
        """A sitemap's lastmod older than our last fetch: no request at all."""
        if not lastmod:
            return False
        try:
            prev = self.context.state.get(canonicalize(url))
        except ValueError:  # malformed: _request skips it
            return False
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
        self._read(response)
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
            try:
                url = canonicalize(response.urljoin(value.strip()))
            except ValueError:  # a malformed canonical link is ignored
                continue
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
        if isinstance(failure.value, IgnoreRequest) and response is None:  # not an HTTP error
            reason = classify_ignored(failure.value)
            self.context.drop(self.source.id, reason, f"{failure.getErrorMessage()[:300]}: {url}")
            return
        if response is not None and response.status in REFUSING:
            self.context.stats_for(self.source.id).refused += 1
        status = f"HTTP {response.status}" if response is not None else _describe(failure)
        if kind is PageKind.ARTICLE:
            log.warning("%s: %s: %s", self.source.id, status, url)
            self.context.stats_for(self.source.id).failed += 1
            self.context.error(self.source.id, f"{status}: {url}")
        else:
            self.context.drop(self.source.id, DropReason.PAGE_FAILED, f"{status}: {url}")


def _join(response: Response, href: str) -> str | None:
    """The absolute URL of a link, or None for a malformed one (a broken IPv6 host)."""
    try:
        return response.urljoin(href.strip())
    except ValueError:
        return None


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
