"""URL rules: canonical form, allowed origins, crawler traps."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# query parameters that never change what a page says (data: one place for the kind)
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "igshid", "_ga", "_gl", "ref_src", "cmpid", "spm",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
SESSION_PARAMS = frozenset({
    "phpsessid", "sid", "sessionid", "session_id", "jsessionid", "aspsessionid", "cfid",
    "cftoken", "zenid", "oscsid",
})
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}

MAX_URL_LENGTH = 512
MAX_SEGMENT_REPEATS = 2
MAX_PAGE_NUMBER = 200
# calendar and archive-by-date pages generate endless next/previous links
_CALENDAR = re.compile(
    r"(?:^|[/_-])(?:calendar|kalendarz|kalendar|kalender|kalendář|termine|agenda|events?)"
    r"(?:[/_.?-]|$)", re.I)
_DATEISH = re.compile(r"(?:19|20)\d\d[-/_.]?(?:0?[1-9]|1[0-2])\b|[?&](?:month|year|date|day|"
                      r"miesiac|rok|datum|monat|tag)=", re.I)
_PAGE_NUMBER = re.compile(r"(?:[?&](?:page|strona|p|str|seite|stranka)=|/(?:page|strona|seite|"
                          r"strana)/)(\d+)", re.I)


class TrapReason(str, Enum):
    TOO_LONG = "URL too long"
    REPEATING = "repeating path segments"
    CALENDAR = "calendar"
    DEEP_PAGINATION = "pagination too deep"


def canonicalize(url: str) -> str:
    """Lowercase scheme and host, no default port, no fragment, no tracking or session params,
    query sorted; the path kept as written. Raises ValueError for a URL without a host or
    with a bad port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError(f"no host in URL {url[:100]!r}")
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = parts.port  # ValueError for a port that is not a number from 0 to 65535
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _is_noise_param(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def _is_noise_param(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low in SESSION_PARAMS or low.startswith(TRACKING_PREFIXES)


def trap_reason(url: str, article: bool = False) -> TrapReason | None:
    """Why a URL looks like a crawler trap, or None.

    An ``article`` URL (one the source's article patterns match) is not judged by the
    calendar and pagination rules: its own words may name an agenda or an event.
    """
    if len(url) > MAX_URL_LENGTH:
        return TrapReason.TOO_LONG
    parts = urlsplit(url)
    # numbers repeat in honest URLs (/2016/05/05/); words do not (/next/next/, /a/b/a/b/a/b/)
    segments = [s for s in parts.path.split("/") if s and not s.isdigit()]
    if any(segments.count(s) > MAX_SEGMENT_REPEATS for s in set(segments)) or any(
            a == b for a, b in itertools.pairwise(segments)):
        return TrapReason.REPEATING
    if article:
        return None
    if _CALENDAR.search(parts.path) and _DATEISH.search(f"{parts.path}?{parts.query}"):
        return TrapReason.CALENDAR
    page = _PAGE_NUMBER.search(f"{parts.path}?{parts.query}")
    digits = page.group(1).lstrip("0") if page else ""
    if len(digits) > 6 or int(digits or 0) > MAX_PAGE_NUMBER:
        return TrapReason.DEEP_PAGINATION
    return None


@dataclass(frozen=True)
class Origins:
    """Where a source may send requests.

    A configured URL with an explicit port allows exactly that host and port (fixture sites on
    127.0.0.1 differ only by port); a bare host from ``allowed_domains`` allows it, any port,
    and its subdomains.
    """

    exact: frozenset[tuple[str, int]]
    domains: frozenset[str]

    @classmethod
    def of(cls, urls: list[str], allowed_domains: list[str]) -> Origins:
        exact: set[tuple[str, int]] = set()
        domains: set[str] = {d.lower().lstrip(".") for d in allowed_domains}
        for url in urls:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            if parts.port is not None:
                exact.add((host, parts.port))
            elif not allowed_domains:
                domains.add(host)
        return cls(frozenset(exact), frozenset(domains - {""}))

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
        except ValueError:  # an unclosed IPv6 bracket: no host to allow
            return False
        if parts.scheme not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower()
        try:
            port = parts.port or _DEFAULT_PORTS[parts.scheme]
        except ValueError:
            return False
        if (host, port) in self.exact:
            return True
        if any(host == d or host.endswith("." + d) for d in self.domains):
            # a bare domain covers the default ports; explicit ports must be configured
            return parts.port is None or (host, port) in self.exact or not self.exact
        return False
