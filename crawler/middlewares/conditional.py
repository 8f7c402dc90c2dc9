"""Conditional requests for articles seen before: If-None-Match / If-Modified-Since."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request

from crawler.context import META_KIND, PageKind
from crawler.spider import SourceSpider
from crawler.state import CrawlState, still_stored
from crawler.urls import canonicalize
from index.base import Store


class ConditionalRequestMiddleware:
    """Adds validators from the crawl state to article requests (a redirect's target too: the
    state is keyed by the URL that answered)."""

    def __init__(self, state: CrawlState, store: Store) -> None:
        self.state, self.store = state, store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not isinstance(crawler.spider, SourceSpider):
            raise NotConfigured("only for clusterwatch source spiders")
        return cls(crawler.spider.context.state, crawler.spider.context.store)

    def process_request(self, request: Request) -> None:
        if request.meta.get(META_KIND) is not PageKind.ARTICLE:
            return
        for name in (b"If-None-Match", b"If-Modified-Since"):  # a redirect carries the old ones
            request.headers.pop(name, None)
        prev = self.state.get(canonicalize(request.url))
        if prev is None or not still_stored(prev, lambda i: self.store.get(i) is not None):
            return
        if prev.etag:
            request.headers[b"If-None-Match"] = prev.etag.encode("latin-1")
        if prev.last_modified:
            request.headers[b"If-Modified-Since"] = prev.last_modified.encode("latin-1")

