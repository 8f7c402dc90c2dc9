"""A small polite fetcher for the one-off tools (``sources check --online``, ``sources discover``).

The nightly crawl runs on Scrapy; these tools fetch a few dozen URLs one at a time, so they use
the standard library: our user agent (never disguised), the source's delay between two requests
to a host, a timeout, a size bound per body, a bound on requests, redirects followed by hand
(each hop recorded, at most ``MAX_REDIRECTS``, http(s) only).
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
REFUSING = (403, 429)  # answers of a site that turns non-browser clients away


@dataclass(frozen=True)
class Hop:
    status: int
    url: str  # where the redirect pointed


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str
    status: int | None = None  # None: no answer (error says why)
    body: bytes = b""
    content_type: str = ""
    redirects: list[Hop] = field(default_factory=list)
    error: str | None = None
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def refused(self) -> bool:
        return self.status in REFUSING


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class PoliteFetcher:
    """GET with our user agent; ``delay`` seconds between requests to one host."""

    def __init__(self, user_agent: str, delay: float = 1.0, timeout: float = 15.0,
                 max_bytes: int = 2_000_000, max_requests: int = 100) -> None:
        self.user_agent, self.delay, self.timeout = user_agent, delay, timeout
        self.max_bytes, self.max_requests = max_bytes, max_requests
        self.requests = 0
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener(_NoRedirect())

    @property
    def exhausted(self) -> bool:
        return self.requests >= self.max_requests

    def get(self, url: str, allow: Callable[[str], bool] | None = None) -> Fetched:
        """Fetch ``url``, following redirects that ``allow`` accepts (all when None: a
        redirect elsewhere is recorded, not followed); never raises for network or HTTP
        errors."""
        result = Fetched(url, url)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if self.exhausted:
                result.error = f"request limit ({self.max_requests}) reached"
                return result
            status, location = self._one(current, result)
            if location is None or status is None:
                return result
            target = urljoin(current, location)
            result.redirects.append(Hop(status, target))
            if urlsplit(target).scheme not in ("http", "https"):
                result.error = f"redirect to a non-http URL: {target}"
                return result
            if allow is not None and not allow(target):
                result.final_url = target
                result.error = f"redirect off the allowed hosts, not followed: {target}"
                return result
            current = result.final_url = target
        result.error = f"more than {MAX_REDIRECTS} redirects"
        return result

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _one(self, url: str, result: Fetched) -> tuple[int | None, str | None]:
        """One request: (status, redirect target or None); fills ``result``."""
        self._wait(url)
        self.requests += 1
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                   "Accept-Encoding": "identity"})
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return self._read(resp, resp.status, result), None
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400 and exc.headers.get("Location"):
                result.status = exc.code
                return exc.code, exc.headers["Location"]
            self._read(exc, exc.code, result)
            return exc.code, None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            result.error = f"{type(exc).__name__}: {reason}"
            return None, None

    def _read(self, resp: object, status: int, result: Fetched) -> int:
        result.status = status
        headers = getattr(resp, "headers", None)
        result.content_type = (headers.get("Content-Type") or "") if headers else ""
        try:
            body = resp.read(self.max_bytes + 1)  # type: ignore[attr-defined]
        except (OSError, ValueError) as exc:
            result.error = f"body unreadable: {exc}"
            body = b""
        result.truncated = len(body) > self.max_bytes
        result.body = body[:self.max_bytes]
        return status
