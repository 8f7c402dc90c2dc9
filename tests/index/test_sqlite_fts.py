"""The SQLite backend's translation of parsed queries into FTS5 expressions (index.sqlite.fts)."""

from __future__ import annotations

import sqlite3

import pytest

from index.query_text import parse
from index.sqlite import fts


def _expr(text: str, lemmas: list[str] | None = None) -> str:
    return fts.match_expression(parse(text), lemmas or [])


def test_words_phrases_and_exclusions_are_quoted() -> None:
    assert _expr('Grupa "Azoty ZAK" -Police') == '("grupa" AND "azoty zak") NOT ("police")'


def test_lemmas_pair_with_words_or_form_an_alternative() -> None:
    assert _expr("Grupy Azoty", ["grupa", "azot"]) == (
        '("grupy" OR {lemmas} : "grupa") AND ("azoty" OR {lemmas} : "azot")')
    assert _expr("Park", ["park"]) == '"park"'
    assert _expr("Grupy Azoty", ["grupa"]) == (
        '(("grupy" AND "azoty") OR ({lemmas} : ("grupa")))')


@pytest.mark.parametrize("text", ['a"b', '"', "NEAR(x", "x:y", "{title}:x", "*", "^a",
                                  "AND", "-", 'x" OR "y', "\u00a0", "a\x00b"])
def test_every_expression_is_valid_fts5(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, lemmas)")
    conn.execute("INSERT INTO t VALUES ('AND OR', 'near x y', 'a b')")
    expr = _expr(text, ["a", "b"])
    if expr:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expr,)).fetchone()
