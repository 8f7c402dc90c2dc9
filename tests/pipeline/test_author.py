"""Author from the byline: names carrying markup-like text, bylines inside metadata lines."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract import extract
from pipeline.extract.meta import byline_name, join_persons, marked_name, without_role

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


# --- issue 14: job titles, several names, teasers, labels in their own element ----------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Von Anna Weber, Redakteurin", "Anna Weber"),
        ("Von unserer Redakteurin Anna Weber", "Anna Weber"),
        ("Von Lars Becker Redakteur Wirtschaft", "Lars Becker"),
        ("Autor: Jan Nowak, dziennikarz", "Jan Nowak"),
        ("By Sarah Collins, Senior Writer", "Sarah Collins"),
        ("Autoren: Miriam Hoffmann und Lars Becker", None),  # 'Autoren:' is not a prefix
        ("Text: Jana Nováková a Petr Dvořák", "Jana Nováková, Petr Dvořák"),
        ("Von Redaktion Wirtschaft", None),
    ],
)
def test_byline_name_without_job_titles(line: str, name: str | None) -> None:
    assert byline_name(line) == name


def test_without_role_and_join_persons() -> None:
    assert without_role("Miriam Hoffmann und Lars Becker, Redakteure Wirtschaft") == (
        "Miriam Hoffmann und Lars Becker"
    )
    assert join_persons("Miriam Hoffmann und Lars Becker") == "Miriam Hoffmann, Lars Becker"


def test_byline_label_in_its_own_element() -> None:
    assert _author("<p><b>Autor:</b> Krzysztof Wiśniewski</p>") == "Krzysztof Wiśniewski"


def test_author_signature_class_is_not_taken_for_a_caption() -> None:
    assert _author("<p class='podpis-autora'>Autor: Ewa Nowak</p>") == "Ewa Nowak"


def test_byline_of_a_teaser_card_is_not_the_author() -> None:
    card = (
        "<div class='card'><a href='/inne'><h3>Inny artykuł o drodze</h3></a>"
        "<p>Autor: Paweł Lis</p></div>"
    )
    assert _author(card) is None
    assert _author(f"<span class='author'>Ewa Nowak</span></div><div>{card}") == "Ewa Nowak"


def test_name_closing_a_date_line() -> None:
    assert _author("<p>Posted on 3 April 2024 by Sarah Collins</p>") == "Sarah Collins"


def _ld_author(authors: str, site: str = "Krajské listy") -> str | None:
    ld = f'{{"@type": "NewsArticle", "headline": "H", "author": {authors}}}'
    html = (
        f'<html><head><meta property="og:site_name" content="{site}">'
        f'<script type="application/ld+json">{ld}</script></head>'
        f"<body><h1>H</h1>{PARA}</body></html>"
    )
    return extract(Document(url="https://x.test/a", source="t", html=html)).author


@pytest.mark.parametrize(
    ("authors", "name"),
    [
        ('[{"@type": "Person", "name": "Radek Pecák Reportér"}]', "Radek Pecák"),
        ('{"@type": "Person", "name": "Jan Novák, komerční článek"}', "Jan Novák"),
        ('[{"@type": "Person", "name": "Domácí"}, {"@type": "Person", "name": "mb"}]', None),
        ('{"@type": "Person", "name": "Krajské listy"}', None),
        ('{"@type": "Person", "name": "FOCUS online"}', None),
        ('[{"name": "Tomáš Pilát"}, {"name": "mkp"}, {"name": "Marek Blaho"}]',
         "Tomáš Pilát, Marek Blaho"),
    ],
)
def test_json_ld_authors_are_people(authors: str, name: str | None) -> None:
    assert _ld_author(authors) == name


def test_a_date_after_the_name_is_not_part_of_it() -> None:
    assert byline_name("Von Malek Fouda Zuerst veröffentlicht am 06/01/2026") == "Malek Fouda"
