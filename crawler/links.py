"""Links of an HTML page: anchors, and the feeds it announces with ``<link rel="alternate">``."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

MAX_LINKS = 5000  # per page (hostile pages can carry millions)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def _tree(body: bytes) -> lxml.html.HtmlElement | None:
    if not body.strip():
        return None
    try:
        return lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return None


def _http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def html_links(body: bytes, base: str, content_type: str = "") -> list[str]:
    """Absolute http(s) URLs of the page's ``<a href>``, in order, without repeats."""
    if content_type and "html" not in content_type.lower():
        return []
    tree = _tree(body)
    if tree is None:
        return []
    out: dict[str, None] = {}
    for href in tree.xpath("//a/@href"):
        url = urljoin(base, str(href).strip())
        if _http(url):
            out.setdefault(url)
        if len(out) >= MAX_LINKS:
            break
    return list(out)


def feed_links(body: bytes, base: str) -> list[str]:
    """Feeds announced by ``<link rel="alternate" type="application/rss+xml" href=…>``."""
    tree = _tree(body)
    if tree is None:
        return []
    out: dict[str, None] = {}
    for el in tree.xpath("//link[@href]"):
        rel = (el.get("rel") or "").lower().split()
        if "alternate" in rel and (el.get("type") or "").lower().strip() in FEED_TYPES:
            url = urljoin(base, el.get("href").strip())
            if _http(url):
                out.setdefault(url)
    return list(out)
