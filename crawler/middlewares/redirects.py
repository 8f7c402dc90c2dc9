"""Redirect loops and over-long redirect chains: dropped with a reason, never silently.

Runs before Scrapy's RedirectMiddleware (its ``process_response`` is called first): a loop
would otherwise end in the scheduler's duplicate filter without a trace.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from crawler.ignored import RedirectLoop, TooManyRedirects
from crawler.urls import canonicalize

log = logging.getLogger(__name__)

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class RedirectGuardMiddleware:
    def __init__(self, max_redirects: int) -> None:
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES", 5))

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_CODES or not location:
            return response
        chain = [*request.meta.get("redirect_urls", []), request.url]
        try:
            target = canonicalize(response.urljoin(location.decode("latin-1").strip()))
        except ValueError:  # an unusable Location: Scrapy's redirect handling decides
            return response
        if target in {canonicalize(u) for u in chain}:
            raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, target])[:400]}")
        if len(chain) > self.max_redirects:
            raise TooManyRedirects(f"more than {self.max_redirects} redirects from "
                                   f"{chain[0][:200]}")
        return response
