"""Requests only to the source's hosts: anything else (an off-host redirect) is dropped."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request

from crawler.ignored import OffHostRequest
from crawler.spider import SourceSpider

log = logging.getLogger(__name__)

__all__ = ["OffHostRequest", "OriginGuardMiddleware"]


class OriginGuardMiddleware:
    """Runs before robots.txt handling, so not even an off-host robots.txt is fetched."""

    def __init__(self, spider: SourceSpider) -> None:
        self.spider = spider

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OriginGuardMiddleware:
        if not isinstance(crawler.spider, SourceSpider):
            raise NotConfigured("only for clusterwatch source spiders")
        return cls(crawler.spider)

    def process_request(self, request: Request) -> None:
        if self.spider.origins.allows(request.url):
            return
        via = request.meta.get("redirect_urls") or []
        what = f"redirect from {via[-1]} off the source's hosts" if via else "off-host request"
        log.warning("%s: %s dropped: %s", self.spider.source.id, what, request.url)
        raise OffHostRequest(f"{what}: {request.url}")
