"""Conditional requests for articles seen before: If-None-Match / If-Modified-Since."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request

from crawler.context import META_KIND, PageKind
from crawler.spider import SourceSpider
from crawler.state import CrawlState, PageOutcome
from crawler.urls import canonicalize


class ConditionalRequestMiddleware:
    """Adds validators from the crawl state to article requests (not to redirects' targets)."""

    def __init__(self, state: CrawlState) -> None:
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not isinstance(crawler.spider, SourceSpider):
            raise NotConfigured("only for clusterwatch source spiders")
        return cls(crawler.spider.context.state)

    def process_request(self, request: Request) -> None:
        if request.meta.get(META_KIND) is not PageKind.ARTICLE or request.meta.get(
                "redirect_urls"):
            return
        prev = self.state.get(canonicalize(request.url))
        if prev is None or prev.outcome is not PageOutcome.STORED:
            return
        if prev.etag:
            request.headers.setdefault(b"If-None-Match", prev.etag.encode("latin-1"))
        if prev.last_modified:
            request.headers.setdefault(b"If-Modified-Since",
                                       prev.last_modified.encode("latin-1"))
