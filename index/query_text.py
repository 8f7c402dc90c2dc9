"""User query text -> terms, and highlighted HTML snippets: shared by both backends.

The query syntax is the same whatever the store: plain words (all must match), ``"quoted
phrases"``, ``-word`` / ``-"phrase"`` exclusion; words joined by punctuation
(``Kędzierzyn-Koźle``) are one phrase. Each backend turns the parsed terms into its own query
(``index.sqlite.fts`` for FTS5, ``index.elastic.queries`` for Elasticsearch).

Snippets: a backend marks matches with the private-use characters ``MARK_OPEN``/``MARK_CLOSE``
and :func:`marked_to_html` escapes the text and turns them into ``<mark>`` tags, so both
backends escape crawled text in one place.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.base import SearchQuery

WORD = re.compile(r"\w+", re.UNICODE)
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
# markers a backend puts around matches; stripped from crawled text before marking
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"


@dataclass
class Term:
    words: list[str]  # one word, or the words of a phrase
    negated: bool = False


@dataclass
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)

    @property
    def positive(self) -> list[Term]:
        return [t for t in self.terms if not t.negated]

    @property
    def negative(self) -> list[Term]:
        return [t for t in self.terms if t.negated]

    def words(self) -> list[str]:
        return [w for t in self.positive for w in t.words]


def parse(text: str) -> ParsedQuery:
    """Terms of the user's query; bounded (MAX_QUERY_CHARS, MAX_TERMS) like all hostile input."""
    q = ParsedQuery()
    for m in _CHUNK.finditer(text[:MAX_QUERY_CHARS]):
        if len(q.terms) >= MAX_TERMS:
            break
        if m.group(3) is not None:
            chunk = m.group(3)
            negated = chunk.startswith("-") and len(chunk) > 1
            words = WORD.findall(chunk[1:] if negated else chunk)
        else:
            negated = m.group(1) == "-"
            words = WORD.findall(m.group(2))
        if words:
            q.terms.append(Term([w.casefold() for w in words], negated))
    return q


def clean(text: str) -> str:
    """Crawled text without our marker characters, so a page cannot forge a highlight."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def stems_of(words: list[str], lemmas: list[str]) -> re.Pattern[str] | None:
    """A pattern of the words that start like a query word or lemma (its inflected forms)."""
    stems = [lem.casefold() for lem in lemmas if len(lem) >= 3]
    for w in words:
        stems.append(w[: max(4, len(w) - 2)] if len(w) >= 4 else w)
    stems = sorted({s for s in stems if s}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)


def _mark_plain(text: str, stems: re.Pattern[str] | None) -> str:
    """Escape ``text``; wrap the words that match ``stems`` in ``<mark>``."""
    if stems is None:
        return html.escape(text, quote=False)
    out: list[str] = []
    pos = 0
    for m in stems.finditer(text):
        out.append(html.escape(text[pos:m.start()], quote=False))
        out.append(f"<mark>{html.escape(m.group(0), quote=False)}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def marked_to_html(marked: str, stems: re.Pattern[str] | None = None) -> str:
    """Escape a backend's snippet (matches between the markers), then turn its markers into
    balanced ``<mark>`` tags; outside them, inflected forms of the query (``stems``) are marked
    too."""
    out: list[str] = []
    inside = False
    for piece in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", marked):
        if piece == MARK_OPEN:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == MARK_CLOSE:
            if inside:
                out.append("</mark>")
                inside = False
        elif inside:
            out.append(html.escape(piece, quote=False))
        else:
            out.append(_mark_plain(piece, stems))
    if inside:
        out.append("</mark>")
    return "".join(out)


def highlight(text: str, stems: re.Pattern[str] | None, width: int = 32) -> str:
    """The snippet when the backend marked nothing (a match through lemmas or the title only):
    up to ``width`` words around the first word that matches ``stems``, HTML-escaped."""
    text = clean(text)
    first = stems.search(text) if stems is not None else None
    before = text[: first.start()].split() if first else []
    lo = max(0, len(before) - width // 3)
    words = text.split()
    window = " ".join(words[lo: lo + width])
    prefix = "… " if lo > 0 else ""
    suffix = " …" if lo + width < len(words) else ""
    return prefix + _mark_plain(window, stems) + suffix


def analysed(query: SearchQuery) -> SearchQuery:
    """The query with the lemmas of its words (what every store's ``search`` does first).

    Callers pass the text as typed; lemmas already given are kept (a test, a bench)."""
    if query.lemmas or not query.text.strip():
        return query
    from pipeline.nlp import query_lemmas  # spaCy loads on the first search, not on import

    lang = query.lang_hint or (query.langs[0] if len(query.langs) == 1 else None)
    return replace(query, lemmas=query_lemmas(query.text, lang))
