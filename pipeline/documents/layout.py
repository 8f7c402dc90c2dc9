"""A document file's raw page text as a reader sees it: running headers and footers repeated on
every page removed, page numbers removed, footnote markers dropped, words hyphenated across line
breaks joined, lines joined into paragraphs; title, date and author from the metadata or the
text; page spans so a snippet can name its page."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.document import Document, PageSpan
from pipeline.documents.model import FileMeta, FileText
from pipeline.extract.dates import parse_local

EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be running heads
REPEAT_SHARE = 0.5  # a head or foot line repeated on at least this share of the pages goes
MAX_TITLE = 250
_SUPERSCRIPT = re.compile(r"(?<=[\w.,;:!?)\"”])[¹²³⁴⁵⁶⁷⁸⁹⁰]+|^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_TERMINAL = (".", "!", "?", ":", ";", "…")


@dataclass(frozen=True)
class LayoutWords:
    page_number: re.Pattern[str]
    junk_title_prefixes: tuple[str, ...]
    junk_title_suffixes: tuple[str, ...]
    junk_authors: frozenset[str]


@lru_cache(maxsize=1)
def layout_words() -> LayoutWords:
    data = yaml.safe_load((Path(__file__).parent / "data" / "layout.yaml").read_text("utf-8"))
    words = "|".join(re.escape(w) for w in sorted(set(data["page_words"]), key=len, reverse=True))
    of = "|".join(re.escape(w) for w in data["page_of_words"])
    number = (rf"^[\W_]*(?:(?:{words})\s*)?(?:\d{{1,4}}|[ivx]{{1,5}})"
              rf"(?:\s*(?:{of})\s*\d{{1,4}})?[\W_]*$")
    return LayoutWords(re.compile(number, re.I),
                       tuple(s.casefold() for s in data["junk_title_prefixes"]),
                       tuple(s.casefold() for s in data["junk_title_suffixes"]),
                       frozenset(s.casefold() for s in data["junk_authors"]))


def _key(line: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub(" ", line.strip().casefold()))


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last few non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _running_heads(pages: list[list[str]]) -> set[str]:
    """Keys of edge lines repeated on many pages (digits folded: 'Page 3' is 'Page #')."""
    with_text = [p for p in pages if any(x.strip() for x in p)]
    if len(with_text) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in with_text:
        counts.update({_key(lines[i]) for i in _edges(lines)})
    need = max(2, int(REPEAT_SHARE * len(with_text) + 0.5))
    return {k for k, n in counts.items() if n >= need and k}


def _strip_edges(lines: list[str], heads: set[str]) -> list[str]:
    number = layout_words().page_number
    drop = {i for i in _edges(lines) if _key(lines[i]) in heads or number.match(lines[i].strip())}
    return [line for i, line in enumerate(lines) if i not in drop]


def _join_lines(lines: list[str]) -> list[str]:
    """Paragraphs from lines: blank lines split; table rows (tabs) stand alone; a word broken
    by a hyphen at a line end is joined when the next line goes on in lower case."""
    paras: list[str] = []
    cur = ""
    for raw in lines:
        line = _SUPERSCRIPT.sub("", raw.strip())
        if not line or "\t" in line:
            if cur:
                paras.append(cur)
            cur = ""
            if line:
                paras.append(" | ".join(c.strip() for c in line.split("\t") if c.strip()))
            continue
        cur = _append(cur, line)
    if cur:
        paras.append(cur)
    paras = [p[:-1] + "-" if p.endswith("\xad") else p for p in paras]  # may go on overleaf
    return [_SPACES.sub(" ", p.replace("\xad", "")).strip() for p in paras if p.strip()]


def _append(cur: str, line: str) -> str:
    if not cur:
        return line
    if cur.endswith(("\xad", "-")) and len(cur) > 1 and cur[-2].isalpha():
        if line[:1].islower():
            return cur[:-1] + line
        return cur[:-1] + "-" + line
    return cur + " " + line


def _continue_across_pages(page_paras: list[list[str]]) -> None:
    """A paragraph that runs on to the next page (no closing punctuation there, lower case
    here) is kept whole, on the page where it starts; footnotes may stand between the two."""
    for prev, cur in itertools.pairwise(page_paras):
        if not prev or not cur or not cur[0][:1].islower():
            continue
        for i in range(len(prev) - 1, max(len(prev) - 4, -1), -1):
            if not prev[i].endswith(_TERMINAL):
                prev[i] = _SPACES.sub(" ", _append(prev[i], cur.pop(0)))
                break


def _usable_title(title: str | None) -> str | None:
    if not title:
        return None
    words = layout_words()
    low = title.strip().casefold()
    if len(low) < 4 or low.startswith(words.junk_title_prefixes) \
            or low.endswith(words.junk_title_suffixes):
        return None
    return _SPACES.sub(" ", title.strip())[:MAX_TITLE]


def _title(meta: FileMeta, paragraphs: list[str]) -> str | None:
    first = paragraphs[0] if paragraphs else ""
    heading = _usable_title(meta.heading)
    if heading and first.casefold().startswith(heading.casefold()) \
            and len(first) <= 2 * len(heading):
        heading = first  # the heading's last line was set a little smaller (or OCR says so)
    found = _usable_title(meta.title) or heading
    if found:
        return found
    if 0 < len(first) <= 150 and not first.endswith(_TERMINAL):
        return first
    return None


def _same(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).strip().casefold() == _SPACES.sub(" ", b).strip().casefold()


def apply_layout(doc: Document, file: FileText) -> Document:
    """Fill title, author, published, text and pages of ``doc`` from the file's raw text."""
    pages = [p.text.split("\n") for p in file.pages]
    heads = _running_heads(pages) if file.paginated else set()
    page_paras = [_join_lines(_strip_edges(lines, heads) if file.paginated else lines)
                  for lines in pages]
    _continue_across_pages(page_paras)
    first = next((p for p in page_paras if p), [])
    doc.title = _title(file.meta, first)
    if doc.title and first and _same(first[0], doc.title):
        first.pop(0)
    _fill_text(doc, file, page_paras)
    _date_and_author(doc, file.meta)
    doc.media_type = file.media_type
    return doc


def _fill_text(doc: Document, file: FileText, page_paras: list[list[str]]) -> None:
    text = ""
    spans: list[PageSpan] = []
    for number, (page, paras) in enumerate(zip(file.pages, page_paras, strict=True), start=1):
        if text and paras:
            text += "\n\n"
        start = len(text)
        text += "\n\n".join(paras)
        spans.append(PageSpan(number, start, len(text), page.origin))
    doc.text = text
    doc.pages = spans if file.paginated else []
    doc.lead = page_paras[0][0] if page_paras and page_paras[0] else None


def _date_and_author(doc: Document, meta: FileMeta) -> None:
    """A dated line at the top ("Opole, 9 czerwca 2026 r.") is the release's own date; the
    file's creation date stands in when there is none."""
    head = "\n".join(doc.text[:1500].split("\n")[:12])
    found = parse_local(head)
    if found:
        doc.published, doc.published_source = found, "text"
    elif meta.date:
        doc.published, doc.published_source = meta.date, "meta"
    author = (meta.author or "").strip()
    if author and author.casefold() not in layout_words().junk_authors:
        doc.author = author[:200]
