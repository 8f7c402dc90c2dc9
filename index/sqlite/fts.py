"""User query text -> a safe FTS5 expression, and highlighted HTML snippets.

User text never reaches FTS5 as syntax: every word is quoted. Supported: plain words (all must
match), ``"quoted phrases"``, ``-word`` / ``-"phrase"`` exclusion. Words joined by punctuation
(``Kędzierzyn-Koźle``) are one phrase. Each positive word also matches through its lemma in the
``lemmas`` column when ``SearchQuery.lemmas`` pairs with the words one to one; otherwise the
lemmas together form an alternative match.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+", re.UNICODE)
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')

# markers FTS5 puts around matches; stripped from the text before marking
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
    q = ParsedQuery()
    for m in _CHUNK.finditer(text):
        if m.group(3) is not None:
            chunk = m.group(3)
            negated = chunk.startswith("-") and len(chunk) > 1
            words = _WORD.findall(chunk[1:] if negated else chunk)
        else:
            negated = m.group(1) == "-"
            words = _WORD.findall(m.group(2))
        if words:
            q.terms.append(Term([w.casefold() for w in words], negated))
    return q


def _quote(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def _lemma_group(lemmas: list[str]) -> str:
    return "{lemmas} : (" + " AND ".join(_quote([lem]) for lem in lemmas) + ")"


def positive_expression(q: ParsedQuery, lemmas: list[str]) -> str:
    """The FTS5 expression every hit must match ('' when the query has no positive term)."""
    pos = q.positive
    if not pos:
        return ""
    lemmas = [w for lem in lemmas for w in _WORD.findall(lem.casefold())]
    words = q.words()
    if lemmas and len(lemmas) == len(words):
        parts: list[str] = []
        it = iter(lemmas)
        for term in pos:
            term_lemmas = [next(it) for _ in term.words]
            alt = _quote(term.words)
            if term_lemmas != term.words:
                alt = f"({alt} OR {{lemmas}} : {_quote(term_lemmas)})"
            parts.append(alt)
        return " AND ".join(parts)
    plain = " AND ".join(_quote(t.words) for t in pos)
    if lemmas:
        return f"(({plain}) OR ({_lemma_group(lemmas)}))"
    return plain


def negative_expression(q: ParsedQuery) -> str:
    return " OR ".join(_quote(t.words) for t in q.negative)


def match_expression(q: ParsedQuery, lemmas: list[str]) -> str:
    pos, neg = positive_expression(q, lemmas), negative_expression(q)
    if pos and neg:
        return f"({pos}) NOT ({neg})"
    return pos


def clean(text: str) -> str:
    """Crawled text without our marker characters, so a page cannot forge a highlight."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def marked_to_html(marked: str) -> str:
    """Escape FTS5 snippet output, then turn its markers into balanced ``<mark>`` tags."""
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
        else:
            out.append(html.escape(piece, quote=False))
    if inside:
        out.append("</mark>")
    return "".join(out)


def highlight(text: str, words: list[str], width: int = 32) -> str:
    """Fallback snippet when the match was through lemmas: mark words that share a stem.

    Returns up to ``width`` words around the first marked word, HTML-escaped.
    """
    stems = [w[: max(3, len(w) - 3)] for w in words if w]
    tokens = list(re.finditer(r"\S+", clean(text)))
    if not tokens:
        return ""
    hits = [i for i, t in enumerate(tokens) if _stem_match(t.group(0), stems)]
    first = hits[0] if hits else 0
    lo = max(0, first - width // 3)
    window = tokens[lo: lo + width]
    out = []
    for i, t in enumerate(window, start=lo):
        word = html.escape(t.group(0), quote=False)
        out.append(f"<mark>{word}</mark>" if i in hits else word)
    prefix = "… " if lo > 0 else ""
    suffix = " …" if lo + width < len(tokens) else ""
    return prefix + " ".join(out) + suffix


def _stem_match(token: str, stems: list[str]) -> bool:
    folded = "".join(_WORD.findall(token)).casefold()
    return any(stem and folded.startswith(stem) for stem in stems)
