"""Parsed user queries -> safe FTS5 MATCH expressions (the query syntax: ``index.query_text``).

User text never reaches FTS5 as syntax: every word is quoted. Each positive word also matches
through its lemma in the ``lemmas`` column when ``SearchQuery.lemmas`` pairs with the words one
to one; otherwise the lemmas together form an alternative match.
"""

from __future__ import annotations

from index.query_text import WORD, ParsedQuery


def _quote(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def _lemma_group(lemmas: list[str]) -> str:
    return "{lemmas} : (" + " AND ".join(_quote([lem]) for lem in lemmas) + ")"


def positive_expression(q: ParsedQuery, lemmas: list[str]) -> str:
    """The FTS5 expression every hit must match ('' when the query has no positive term)."""
    pos = q.positive
    if not pos:
        return ""
    lemmas = [w for lem in lemmas for w in WORD.findall(lem.casefold())]
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
