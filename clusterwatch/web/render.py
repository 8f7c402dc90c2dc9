"""Turning crawled strings into safe page parts: entity spans, snippets, outbound links.

Nothing here builds HTML from crawled text except ``safe_snippet``, which re-checks the store's
snippet (escaped text with only ``<mark>`` added) and escapes anything else it finds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from pipeline.document import Entity, PageSpan

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_MARK = re.compile(r"(</?mark>)")
# an entity reference the store's escaping may have produced; any other "&" is escaped again
_ENTITY_REF = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
MAX_SNIPPET_CHARS = 2000


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``label`` is set when it is an entity mention."""

    text: str
    label: str | None = None
    member: str | None = None
    canonical: str | None = None


def _valid_spans(text: str, entities: Iterable[Entity], field: str) -> list[Entity]:
    """Entities of ``field`` whose offsets are in range and match the text, without overlaps."""
    spans = sorted((e for e in entities if e.field == field), key=lambda e: (e.start, -e.end))
    out: list[Entity] = []
    pos = 0
    for e in spans:
        if e.start < pos or not 0 <= e.start < e.end <= len(text):
            continue
        out.append(e)
        pos = e.end
    return out


def segments(text: str, entities: Iterable[Entity], field: str = "text") -> list[Segment]:
    """``text`` cut into plain and entity segments (one line, for titles)."""
    out: list[Segment] = []
    pos = 0
    for e in _valid_spans(text, entities, field):
        if e.start > pos:
            out.append(Segment(text[pos:e.start]))
        out.append(Segment(text[e.start:e.end], e.label, e.member, e.canonical))
        pos = e.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def paragraphs(text: str, entities: Iterable[Entity], field: str = "text"
               ) -> list[list[Segment]]:
    """``text`` cut into paragraphs (at blank lines), each a list of segments."""
    paras: list[list[Segment]] = [[]]
    for seg in segments(text, entities, field):
        if seg.label is not None:
            paras[-1].append(seg)
            continue
        for i, part in enumerate(_PARAGRAPH_BREAK.split(seg.text)):
            if i:
                paras.append([])
            if part:
                paras[-1].append(Segment(part))
    return [p for p in paras if any(s.text.strip() for s in p)]


@dataclass(frozen=True)
class PageBlock:
    """The paragraphs of one page of a paginated document, and where its text came from."""

    page: int
    origin: str  # a TextOrigin value: text, ocr, none
    paragraphs: list[list[Segment]]


def page_blocks(text: str, entities: Iterable[Entity], pages: Iterable[PageSpan]
                ) -> list[PageBlock]:
    """``text`` cut at its page spans, each cut into paragraphs with its entities."""
    ents = [e for e in entities if e.field == "text"]
    out: list[PageBlock] = []
    for span in pages:
        start, end = max(span.start, 0), min(span.end, len(text))
        inside = [replace(e, start=e.start - start, end=e.end - start) for e in ents
                  if start <= e.start and e.end <= end]
        out.append(PageBlock(span.page, span.origin, paragraphs(text[start:end], inside)))
    return out


_TAG = re.compile(r"</?mark>")
_SPACE = re.compile(r"\s+")


def snippet_page(snippet: str, text: str, pages: list[PageSpan]) -> int | None:
    """The page of ``text`` a search snippet comes from: where its first marked fragment (or,
    failing that, its first marked word) occurs; None when it cannot be placed."""
    if not pages:
        return None
    flat = _SPACE.sub(" ", text)
    starts = [(p.page, len(_SPACE.sub(" ", text[:p.start]))) for p in pages]
    for fragment in snippet.split("…"):
        words = re.findall(r"<mark>(.*?)</mark>", fragment)
        if not words:
            continue
        plain = _SPACE.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()
        at = flat.find(plain)
        at = at if at >= 0 else flat.find(html.unescape(words[0]))
        if at < 0:
            continue
        found = pages[0].page
        for number, start in starts:
            if start <= at:
                found = number
        return found
    return None


def _escape_loose(piece: str) -> str:
    """Escape markup characters in an (already mostly escaped) piece of a snippet."""
    out: list[str] = []
    pos = 0
    for m in _ENTITY_REF.finditer(piece):
        out.append(str(escape(piece[pos:m.start()])))
        out.append(m[0])
        pos = m.end()
    out.append(str(escape(piece[pos:])))
    return "".join(out)


def safe_snippet(snippet: str) -> Markup:
    """The store's snippet as markup: ``<mark>`` kept (balanced), everything else escaped."""
    out: list[str] = []
    open_mark = False
    for piece in _MARK.split(snippet[:MAX_SNIPPET_CHARS]):
        if piece == "<mark>" and not open_mark:
            out.append(piece)
            open_mark = True
        elif piece == "</mark>" and open_mark:
            out.append(piece)
            open_mark = False
        elif piece not in ("<mark>", "</mark>"):
            out.append(_escape_loose(piece))
    if open_mark:
        out.append("</mark>")
    return Markup("".join(out))


def safe_url(url: str | None) -> str | None:
    """An outbound link only for http(s) URLs (never ``javascript:`` or ``data:``)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()
