"""The query syntax and snippet marking both backends share (index.query_text)."""

from __future__ import annotations

from index import query_text as qt


def test_words_phrases_and_exclusions() -> None:
    q = qt.parse('Grupa "Azoty ZAK" -Police -"Azoty Puławy" Kędzierzyn-Koźle')
    assert [(t.words, t.negated) for t in q.terms] == [
        (["grupa"], False), (["azoty", "zak"], False), (["police"], True),
        (["azoty", "puławy"], True), (["kędzierzyn", "koźle"], False)]
    assert q.words() == ["grupa", "azoty", "zak", "kędzierzyn", "koźle"]
    assert [t.words for t in q.negative] == [["police"], ["azoty", "puławy"]]


def test_punctuation_only_and_lone_dash_give_no_terms() -> None:
    assert qt.parse('- "" ... ,').terms == []
    assert [(t.words, t.negated) for t in qt.parse('-"').terms] == []
    assert [(t.words, t.negated) for t in qt.parse("-x").terms] == [(["x"], True)]


def test_snippet_markers_become_balanced_escaped_marks() -> None:
    o, c = qt.MARK_OPEN, qt.MARK_CLOSE
    assert qt.marked_to_html(f"a <b> {o}Azoty{c} & x") == "a &lt;b&gt; <mark>Azoty</mark> &amp; x"
    assert qt.marked_to_html(f"{c}x{o}y") == "x<mark>y</mark>"
    assert qt.marked_to_html(f"{o}{o}a{c}{c}") == "<mark>a</mark>"


def test_crawled_text_cannot_forge_markers() -> None:
    forged = f"x{qt.MARK_OPEN}<img>{qt.MARK_CLOSE}y"
    assert qt.clean(forged) == "x<img>y"
    assert qt.highlight(forged, None) == "x&lt;img&gt;y"


def test_inflected_forms_are_marked_by_stem() -> None:
    stems = qt.stems_of(["grupa", "azoty"], ["grupa", "azot"])
    out = qt.marked_to_html(f"Przedstawiciele Grupy {qt.MARK_OPEN}Azoty{qt.MARK_CLOSE} <i>",
                            stems)
    assert out == "Przedstawiciele <mark>Grupy</mark> <mark>Azoty</mark> &lt;i&gt;"
    snippet = qt.highlight("Wstęp. " * 30 + "O Grupie Azotów <script>", stems, width=10)
    assert "<mark>Grupie</mark> <mark>Azotów</mark> &lt;script&gt;" in snippet
    assert snippet.startswith("… ")
    assert qt.highlight("Nic tu nie ma.", stems) == "Nic tu nie ma."
    assert qt.highlight("a b", None) == "a b"
    assert qt.marked_to_html("Grupa-Azoty", stems) == "<mark>Grupa</mark>-<mark>Azoty</mark>"


def test_queries_are_bounded() -> None:
    q = qt.parse(" ".join(f"w{i}" for i in range(500)))
    assert len(q.terms) == qt.MAX_TERMS
    assert qt.parse("x" * 5000).terms[0].words == ["x" * qt.MAX_QUERY_CHARS]
