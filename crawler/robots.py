"""robots.txt for the one-off tools: fetched once per origin, obeyed, its ``Sitemap:`` lines kept.

A robots.txt answering 4xx allows everything (the convention Scrapy follows too); one that
cannot be fetched at all (no answer, 5xx) allows everything as well but is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from crawler.fetch import PoliteFetcher


@dataclass
class RobotsFile:
    status: int | None
    error: str | None = None
    parser: Protego | None = None
    sitemaps: list[str] = field(default_factory=list)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


class RobotsCache:
    def __init__(self, fetcher: PoliteFetcher, user_agent: str) -> None:
        self.fetcher, self.user_agent = fetcher, user_agent
        self._files: dict[str, RobotsFile] = {}

    def get(self, url: str) -> RobotsFile:
        origin = origin_of(url)
        if origin not in self._files:
            self._files[origin] = self._fetch(origin)
        return self._files[origin]

    def _fetch(self, origin: str) -> RobotsFile:
        got = self.fetcher.get(f"{origin}/robots.txt")
        robots = RobotsFile(got.status, got.error)
        if got.ok:
            parser = Protego.parse(got.body.decode("utf-8", errors="replace"))
            robots.parser = parser
            robots.sitemaps = [s for s in parser.sitemaps
                               if urlsplit(s).scheme in ("http", "https")]
        return robots

    def allowed(self, url: str) -> bool:
        parser = self.get(url).parser
        return parser is None or bool(parser.can_fetch(url, self.user_agent))

    def summary(self) -> dict[str, Any]:
        return {origin: {"status": r.status, "error": r.error, "sitemaps": list(r.sitemaps)}
                for origin, r in self._files.items()}
