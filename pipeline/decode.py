"""Stage 1: bytes to text. Binary sniffing, BOM, UTF-8 check, declarations, then detection.

Bytes that are not text at all (a PDF, an image, an archive, random bytes) are recognised by
their signature or their control bytes whatever the Content-Type says (``sniff_binary``), and
the document comes back rejected with ``skip_reason`` "binary content (pdf)".

Order of trust for text: a byte-order mark; then UTF-8 when the body is UTF-8 (valid, or valid
but for a few stray bytes, which become U+FFFD), since a legacy page is practically never valid
UTF-8 while UTF-8 pages often carry a wrong ISO-8859-1 declaration; then the HTTP
``Content-Type`` charset; the page's ``<meta charset>`` / ``http-equiv`` declaration (first 4 KiB);
then detection. A declaration is used only when the body decodes with it. Detection scores the
Central European legacy code pages (windows-1250, ISO-8859-2) and windows-1252 by the letters
they produce, so Polish, Czech and German text comes out without mojibake.
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
# one well-formed multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates)
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = re.compile(rb"[\x80-\xff]")
_STRAY_SHARE = 10  # UTF-8 despite stray bytes: at least this many good sequences per stray byte

# --- binary content -------------------------------------------------------------------------
# leading signatures of formats that are never a page's text: (offset, bytes, kind)
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "png"),
    (0, b"GIF87a", "gif"),
    (0, b"GIF89a", "gif"),
    (0, b"\xff\xd8\xff", "jpeg"),
    (0, b"II*\x00", "tiff"),
    (0, b"MM\x00*", "tiff"),
    (8, b"WEBP", "webp"),
    (0, b"PK\x03\x04", "zip"),
    (0, b"\x1f\x8b", "gzip"),
    (0, b"\xfd7zXZ\x00", "xz"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (0, b"Rar!\x1a\x07", "rar"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # .doc, .xls, .ppt
    (0, b"{\\rtf", "rtf"),
    (0, b"ID3", "mp3"),
    (4, b"ftyp", "mp4"),
    (0, b"OggS", "ogg"),
    (0, b"\x00asm", "wasm"),
    (0, b"\x7fELF", "elf"),
    (0, b"wOFF", "woff"),
    (0, b"wOF2", "woff2"),
)
# what a zip archive holds, read from its first entries: office documents are zip files
_ZIP_KINDS = (
    (b"application/vnd.oasis.opendocument.text", "odt"),
    (b"application/vnd.oasis.opendocument.spreadsheet", "ods"),
    (b"application/vnd.oasis.opendocument.presentation", "odp"),
    (b"word/", "docx"),
    (b"xl/", "xlsx"),
    (b"ppt/", "pptx"),
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # never in text (tab, CR, LF, FF, ESC are)
_BINARY_HEAD = 8192  # bytes looked at for control bytes
_BINARY_SHARE = 0.02  # control bytes above this share of the head: not text


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


def sniff_binary(body: bytes) -> str | None:
    """The kind of a body that is not text ("pdf", "png", "zip", "docx", "odt", "binary", ...),
    or None for text. Leading whitespace is skipped (a PDF after a blank line is still a PDF);
    a body with a byte-order mark is text."""
    if any(body.startswith(bom) for bom, _ in _BOMS):
        return None
    head = body[:_BINARY_HEAD]
    stripped = head.lstrip(b" \t\r\n")
    for offset, magic, kind in _SIGNATURES:
        if stripped[offset : offset + len(magic)] == magic:
            return _zip_kind(head) if kind == "zip" else kind
    if not head:
        return None
    if head.count(b"\x00") * 4 >= len(head) and _utf16_like(head):
        return None  # UTF-16 text without a byte-order mark
    controls = len(_CONTROL.findall(head))
    return "binary" if controls > 4 and controls / len(head) > _BINARY_SHARE else None


def _zip_kind(head: bytes) -> str:
    for marker, kind in _ZIP_KINDS:
        if marker in head:
            return kind
    return "zip"


def _utf16_like(head: bytes) -> bool:
    """NUL bytes on one parity only, as ASCII text in UTF-16 has them."""
    even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
    return min(even, odd) * 10 <= max(even, odd)


def _mostly_utf8(body: bytes) -> bool:
    """Non-ASCII bytes that form UTF-8 sequences, with at most a few stray bytes among them."""
    sample = body[:_SAMPLE]
    high = len(_HIGH.findall(sample))
    if not high:
        return False
    seqs = _UTF8_SEQ.findall(sample)
    stray = high - sum(len(x) for x in seqs)
    return bool(seqs) and stray * _STRAY_SHARE <= len(seqs)


def sniff_encoding(body: bytes, content_type: str | None) -> str:
    """Choose the encoding of an HTML or text body."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    if _mostly_utf8(body):  # valid UTF-8 wins over any declaration; stray bytes become U+FFFD
        return "utf-8"
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


BINARY = "binary content"


def binary_reason(kind: str) -> str:
    """The ``skip_reason`` of a body that is not text: 'binary content (pdf)'."""
    return f"{BINARY} ({kind})"


def media_of(page: RawPage) -> Media:
    name = PurePosixPath(page.path or urlsplit(page.url).path).suffix.lower()
    ctype = (page.content_type or "").lower()
    if name == ".md" or "markdown" in ctype:
        return Media.MARKDOWN
    if name == ".txt" or ctype.startswith("text/plain"):
        return Media.TEXT
    return Media.HTML


def decode(page: RawPage) -> Document:
    """Build a Document from a raw page: decoded body, media kind, encoding.

    A body that is not text comes back empty, rejected with ``skip_reason`` naming its kind.
    """
    if kind := sniff_binary(page.body):
        log.info("binary content (%s) skipped: %s", kind, page.url)
        return Document(
            url=page.url,
            source=page.source,
            fetched_at=page.fetched_at,
            media=media_of(page).value,
            path=page.path,
            is_article=False,
            skip_reason=binary_reason(kind),
        )
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
