"""URL canonical form, allowed origins and trap guards."""

from __future__ import annotations

import pytest

from crawler.urls import Origins, TrapReason, canonicalize, trap_reason


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://Example.COM:80/a/b.html#top", "http://example.com/a/b.html"),
    ("https://example.com:443/x?utm_source=fb&utm_medium=x&id=7", "https://example.com/x?id=7"),
    ("https://example.com/x?fbclid=abc&gclid=def", "https://example.com/x"),
    ("https://example.com/x?b=2&a=1&PHPSESSID=zz", "https://example.com/x?a=1&b=2"),
    ("https://example.com/x;jsessionid=ABC123?p=1", "https://example.com/x?p=1"),
    ("http://127.0.0.1:8701", "http://127.0.0.1:8701/"),
    ("https://example.com/Wielkie/Litery.html", "https://example.com/Wielkie/Litery.html"),
])
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


@pytest.mark.parametrize(("url", "reason"), [
    ("https://a.pl/kalendarz/2026/11/", TrapReason.CALENDAR),
    ("https://a.pl/events/?month=2027-01", TrapReason.CALENDAR),
    ("https://a.pl/kalender/2026-12-01", TrapReason.CALENDAR),
    ("https://a.pl/a/b/a/b/a/b/", TrapReason.REPEATING),
    ("https://a.pl/lista/next/next/", TrapReason.REPEATING),
    ("https://a.pl/lista?page=5000", TrapReason.DEEP_PAGINATION),
    ("https://a.pl/strona/999/", TrapReason.DEEP_PAGINATION),
    ("https://a.pl/" + "x" * 600, TrapReason.TOO_LONG),
])
def test_traps(url: str, reason: TrapReason) -> None:
    assert trap_reason(url) is reason


@pytest.mark.parametrize("url", [
    "https://a.pl/kalendarz/", "https://a.pl/lista?page=3", "https://a.pl/2026/11/azoty.html",
    "https://a.pl/wiadomosci/region/opole/artykul-1.html",
    "https://a.pl/wiadomosci/2016/05/05/tekst.html", "https://a.pl/2011/11/11/11.html",
])
def test_not_traps(url: str) -> None:
    assert trap_reason(url) is None


def test_origins_with_ports_are_exact() -> None:
    origins = Origins.of(["http://127.0.0.1:8701/", "http://127.0.0.1:8701/feed.rss"], [])
    assert origins.allows("http://127.0.0.1:8701/a.html")
    assert not origins.allows("http://127.0.0.1:8702/a.html")
    assert not origins.allows("ftp://127.0.0.1:8701/a.html")


def test_origins_by_domain() -> None:
    origins = Origins.of(["https://www.nto.pl/opole/"], [])
    assert origins.allows("https://www.nto.pl/x.html")
    assert origins.allows("http://www.nto.pl/x.html")
    assert not origins.allows("https://nto.pl.evil.example/x.html")
    assert not origins.allows("https://example.com/")
    wide = Origins.of(["https://www.nto.pl/"], ["nto.pl"])
    assert wide.allows("https://opole.nto.pl/a") and not wide.allows("https://xnto.pl/a")
