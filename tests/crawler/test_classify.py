"""URL classification (crawler.classify): on the canonical URL, `$` tolerant of a query string,
articles before listings, hosts first; the spider asks the very same rules."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.classify import UrlClass, UrlRules, without_query
from crawler.spider import SourceSpider
from pipeline.settings import SourceConfig


def _source(**kw: Any) -> SourceConfig:
    base: dict[str, Any] = {"id": "s", "start_urls": ["https://www.portal.example/"],
                            "articles": [r"/news/[a-z-]+-\d+$"], "follow": [r"/news/?$"]}
    return SourceConfig.model_validate({**base, **kw})


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.portal.example/news/azoty-123", UrlClass.ARTICLE),
    ("https://www.portal.example/news/azoty-123#s=BoxOpImg1", UrlClass.ARTICLE),
    ("https://www.portal.example/news/azoty-123?utm_source=x&fbclid=y", UrlClass.ARTICLE),
    ("https://www.portal.example/news/azoty-123?reduced=true", UrlClass.ARTICLE),
    ("HTTPS://WWW.PORTAL.EXAMPLE:443/news/azoty-123", UrlClass.ARTICLE),
    ("https://www.portal.example/news/azoty-123/comments", UrlClass.IGNORED),
    ("https://www.portal.example/news/", UrlClass.LISTING),
    ("https://www.portal.example/news?page=2", UrlClass.LISTING),
    ("https://www.portal.example/kontakt", UrlClass.IGNORED),
    ("https://portal.example/news/azoty-123", UrlClass.OFF_HOST),
    ("https://evil.example/news/azoty-123", UrlClass.OFF_HOST),
    ("ftp://www.portal.example/news/azoty-123", UrlClass.OFF_HOST),
])
def test_classify(url: str, expected: UrlClass) -> None:
    assert UrlRules.of(_source()).classify(url) is expected


def test_articles_win_over_follow() -> None:
    rules = UrlRules.of(_source(follow=[r"/news/"]))
    assert rules.classify("https://www.portal.example/news/azoty-123") is UrlClass.ARTICLE
    assert rules.classify("https://www.portal.example/news/strona-2/") is UrlClass.LISTING


def test_query_tolerance_only_drops_the_query() -> None:
    rules = UrlRules.of(_source(articles=[r"/news/\d+\.html$"]))
    assert rules.is_article("https://www.portal.example/news/12.html?print=1")
    assert not rules.is_article("https://www.portal.example/news/12.html.bak?x=1")
    assert without_query("https://a.example/x/y?z=1") == "https://a.example/x/y"


def test_pattern_may_require_a_query() -> None:
    rules = UrlRules.of(_source(articles=[r"/index\.php\?id=\d+$"]))
    assert rules.is_article("https://www.portal.example/index.php?id=7")
    assert not rules.is_article("https://www.portal.example/index.php")


def test_allowed_domains_cover_hosts_with_and_without_www() -> None:
    rules = UrlRules.of(_source(allowed_domains=["portal.example"]))
    assert rules.classify("https://portal.example/news/azoty-123") is UrlClass.ARTICLE
    assert rules.classify("https://www.portal.example/news/azoty-123") is UrlClass.ARTICLE
    assert rules.classify("https://notportal.example/news/azoty-123") is UrlClass.OFF_HOST


def test_spider_uses_the_same_rules() -> None:
    source = _source()
    spider = SourceSpider(source, context=None)  # type: ignore[arg-type]
    assert spider.origins is spider.rules.origins
    for url in ("https://www.portal.example/news/azoty-123#x",
                "https://www.portal.example/news/azoty-123?reduced=true",
                "https://www.portal.example/news/", "https://www.portal.example/kontakt"):
        assert spider.is_article(url) == spider.rules.is_article(url)
        assert spider.is_listing(url) == (spider.rules.classify(url) is not UrlClass.IGNORED
                                          and not spider.rules.is_article(url))
