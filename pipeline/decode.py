"""Stage 1: bytes to text. HTTP header, BOM, meta declaration, then detection."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

from pipeline.document import Document, Media, RawPage

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# legacy labels that browsers map to a superset (WHATWG encoding standard)
_ALIASES = {"iso-8859-1": "windows-1252", "latin1": "windows-1252", "ascii": "windows-1252",
            "us-ascii": "windows-1252", "iso-8859-9": "windows-1254", "x-cp1250": "windows-1250"}


def _normalise(label: str) -> str | None:
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_encoding(body: bytes, content_type: str | None) -> str:
    """Choose the encoding of an HTML or text body."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and (enc := _normalise(m.group(1))):
            return enc
    m = _META_CHARSET.search(body[:4096])
    if m and (enc := _normalise(m.group(1).decode("ascii", "replace"))):
        return enc
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body, cp_isolation=["windows-1250", "iso8859_2", "windows-1252", "utf_8"]).best()
    return _normalise(best.encoding) if best and best.encoding else "windows-1250"  # type: ignore[return-value]


def media_of(page: RawPage) -> Media:
    name = PurePosixPath(page.path or urlsplit(page.url).path).suffix.lower()
    ctype = (page.content_type or "").lower()
    if name == ".md" or "markdown" in ctype:
        return Media.MARKDOWN
    if name == ".txt" or ctype.startswith("text/plain"):
        return Media.TEXT
    return Media.HTML


def decode(page: RawPage) -> Document:
    """Build a Document from a raw page: decoded body, media kind, encoding."""
    enc = sniff_encoding(page.body, page.content_type)
    body = page.body
    for bom, _ in _BOMS:
        if body.startswith(bom):
            body = body[len(bom):]
            break
    text = body.decode(enc, errors="replace")
    doc = Document(url=page.url, source=page.source, fetched_at=page.fetched_at, html=text,
                   media=media_of(page).value, encoding=enc, path=page.path)
    return doc
