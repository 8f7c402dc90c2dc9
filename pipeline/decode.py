"""Stage 1: bytes to text. BOM, HTTP header, meta declaration, then detection.

Order of trust: a byte-order mark; the HTTP ``Content-Type`` charset; the page's
``<meta charset>`` / ``http-equiv`` declaration (first 4 KiB); then detection. A declaration is
used only when the body decodes with it: a page that says UTF-8 but is not goes to detection.
Detection tries UTF-8 strictly, then scores the Central European legacy code pages (windows-1250,
ISO-8859-2) and windows-1252 by the letters they produce, so Polish, Czech and German text comes
out without mojibake.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from pipeline.document import Document, Media, RawPage

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# legacy labels that browsers map to a superset (WHATWG encoding standard)
_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
    "iso-8859-9": "windows-1254",
    "x-cp1250": "windows-1250",
    "cp1250": "windows-1250",
    "win-1250": "windows-1250",
    "latin2": "iso-8859-2",
    "l2": "iso-8859-2",
    "utf8": "utf-8",
}
_LEGACY = ("cp1250", "iso8859-2", "cp1252")
# letters of pl, cs, sk, de, hu text; a wrong code page turns them into other symbols
_GOOD = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻčďěňřšťůžýáíéúČĎĚŇŘŠŤŮŽÝÁÍÉÚäöüßÄÖÜőűŐŰ„”–")
_BAD = frozenset("¹¿¶¼±¦¬¥ˇ˘˝¤¨°´¸ŕđ˙")
_C1 = re.compile("[\x80-\x9f]")
_SAMPLE = 200_000  # bytes scored by the detector


def _normalise(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.debug("unknown charset label %r ignored", label)
        return None


def _decodes(body: bytes, enc: str) -> bool:
    try:
        body[:_SAMPLE].decode(enc)
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the sample's end is not an error
        return (
            enc.replace("_", "-") in ("utf-8", "utf-16-le", "utf-16-be")
            and exc.start >= _SAMPLE - 4
        )
    return True


def _score(text: str) -> int:
    return (
        sum(ch in _GOOD for ch in text)
        - 3 * sum(ch in _BAD for ch in text)
        - 5 * len(_C1.findall(text))
    )


def detect_legacy(body: bytes) -> str:
    """The legacy single-byte code page that yields the most plausible letters."""
    sample = body[:_SAMPLE]
    best, best_score = "cp1250", None
    for enc in _LEGACY:
        score = _score(sample.decode(enc, errors="replace"))
        if best_score is None or score > best_score:
            best, best_score = enc, score
    return codecs.lookup(best).name


def _refine(enc: str, body: bytes) -> str:
    """ISO-8859-2 declared, windows-1250 bytes used (old Polish CMSs): take the superset."""
    sample = body[:_SAMPLE]
    if enc != "iso8859-2" or not re.search(rb"[\x8a\x8c\x8d\x8e\x8f\x9a\x9c\x9d\x9e\x9f]", sample):
        return enc
    if _score(sample.decode("cp1250", "replace")) > _score(sample.decode(enc, "replace")):
        return "cp1250"
    return enc


def sniff_encoding(body: bytes, content_type: str | None) -> str:
    """Choose the encoding of an HTML or text body."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    declared: list[str] = []
    if (
        content_type
        and (m := _HEADER_CHARSET.search(content_type))
        and (enc := _normalise(m.group(1)))
    ):
        declared.append(enc)
    meta = _META_CHARSET.search(body[:4096])
    if meta and (enc := _normalise(meta.group(1).decode("ascii", "replace"))):
        declared.append(enc)
    for enc in declared:
        if _decodes(body, enc):
            return _refine(enc, body)
        log.info("declared charset %s does not fit the body; detecting", enc)
    if _decodes(body, "utf-8"):
        return "utf-8"
    return detect_legacy(body)


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
            body = body[len(bom) :]
            break
    text = body.decode(enc, errors="replace")
    return Document(
        url=page.url,
        source=page.source,
        fetched_at=page.fetched_at,
        html=text,
        media=media_of(page).value,
        encoding=enc,
        path=page.path,
    )
