"""Plain-text and Markdown documents: the same cleaning as HTML pages, on lines and paragraphs.

Saved portal pages arrive as text with their banner, link-run menus, tickers, comment counters,
captions and source lines still in; this module removes them and keeps the article's paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from pipeline.document import Document, Media
from pipeline.extract import words
from pipeline.extract.content import collapse
from pipeline.extract.dates import DateSource, parse_local
from pipeline.extract.filters import filter_paragraphs
from pipeline.extract.meta import byline_name

if TYPE_CHECKING:
    from pipeline.extract.templates import TemplateMemory

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ANGLE_URL = re.compile(r"^<?(?:https?://|www\.)\S+>?$")
_TAG = re.compile(r"</?(?:p|br|div|span|b|i|strong|em|a)\b[^>]*>", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+•·▪]|\d{1,2}[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_EMPH = re.compile(r"(\*\*|__|`)")
_WIDGETS = frozenset(words.WIDGET_LINES)
_MAX_CHARS = 2_000_000


def _is_link_run(line: str) -> bool:
    """A menu or breadcrumb line: mostly link text, or several links with next to nothing else."""
    links = _MD_LINK.findall(line)
    if not links:
        return False
    rest = _MD_LINK.sub(" ", line)
    rest_words = re.findall(r"\w+", rest)
    link_words = sum(len(x.split()) for x in links)
    return len(rest_words) <= 2 or link_words >= 2 * len(rest_words)


def _is_widget(line: str) -> bool:
    text = collapse(_MD_LINK.sub(r"\1", line)).strip(" .:!|»›>").casefold()
    return not text or text.isdigit() or text in _WIDGETS


def _clean_line(line: str) -> str:
    line = _TAG.sub(" ", line)
    line = _HEADING.sub("", line)
    line = _BULLET.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    return collapse(_EMPH.sub("", line))


def _blocks(text: str) -> list[str]:
    """Paragraphs: blank-line separated; list items, table rows and headings stand alone."""
    out: list[str] = []
    counts = Counter(collapse(x) for x in text.split("\n") if len(x.strip()) > 20)
    for block in re.split(r"\n[ \t\xa0]*\n", text):
        pending: list[str] = []
        for raw in block.split("\n"):
            if (
                not raw.strip()
                or _is_link_run(raw)
                or _is_widget(raw)
                or _ANGLE_URL.match(raw.strip())
            ):
                continue
            if counts[collapse(raw)] >= 2:  # a ticker or a repeated widget line
                continue
            line = _clean_line(raw)
            if not line:
                continue
            if _BULLET.match(raw) or "\t" in raw or _HEADING.match(raw):
                out.extend([" ".join(pending)] if pending else [])
                out.append(line)
                pending = []
            else:
                pending.append(line)
        if pending:
            out.append(" ".join(pending))
    return [p for p in out if p]


def _title_of(doc: Document, lines: list[str]) -> list[str]:
    if doc.media == Media.MARKDOWN.value:
        for i, line in enumerate(lines):
            if line.startswith("# "):
                doc.title = collapse(line[2:])
                return lines[:i] + lines[i + 1 :]
        return lines
    if (
        len(lines) > 1
        and lines[0].strip()
        and not lines[1].strip()
        and not (_is_link_run(lines[0]) or _is_widget(lines[0]))
    ):
        doc.title = collapse(lines[0])
        return lines[2:]
    return lines


def _guess_title(paras: list[str]) -> str | None:
    """Without a declared title: a short first paragraph before a longer one is the headline."""
    if (
        len(paras) >= 2
        and len(paras[0].split()) <= 16
        and not paras[0].endswith((".", ":", ";"))
        and len(paras[1]) > len(paras[0])
    ):
        return paras[0]
    return None


def extract_text_document(doc: Document, memory: TemplateMemory | None = None) -> Document:
    """Title, paragraphs and metadata lines of a plain-text or Markdown document."""
    lines = doc.html[:_MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _title_of(doc, lines)
    paras = _blocks("\n".join(lines))
    boiler = memory.boilerplate(doc.source) if memory is not None else frozenset()
    result = filter_paragraphs(paras, doc.title, boiler)
    if memory is not None:
        memory.observe(doc.source, paras, doc.canonical_url or doc.url)
    kept = result.kept
    if doc.title is None and (guess := _guess_title(kept)):
        doc.title, kept = guess, kept[1:]
    doc.text = "\n\n".join(kept)
    doc.source_line, doc.captions = result.source_line, result.captions
    doc.lead = kept[0] if kept else None
    for line in result.bylines:
        if doc.author is None:
            doc.author = byline_name(line)
    for line in result.datelines:
        if doc.published is None and (iso := parse_local(line)):
            doc.published, doc.published_source = iso, DateSource.TEXT.value
    if not doc.text:
        doc.is_article, doc.skip_reason = False, "empty"
    return doc
