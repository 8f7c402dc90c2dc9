"""robots.txt ``Crawl-delay``: applied to the download slot of the host that asked for it."""

from __future__ import annotations

import logging

from protego import Protego
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

log = logging.getLogger(__name__)

MAX_CRAWL_DELAY = 60.0  # a larger value is taken as 60 s (and logged): a crawl must finish


class CrawlDelayMiddleware:
    """Reads Crawl-delay from robots.txt answers; keeps the slot's delay at least that long,
    whatever AutoThrottle decides."""

    def __init__(self, crawler: Crawler, settings: BaseSettings) -> None:
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("robots.txt is not obeyed")
        self.crawler = crawler
        self.user_agent = str(settings.get("USER_AGENT") or "*")
        self.delays: dict[str, float] = {}  # download slot key -> crawl delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler, crawler.settings)

    def _slot_key(self, request: Request) -> str:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader.get_slot_key(request)

    def process_request(self, request: Request) -> None:
        if not self.delays or self.crawler.engine is None:
            return
        key = self._slot_key(request)
        delay = self.delays.get(key)
        slot = self.crawler.engine.downloader.slots.get(key)
        if delay is not None and slot is not None and slot.delay < delay:
            slot.delay = delay

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.url.endswith("/robots.txt") or response.status != 200:
            return response
        try:
            parser = Protego.parse(response.body.decode("utf-8", "replace"))
            delay = parser.crawl_delay(self.user_agent)
        except Exception as exc:
            log.warning("unreadable robots.txt at %s: %s", request.url, exc)
            return response
        if delay:
            value = min(float(delay), MAX_CRAWL_DELAY)
            if value < float(delay):
                log.warning("Crawl-delay %s at %s capped to %s s", delay, request.url, value)
            key = self._slot_key(request)
            self.delays[key] = value
            self._apply(key, value)
            log.info("Crawl-delay %.2f s for %s", value, request.url)
        return response

    def _apply(self, key: str, delay: float) -> None:
        """Before the robots.txt middleware releases the requests it held: the slot that fetched
        robots.txt, and any slot created later for the same key (after an idle slot is freed)."""
        assert self.crawler.engine is not None
        downloader = self.crawler.engine.downloader
        settings = downloader.per_slot_settings.setdefault(key, {})
        settings["delay"] = max(float(settings.get("delay", 0.0)), delay)
        slot = downloader.slots.get(key)
        if slot is not None and slot.delay < delay:
            slot.delay = delay
