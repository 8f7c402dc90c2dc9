"""Article URLs from sitemaps (index files, gzip, lastmod) and RSS/Atom feeds."""

from __future__ import annotations

import gzip
import logging
import zlib
from dataclasses import dataclass
from enum import Enum
from io import BytesIO

from lxml import etree

log = logging.getLogger(__name__)

MAX_XML_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed
MAX_SITEMAP_LINKS = 50_000  # the sitemap protocol's own limit of entries in one file
_SAFE = {"resolve_entities": False, "no_network": True, "huge_tree": False, "recover": True}
_PARSER = etree.XMLParser(**_SAFE)


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


def _root_name(data: bytes) -> str | None:
    """The local name of the document element, or None when the body is not XML."""
    try:
        for _, el in etree.iterparse(BytesIO(data), events=("start",), **_SAFE):
            return _local(el.tag)
    except etree.XMLSyntaxError:
        return None
    return None


def _not_a(expected: str, root: str | None, data: bytes) -> ValueError:
    """The error for a body that is not the expected kind of XML (HTML, binary, other XML)."""
    head = data[:200].lstrip().lower()
    if root == "html" or head.startswith((b"<!doctype html", b"<html")):
        what = "HTML"
    else:
        what = "not XML" if root is None else f"root element <{root[:40]}>"
    return ValueError(f"not {expected} ({what})")


@dataclass
class SitemapLinks:
    links: list[FoundLink]
    over_cap: int = 0  # entries past MAX_SITEMAP_LINKS, not read


def read_sitemap(body: bytes, limit: int = MAX_SITEMAP_LINKS) -> SitemapLinks:
    """Links of a ``urlset`` or a ``sitemapindex``, at most ``limit`` (streamed: a huge file
    is never held as a tree). Raises ValueError when the body is not a sitemap."""
    data = maybe_gunzip(body).strip()
    root = _root_name(data)
    if root not in ("urlset", "sitemapindex"):
        raise _not_a("a sitemap", root, data)
    kind = LinkKind.SITEMAP if root == "sitemapindex" else LinkKind.PAGE
    out = SitemapLinks([])
    try:
        for _, entry in etree.iterparse(BytesIO(data), events=("end",),
                                        tag=("{*}url", "{*}sitemap"), **_SAFE):
            if len(out.links) < limit:
                fields = {_local(child.tag): (child.text or "").strip() for child in entry}
                if fields.get("loc"):
                    out.links.append(FoundLink(fields["loc"], kind, fields.get("lastmod") or None))
            else:
                out.over_cap += 1
            entry.clear(keep_tail=False)
            while entry.getprevious() is not None:
                del entry.getparent()[0]
    except etree.XMLSyntaxError as exc:  # cut short: keep what was read before the damage
        log.warning("sitemap damaged after %d entries: %s", len(out.links), exc)
    return out


def parse_sitemap(body: bytes) -> list[FoundLink]:
    """Links of a ``urlset`` or a ``sitemapindex`` (at most MAX_SITEMAP_LINKS)."""
    return read_sitemap(body).links


def parse_feed(body: bytes) -> list[FoundLink]:
    """Item links of an RSS 2.0/1.0 or Atom feed (at most MAX_SITEMAP_LINKS). Raises
    ValueError when the body is not a feed."""
    data = maybe_gunzip(body).strip()
    root_name = _root_name(data)
    if root_name not in ("rss", "rdf", "feed"):
        raise _not_a("an RSS or Atom feed", root_name, data)
    root = etree.fromstring(data, parser=_PARSER)
    out: list[FoundLink] = []
    for el in root.iter():
        if len(out) >= MAX_SITEMAP_LINKS:
            break
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
