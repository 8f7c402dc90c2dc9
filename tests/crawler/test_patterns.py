"""Learning `articles`/`follow` regexes from URL shapes (crawler.patterns), the links and feeds
read from a page (crawler.links), and the hosts discovery may fetch from."""

from __future__ import annotations

import re

from crawler.classify import matches
from crawler.discover import Discoverer
from crawler.fetch import PoliteFetcher
from crawler.links import MAX_LINKS, feed_links, html_links
from crawler.patterns import learn_patterns
from crawler.urls import canonicalize

DATED = ["https://k.example/wiadomosci/2016/01/14/grupa-azoty-zak-buduje.html",
         "https://k.example/wiadomosci/2016/11/24/metalchem-podpisal.html"]
IDS = ["https://z.example/ekonomika/lovochemie-investuje-1021.html",
       "https://z.example/region/kraj-podpori-klastr-1059.html",
       "https://z.example/vzdelavani/ujep-otevira-obor-1047.html"]


def _ok(pattern: str, url: str) -> bool:
    return matches(re.compile(pattern), canonicalize(url))


def test_dated_articles_generalise_numbers_and_slugs() -> None:
    [pattern] = learn_patterns(DATED)
    assert pattern == r"^https?://[^/]+/wiadomosci/\d{4}/\d{2}/\d{2}/[a-z0-9_-]+\.html$"
    assert _ok(pattern, "https://k.example/wiadomosci/2017/02/03/nowy-tekst.html?utm_source=x")
    assert not _ok(pattern, "https://k.example/wiadomosci/strona/2/")
    assert not _ok(pattern, "https://k.example/tag/grupa-azoty-zak/")


def test_a_few_sections_become_an_alternation() -> None:
    [pattern] = learn_patterns(IDS)
    assert pattern == (r"^https?://[^/]+/(?:ekonomika|region|vzdelavani)/[a-z0-9_-]+-\d+"
                       r"\.html$")
    assert not _ok(pattern, "https://z.example/kontakt/index.html")


def test_one_url_still_generalises_its_slug_and_numbers() -> None:
    [pattern] = learn_patterns(["https://z.example/de/nachrichten/2016/05/19/chemie.html"])
    assert _ok(pattern, "https://z.example/de/nachrichten/2017/12/01/anderes-thema.html")


def test_shapes_kept_apart_most_frequent_first() -> None:
    patterns = learn_patterns([*IDS, DATED[0]])
    assert len(patterns) == 2 and "ekonomika" in patterns[0]


def test_query_shapes() -> None:
    [pattern] = learn_patterns(["https://r.example/index.php?idp=100&idx=741917&s=108",
                                "https://r.example/index.php?s=106&idx=741920&idp=100"])
    assert pattern == r"^https?://[^/]+/index\.php\?idp=100&idx=\d+&s=\d+$"
    assert _ok(pattern, "https://r.example/index.php?idx=5&idp=100&s=1&utm_medium=x")


def test_listing_patterns_keep_words_and_loosen_page_numbers() -> None:
    patterns = learn_patterns(["https://k.example/wiadomosci/strona/2/",
                               "https://k.example/wiadomosci/strona/3/",
                               "https://k.example/wiadomosci/"], listing=True)
    assert patterns == [r"^https?://[^/]+/wiadomosci/strona/\d+/$",
                        r"^https?://[^/]+/wiadomosci/$"]
    assert _ok(patterns[0], "https://k.example/wiadomosci/strona/12/")


def test_odd_segments_fall_back_to_any_segment() -> None:
    [pattern] = learn_patterns(["https://o.example/a/Ü ber.html", "https://o.example/a/X~y.html"])
    assert pattern == r"^https?://[^/]+/a/[^/]+\.html$"


def test_html_links_are_absolute_http_and_unique() -> None:
    body = (b'<html><body><a href="/a/1.html#x">1</a><a href="/a/1.html#x">again</a>'
            b'<a href="mailto:x@y.pl">m</a><a href="javascript:void(0)">j</a>'
            b'<a href=" https://other.example/b ">b</a></body></html>')
    assert html_links(body, "https://k.example/list/") == [
        "https://k.example/a/1.html#x", "https://other.example/b"]
    assert html_links(body, "https://k.example/", "application/pdf") == []
    assert html_links(b"", "https://k.example/") == []


def test_html_links_bounded() -> None:
    body = b"<html><body>" + b"".join(b'<a href="/p/%d">x</a>' % i
                                      for i in range(MAX_LINKS + 50)) + b"</body></html>"
    assert len(html_links(body, "https://k.example/")) == MAX_LINKS


def test_feed_links_announced_in_the_head() -> None:
    body = (b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            b'<link rel="alternate" type="text/html" hreflang="de" href="/de/">'
            b'<link rel="Alternate" type="application/atom+xml" href="https://k.example/atom">'
            b'<link rel="stylesheet" href="/s.css"></head><body></body></html>')
    assert feed_links(body, "https://k.example/") == ["https://k.example/rss.xml",
                                                      "https://k.example/atom"]


def test_discovery_stays_on_the_site() -> None:
    d = Discoverer("https://www.portal.example/news/", PoliteFetcher("t", 0), "t")
    assert d._same_site("https://portal.example/sitemap.xml")
    assert d._same_site("http://static.portal.example/sitemap.xml")
    assert not d._same_site("https://portal.example.evil.example/sitemap.xml")
    assert not d._same_site("ftp://portal.example/x")
    local = Discoverer("http://127.0.0.1:8701/", PoliteFetcher("t", 0), "t")
    assert local._same_site("http://127.0.0.1:8701/x")
    assert not local._same_site("http://127.0.0.1:8702/x")
    assert not local._same_site("http://127.0.0.1:99999/x")
