"""Retries of 5xx answers and timeouts with exponential backoff."""

from __future__ import annotations

import asyncio
import logging
from typing import TypeVar

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

log = logging.getLogger(__name__)

META_BACKOFF = "cw_backoff"
_R = TypeVar("_R", Request, Response, Request | Response, Request | Response | None)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry rules; a retried request first waits base * 2**(attempt-1) seconds."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("CLUSTERWATCH_RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("CLUSTERWATCH_RETRY_BACKOFF_MAX", 30.0)
        if self.base < 0 or self.cap < 0:
            raise ValueError("retry backoff must not be negative")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        mw = cls(crawler.settings)
        mw.crawler = crawler
        return mw

    async def process_request(self, request: Request) -> None:
        wait = float(request.meta.pop(META_BACKOFF, 0.0))
        if wait > 0:
            log.debug("backing off %.1f s before retrying %s", wait, request.url)
            await asyncio.sleep(wait)

    def process_response(  # type: ignore[override]
            self, request: Request, response: Response) -> Request | Response:
        return self._with_backoff(super().process_response(request, response))

    def process_exception(  # type: ignore[override]
            self, request: Request, exception: Exception) -> Request | Response | None:
        return self._with_backoff(super().process_exception(request, exception))

    def _with_backoff(self, result: _R) -> _R:
        if isinstance(result, Request):
            attempt = int(result.meta.get("retry_times", 1))
            result.meta[META_BACKOFF] = min(self.cap, self.base * 2 ** (attempt - 1))
        return result
