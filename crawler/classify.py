"""What a link of a source is: an article, a listing to follow, ignored, or off the source's hosts.

The one classification of URLs: the spider, ``sources check`` and ``sources discover`` all call
``UrlRules.classify``. Patterns are searched in the canonical URL (``crawler.urls.canonicalize``:
no fragment, no tracking or session parameters, query sorted). A pattern that ends with ``$``
also matches when a query string follows: it is tried on the URL without its query too, so
``/news/\\d+\\.html$`` matches ``/news/12.html?reduced=true``. Articles win over listings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit, urlunsplit

from crawler.urls import Origins, canonicalize
from pipeline.settings import SourceConfig


class UrlClass(str, Enum):
    ARTICLE = "article"
    LISTING = "listing"  # a page to follow for more links
    IGNORED = "ignored"  # on an allowed host, matches no pattern
    OFF_HOST = "off-host"  # never requested


def without_query(url: str) -> str:
    """The URL with its query string removed (scheme, host and path kept)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def matches(pattern: re.Pattern[str], canonical_url: str) -> bool:
    """``pattern`` found in the canonical URL, or in it without its query string."""
    if pattern.search(canonical_url):
        return True
    bare = without_query(canonical_url)
    return bare != canonical_url and pattern.search(bare) is not None


@dataclass(frozen=True)
class UrlRules:
    """A source's hosts and its ``articles``, ``documents`` and ``follow`` patterns, compiled
    once. A document file (PDF, DOCX, ODT) is fetched and stored like an article."""

    origins: Origins
    articles: tuple[re.Pattern[str], ...]
    follow: tuple[re.Pattern[str], ...]
    documents: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def of(cls, source: SourceConfig) -> UrlRules:
        origins = Origins.of([*source.start_urls, *source.sitemaps, *source.feeds],
                             source.allowed_domains)
        return cls(origins, tuple(re.compile(p) for p in source.articles),
                   tuple(re.compile(p) for p in source.follow),
                   tuple(re.compile(p) for p in source.documents))

    def is_article(self, url: str) -> bool:
        """An article page, or a document file (stored like an article)."""
        key = canonicalize(url)
        return any(matches(p, key) for p in (*self.articles, *self.documents))

    def is_document(self, url: str) -> bool:
        key = canonicalize(url)
        return any(matches(p, key) for p in self.documents)

    def is_listing(self, url: str) -> bool:
        key = canonicalize(url)
        return any(matches(p, key) for p in self.follow)

    def classify(self, url: str) -> UrlClass:
        key = canonicalize(url)
        if not self.origins.allows(key):
            return UrlClass.OFF_HOST
        if any(matches(p, key) for p in (*self.articles, *self.documents)):
            return UrlClass.ARTICLE
        if any(matches(p, key) for p in self.follow):
            return UrlClass.LISTING
        return UrlClass.IGNORED
