"""Sitemaps (index, gzip, lastmod) and feeds (RSS, Atom) read into links."""

from __future__ import annotations

import gzip

import pytest

from crawler.discovery import LinkKind, maybe_gunzip, parse_feed, parse_sitemap

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc> https://a.pl/1.html </loc><lastmod>2026-11-01</lastmod></url>
 <url><loc>https://a.pl/2.html</loc></url>
 <url><lastmod>2026-11-01</lastmod></url>
</urlset>"""


def test_urlset_plain_and_gzip() -> None:
    for body in (URLSET, gzip.compress(URLSET)):
        links = parse_sitemap(body)
        assert [(x.url, x.kind, x.lastmod) for x in links] == [
            ("https://a.pl/1.html", LinkKind.PAGE, "2026-11-01"),
            ("https://a.pl/2.html", LinkKind.PAGE, None)]


def test_sitemap_index() -> None:
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://a.pl/s1.xml.gz</loc></sitemap></sitemapindex>"""
    assert [(x.url, x.kind) for x in parse_sitemap(body)] == [
        ("https://a.pl/s1.xml.gz", LinkKind.SITEMAP)]


@pytest.mark.parametrize("body", [b"<html><body>404</body></html>", b"", b"\x00\x01\x02",
                                  b"<!doctype html><p>moved"])
def test_not_a_sitemap_or_feed_is_an_error(body: bytes) -> None:
    """An HTML or binary answer is an error the crawl counts, never an empty link list."""
    with pytest.raises(ValueError, match="not a sitemap"):
        parse_sitemap(body)
    with pytest.raises(ValueError, match="not an RSS or Atom feed"):
        parse_feed(body)


def test_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
    <urlset><url><loc>https://a.pl/&b;</loc></url></urlset>"""
    links = parse_sitemap(bomb)
    assert all(len(x.url) < 50 for x in links)


def test_bad_gzip() -> None:
    with pytest.raises(ValueError, match="bad gzip"):
        maybe_gunzip(b"\x1f\x8bnot really gzip")


def test_rss_and_atom() -> None:
    rss = b"""<rss version="2.0"><channel><title>T</title>
    <item><title>A</title><link>https://a.pl/a.html</link><pubDate>Tue, 03 Nov 2026</pubDate></item>
    <item><title>B</title><guid>/b.html</guid></item>
    <item><title>no link</title></item></channel></rss>"""
    assert [(x.url, x.lastmod) for x in parse_feed(rss)] == [
        ("https://a.pl/a.html", "Tue, 03 Nov 2026"), ("/b.html", None)]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>2026-11-07T08:00:00Z</updated>
    <link rel="self" href="https://a.pl/self"/><link href="https://a.pl/c.html"/></entry></feed>"""
    assert [(x.url, x.lastmod) for x in parse_feed(atom)] == [
        ("https://a.pl/c.html", "2026-11-07T08:00:00Z")]
