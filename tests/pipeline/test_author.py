"""Author from the byline: names carrying markup-like text, bylines inside metadata lines."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract import extract
from pipeline.extract.meta import marked_name

PARA = (
    "<p>Radni powiatu zdecydowali we wtorek o budowie nowej drogi do strefy przemysłowej, "
    "która ma odciążyć centrum miasta od ruchu ciężarówek jadących do zakładów chemicznych.</p>"
)


def _author(meta: str) -> str | None:
    html = (
        "<html><head><title>Nowa droga do strefy</title></head><body><main><article>"
        f"<h1>Nowa droga do strefy</h1><div class='meta'>{meta}</div>{PARA}{PARA}"
        "</article></main></body></html>"
    )
    doc = Document(url="https://portal.example/a/droga.html", source="p", html=html)
    return extract(doc).author


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sam <img src=x onerror=alert(1)> Carter", "Sam <img src=x onerror=alert(1)> Carter"),
        ("Ana <b>&amp;</b> Lopez", "Ana <b>&amp;</b> Lopez"),
        ("Jan Kowalski", None),  # a plain name is ``_NAME``'s business
        ("Birgit Baumann Anna Fink Jan Marchart", None),  # several people run together
        ("Jan Kowalski, dziennikarz <Gazety> Opolskiej", None),
        ("Ilana Muhlstein, MS, RDN", None),
        ("Redakcja <b>portalu</b> Opole", None),  # a desk, not a person
        ("lokalny <i>korespondent</i> Kowalski", None),
    ],
)
def test_marked_name(text: str, name: str | None) -> None:
    assert marked_name(text) == name


def test_a_byline_with_escaped_markup_is_kept_as_it_reads() -> None:
    meta = 'By <span class="author-name">Sam &lt;img src=x onerror=alert(1)&gt; Carter</span>'
    assert _author(meta) == "Sam <img src=x onerror=alert(1)> Carter"


def test_a_clean_name_in_a_later_author_element_wins_over_a_marked_one() -> None:
    meta = (
        '<span class="author-box">Ewa &lt;b&gt; Nowak</span> '
        '<span class="author-name">Ewa Nowak</span>'
    )
    assert _author(meta) == "Ewa Nowak"


@pytest.mark.parametrize(
    ("meta", "name"),
    [
        ("16.02.2022 r., godz. 12:40 &nbsp;|&nbsp; Tekst i zdjęcia: Piotr Sowa &nbsp;|&nbsp; "
         '<a href="#k">Skomentuj (0)</a>', "Piotr Sowa"),
        ("8. 3. 2021 • Autor: Jana Dvořáková • 3 min čtení", "Jana Dvořáková"),
        ("12.03.2021 | Autor: Redakcja | Drukuj", None),
        ("12.03.2021 | Kategoria: Gospodarka Regionu", None),
    ],
)
def test_a_byline_inside_a_metadata_line(meta: str, name: str | None) -> None:
    assert _author(meta) == name
