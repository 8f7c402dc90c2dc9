"""The SQLite backend's query translation and snippet marking (index.sqlite.fts)."""

from __future__ import annotations

import sqlite3

import pytest

from index.sqlite import fts


def _expr(text: str, lemmas: list[str] | None = None) -> str:
    return fts.match_expression(fts.parse(text), lemmas or [])


def test_words_phrases_and_exclusions() -> None:
    q = fts.parse('Grupa "Azoty ZAK" -Police -"Azoty Puławy" Kędzierzyn-Koźle')
    assert [(t.words, t.negated) for t in q.terms] == [
        (["grupa"], False), (["azoty", "zak"], False), (["police"], True),
        (["azoty", "puławy"], True), (["kędzierzyn", "koźle"], False)]
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


def test_snippet_markers_become_balanced_escaped_marks() -> None:
    o, c = fts.MARK_OPEN, fts.MARK_CLOSE
    assert fts.marked_to_html(f"a <b> {o}Azoty{c} & x") == "a &lt;b&gt; <mark>Azoty</mark> &amp; x"
    assert fts.marked_to_html(f"{c}x{o}y") == "x<mark>y</mark>"
    assert fts.marked_to_html(f"{o}{o}a{c}{c}") == "<mark>a</mark>"


def test_inflected_forms_are_marked_by_stem() -> None:
    stems = fts.stems_of(["grupa", "azoty"], ["grupa", "azot"])
    out = fts.marked_to_html(f"Przedstawiciele Grupy {fts.MARK_OPEN}Azoty{fts.MARK_CLOSE} <i>",
                             stems)
    assert out == "Przedstawiciele <mark>Grupy</mark> <mark>Azoty</mark> &lt;i&gt;"
    snippet = fts.highlight("Wstęp. " * 30 + "O Grupie Azotów <script>", stems, width=10)
    assert "<mark>Grupie</mark> <mark>Azotów</mark> &lt;script&gt;" in snippet
    assert snippet.startswith("… ")
    assert fts.highlight("Nic tu nie ma.", stems) == "Nic tu nie ma."
    assert fts.highlight("a b", None) == "a b"
    assert fts.marked_to_html("Grupa-Azoty", stems) == "<mark>Grupa</mark>-<mark>Azoty</mark>"


def test_queries_are_bounded() -> None:
    q = fts.parse(" ".join(f"w{i}" for i in range(500)))
    assert len(q.terms) == fts.MAX_TERMS
    assert fts.parse("x" * 5000).terms[0].words == ["x" * fts.MAX_QUERY_CHARS]
