"""Golden-file tests of the extractor: saved pages (written for these tests) + expected JSON.

Every failure class of issue 14 has a page of its own here (encoding, binary content, leads
outside the body, promotions in the body, script text in headings, bylines, site names as
titles, dates), so a regression of any of them fails this test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.decode import decode
from pipeline.document import Document, RawPage
from pipeline.extract import extract, parse_html
from pipeline.extract.content import page_blocks, unmerge
from pipeline.extract.nonarticle import NOT_ARTICLE

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.json"))


def _run(name: str) -> tuple[Document, dict[str, Any]]:
    gold = json.loads((PAGES / f"{name}.json").read_text("utf-8"))
    body_path = next(p for p in PAGES.glob(f"{name}.*") if p.suffix != ".json")
    page = RawPage(
        url=gold["url"], body=body_path.read_bytes(), source="fixtures", path=str(body_path)
    )
    return extract(decode(page)), gold


@pytest.mark.parametrize("name", CASES)
def test_golden_page(name: str) -> None:
    doc, gold = _run(name)
    assert doc.encoding == gold["encoding"]
    assert doc.is_article is gold["is_article"]
    assert doc.title == gold["title"]
    assert doc.published == gold["published"]
    assert doc.author == gold["author"]
    if not gold["is_article"]:
        assert doc.skip_reason == gold.get("skip_reason", NOT_ARTICLE)
        if "skip_reason" in gold:  # rejected before extraction: nothing of the body is kept
            assert not doc.text and not doc.html
        return
    assert doc.text == gold["text"]
    for key in ("published_source", "updated", "section", "source_line", "captions"):
        if key in gold:
            assert getattr(doc, key) == gold[key], key
    for fragment in gold.get("absent", []):
        assert fragment not in doc.text, fragment
    assert doc.lead == gold["text"].split("\n\n")[0]


def test_paragraph_format_contract() -> None:
    for name in CASES:
        doc, _ = _run(name)
        for para in doc.text.split("\n\n") if doc.text else []:
            assert (
                para == para.strip()
                and "\n" not in para
                and "  " not in para
                and "\xa0" not in para
            )


def test_markdown_title_and_text_rules() -> None:
    md = (
        "Intro line\n\n# Zakłady azotowe inwestują\n\n[Home](#) [News](#) [Kontakt](#)\n\n"
        "Pierwszy akapit   tekstu\nw dwóch liniach.\n\n"
        "- punkt pierwszy\n- punkt drugi\n\nŹródło: PAP\n"
    )
    doc = extract(Document(url="file:///a.md", source="t", html=md, media="markdown"))
    assert doc.title == "Zakłady azotowe inwestują"
    assert (
        doc.text
        == "Intro line\n\nPierwszy akapit tekstu w dwóch liniach.\n\npunkt pierwszy\n\npunkt drugi"
    )
    assert doc.source_line == "Źródło: PAP"


def test_text_first_line_is_title() -> None:
    doc = extract(
        Document(
            url="file:///a.txt",
            source="t",
            html="Tytuł\n\nTreść artykułu o klastrze.",
            media="text",
        )
    )
    assert doc.title == "Tytuł"
    assert doc.text == "Treść artykułu o klastrze."


@pytest.mark.parametrize("html", ["", "   ", "<html></html>"])
def test_empty_pages_are_skipped_not_crashing(html: str) -> None:
    doc = extract(Document(url="https://x.test/", source="t", html=html))
    assert doc.is_article is False
    assert doc.skip_reason


def test_hostile_markup_is_bounded_and_kept_as_text() -> None:
    deep = (
        "<div>" * 3000
        + "<p>Głęboko zagnieżdżony akapit z treścią artykułu o chemii.</p>"
        + "</div>" * 3000
    )
    html = (
        f"<html><body><h1>Tytuł &lt;script&gt;</h1>{deep}"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; tekst</p></body></html>"
    )
    doc = extract(Document(url="https://x.test/a", source="t", html=html))
    assert (
        doc.title == "Tytuł <script>"
    )  # entities decoded to text; escaping is the job of whoever displays it


SHORT_NEWS = (
    "Rada powiatu przyjęła w czwartek plan budowy nowej drogi do strefy przemysłowej, którą "
    "mieszkańcy postulowali od wielu lat, a prace mają ruszyć wiosną."
)


def _one_paragraph_page(paragraph: str) -> str:
    return (
        "<html><head><title>Nowa droga | Gazeta</title></head><body>"
        '<nav><a href="/">Start</a></nav><main><article>'
        "<h1>Nowa droga do strefy przemysłowej</h1>"
        f'<div class="meta">08.05.2021, Jan Nowak</div><p>{paragraph}</p>'
        "</article></main><footer><p>© 2021 Gazeta</p></footer></body></html>"
    )


def test_a_one_paragraph_article_comes_without_its_headline_and_date_line() -> None:
    # trafilatura returns the whole container as one paragraph on such pages
    doc = extract(Document(url="https://gazeta.example/wiadomosci/2021/05/08/droga.html",
                           source="g", html=_one_paragraph_page(SHORT_NEWS)))
    assert doc.text == SHORT_NEWS
    assert (doc.title, doc.published) == ("Nowa droga do strefy przemysłowej", "2021-05-08")


def test_unmerge_leaves_a_paragraph_that_is_a_block_of_the_page() -> None:
    long_text = " ".join([SHORT_NEWS] * 4)
    tree = parse_html(_one_paragraph_page(long_text))
    assert tree is not None
    assert unmerge([long_text], tree, page_blocks(tree)) == [long_text]
    merged = f"Nowa droga do strefy przemysłowej 08.05.2021, Jan Nowak {long_text}"
    assert unmerge([merged], tree, page_blocks(tree)) == [
        "Nowa droga do strefy przemysłowej", "08.05.2021, Jan Nowak", long_text,
    ]
    assert unmerge([merged, long_text], tree, page_blocks(tree)) == [merged, long_text]
    huge = merged + " koniec" * 1000  # past the size trafilatura's fallback ever produces
    assert unmerge([huge], tree, page_blocks(tree)) == [huge]
