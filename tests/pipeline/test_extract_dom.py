"""The extractor's page index and parsing shortcuts give the same answers as the plain lookups."""

from __future__ import annotations

import lxml.html
import pytest
from lxml.html import HtmlElement

from pipeline.document import Document
from pipeline.extract import extract, parse_html
from pipeline.extract.content import collapse
from pipeline.extract.dates import parse_local
from pipeline.extract.dom import PageIndex
from pipeline.extract.jsonld import LdInfo
from pipeline.extract.meta import byline_name, find_title

PAGE = """<html><head><title>Harbour crane back in service | Portside News</title>
<meta property="og:title" content="Harbour crane back in service"></head><body>
<div id="cookie-notice" class="banner cookie">We use cookies.</div>
<div class="Caption wp-caption">A crane at dusk</div>
<p>  Von Maria Lindqvist</p>
<p>Text mentions Von in the middle.</p>
<p>\xa0By Tomas Berg</p>
<span class="author-name">Tomas Berg</span>
</body></html>"""


def _tree(html: str = PAGE) -> HtmlElement:
    tree = parse_html(html)
    assert tree is not None
    return tree


def _texts(elements: list[HtmlElement]) -> list[str]:
    return [collapse(el.text_content()) for el in elements]


def test_texts_starting_matches_only_at_the_start_of_a_text_node() -> None:
    index = PageIndex(_tree(), PAGE)
    found = _texts(index.texts_starting(("Von", "By")))
    assert found == ["Von Maria Lindqvist", "By Tomas Berg"]


def test_texts_starting_source_gate_and_many_hits() -> None:
    assert PageIndex(_tree(), "<p>nothing here").texts_starting(("Von",)) == []
    rows = "".join(f"<li>Von Autor {i}</li>" for i in range(30))
    html = f"<html><body><ul>{rows}</ul><p>Von Ende</p></body></html>"
    found = _texts(PageIndex(_tree(html), html).texts_starting(("Von",)))
    assert found == [f"Von Autor {i}" for i in range(30)] + ["Von Ende"]


def test_texts_starting_rejects_prefixes_starting_with_space() -> None:
    with pytest.raises(ValueError):
        PageIndex(_tree(), PAGE).texts_starting((" Von",))


def test_by_attr_is_case_sensitive_in_the_query_and_grouped_in_the_check() -> None:
    index = PageIndex(_tree(), PAGE)
    assert _texts(index.by_attr(("cookie-notice", "cookie-banner"))) == ["We use cookies."]
    assert _texts(index.by_attr(("Caption",))) == ["A crane at dusk"]
    assert index.by_attr(("caption-x", "onetrust")) == []
    assert _texts(index.by_attr(("author",), ("class", "rel"))) == ["Tomas Berg"]
    assert _texts(index.by_class_token(("cookie",))) == ["We use cookies."]


def test_two_body_elements_are_all_searched() -> None:
    tree = _tree()
    body = tree.find("body")
    assert body is not None
    extra = lxml.html.fragment_fromstring('<div class="cookie">Second notice</div>')
    second = lxml.html.Element("body")
    second.append(extra)
    body.append(second)
    index = PageIndex(tree, PAGE)
    assert index.body is None
    assert _texts(index.by_class_token(("cookie",))) == ["We use cookies.", "Second notice"]


def test_index_gathers_tags_once_in_document_order() -> None:
    index = PageIndex(_tree())
    title = index.first("title")
    assert title is not None and title.text_content().startswith("Harbour crane")
    assert [m.get("property") for m in index.tagged["meta"]] == ["og:title"]
    assert index.first("figcaption") is None


def test_loose_heading_is_found_when_its_text_is_on_the_page() -> None:
    html = (
        "<html><head><title>Quay works finished early - Port Daily</title></head><body>"
        "<div><b>Quay works   finished early</b></div><p>Body text.</p></body></html>"
    )
    title, el = find_title(_tree(html), LdInfo())
    assert title == "Quay works finished early"
    assert el is not None and el.tag == "div"


def test_title_text_alone_does_not_make_a_loose_heading() -> None:
    html = (
        "<html><head><title>Quay works finished early - Port Daily</title></head><body>"
        "<p>Body text about the quay.</p></body></html>"
    )
    title, el = find_title(_tree(html), LdInfo())
    assert title == "Quay works finished early"
    assert el is None


def test_parse_html_reads_text_with_lone_surrogates_and_ignores_declared_charsets() -> None:
    assert parse_html("<p>a\ud800b</p>") is not None
    tree = _tree('<meta charset="iso-8859-2"><p>zażółć gęślą</p>')
    assert "zażółć gęślą" in tree.text_content()
    assert parse_html(" \n\t ") is None


def test_control_characters_in_a_page_do_not_cost_the_article() -> None:
    # a bell or NUL inside a paragraph is not XML text: trafilatura used to drop the whole page
    sentences = [
        "Rada powiatu przyjęła w czwartek plan budowy nowej drogi do strefy przemysłowej,\x07 "
        "którą mieszkańcy postulowali od wielu lat.",
        "Prace\x00 mają ruszyć wiosną, a wykonawca zostanie wybrany w przetargu ogłoszonym "
        "jeszcze w tym miesiącu.\x0cKoszt oszacowano na dwanaście milionów złotych.",
    ]
    body = "".join(f"<p>{s}</p>" for s in sentences)
    html = f"<html><body><article><h1>Nowa droga do strefy</h1>{body}</article></body></html>"
    doc = extract(Document(url="https://gazeta.example/a/droga.html", source="g", html=html))
    assert doc.is_article
    assert "wielu lat" in doc.text and "milionów złotych" in doc.text
    assert not any(ch in doc.text for ch in "\x00\x07\x0c")
    assert "miesiącu. Koszt" in doc.text  # the form feed became a space


@pytest.mark.parametrize("space", ["\xa0", "\u2009", "\u3000", "\x1f", "\n\r\t"])
def test_collapse_treats_unicode_whitespace_as_space(space: str) -> None:
    assert collapse(f"{space}a{space}{space}b{space}") == "a b"


def test_parse_local_and_desk_words_after_the_shortcuts() -> None:
    assert parse_local("14 stycznia 2016, godz. 10:00") == "2016-01-14"
    assert parse_local("no year in 12.03.") is None
    assert byline_name("Autor: Redakcja Portu") is None
    assert byline_name("Autor: Jan Kowalski") == "Jan Kowalski"
