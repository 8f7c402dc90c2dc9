"""Article URLs from sitemaps (index files, gzip, lastmod) and RSS/Atom feeds."""

from __future__ import annotations

import gzip
import logging
import zlib
from dataclasses import dataclass
from enum import Enum

from lxml import etree

log = logging.getLogger(__name__)

MAX_XML_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


class LinkKind(str, Enum):
    PAGE = "page"  # a page: an article or a listing, decided by the source's patterns
    SITEMAP = "sitemap"  # a child sitemap of a sitemap index


@dataclass(frozen=True)
class FoundLink:
    url: str
    kind: LinkKind = LinkKind.PAGE
    lastmod: str | None = None  # as written (ISO 8601 date or date-time)


def maybe_gunzip(body: bytes) -> bytes:
    """The body, decompressed when it is gzip (bounded: a gzip bomb is cut at the limit)."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_XML_BYTES)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise ValueError(f"bad gzip: {exc}") from None
    return out


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _root(body: bytes) -> etree._Element | None:
    data = maybe_gunzip(body).strip()
    if not data:
        return None
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError:
        return None


def parse_sitemap(body: bytes) -> list[FoundLink]:
    """Links of a ``urlset`` or a ``sitemapindex``; empty when the body is not a sitemap."""
    root = _root(body)
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        return []
    kind = LinkKind.SITEMAP if _local(root.tag) == "sitemapindex" else LinkKind.PAGE
    out: list[FoundLink] = []
    for entry in root:
        fields = {_local(child.tag): (child.text or "").strip() for child in entry}
        if fields.get("loc"):
            out.append(FoundLink(fields["loc"], kind, fields.get("lastmod") or None))
    return out


def parse_feed(body: bytes) -> list[FoundLink]:
    """Item links of an RSS 2.0/1.0 or Atom feed; empty when the body is not a feed."""
    root = _root(body)
    if root is None:
        return []
    out: list[FoundLink] = []
    for el in root.iter():
        name = _local(el.tag)
        if name == "item":
            fields = {_local(c.tag): (c.text or "").strip() for c in el}
            link = fields.get("link") or fields.get("guid", "")
            if link and not link.startswith("urn:"):
                out.append(FoundLink(link, LinkKind.PAGE, fields.get("pubdate")
                                     or fields.get("date")))
        elif name == "entry":
            out.extend(_atom_entry(el))
    return out


def _atom_entry(entry: etree._Element) -> list[FoundLink]:
    updated = None
    href = None
    for child in entry:
        name = _local(child.tag)
        if name in ("updated", "published") and updated is None:
            updated = (child.text or "").strip() or None
        elif name == "link" and child.get("rel", "alternate") == "alternate" and href is None:
            href = child.get("href")
    return [FoundLink(href, LinkKind.PAGE, updated)] if href else []
