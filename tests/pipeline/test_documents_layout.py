"""Layout rules on raw page text: running heads, page numbers, hyphenation, paragraphs, title,
date, author and page spans (pipeline/documents/layout.py)."""

from __future__ import annotations

from pipeline.document import Document, PageSpan
from pipeline.documents.layout import apply_layout
from pipeline.documents.model import FileMeta, FilePage, FileText

HEAD = "Klaster CHEM-STER · Komunikat prasowy"


def lay(pages: list[str], meta: FileMeta | None = None, paginated: bool = True,
        origins: list[str] | None = None) -> Document:
    file = FileText("application/pdf", meta or FileMeta(),
                    [FilePage(t, (origins or ["text"] * len(pages))[i])
                     for i, t in enumerate(pages)], paginated)
    return apply_layout(Document(url="https://a.example/r.pdf", source="a"), file)


def test_running_heads_and_page_numbers_go_body_numbers_stay() -> None:
    bodies = ("Grupa Azoty buduje elektrolizer.", "Park przemysłowy ma inwestora.",
              "Uczelnia otwiera laboratorium.")
    filler = "Linia tekstu numer jeden.\nLinia druga.\nLinia trzecia.\nLinia czwarta."
    pages = [f"{HEAD}\n\n{body}\n{filler}\n2026\n{filler}\n\nStrona {n} z 3"
             for n, body in enumerate(bodies, start=1)]
    doc = lay(pages)
    assert HEAD not in doc.text and "Strona" not in doc.text
    assert all(body in doc.text for body in bodies)
    assert doc.text.count("2026") == 3  # a number inside the body is no page number


def test_single_page_numbers_in_many_forms() -> None:
    for number in ("- 3 -", "Seite 4 von 9", "Page 2 of 7", "Strana 5", "12", "iv"):
        doc = lay([f"Pierwszy akapit tekstu.\n\nDrugi akapit.\n{number}"])
        assert doc.text == "Pierwszy akapit tekstu.\n\nDrugi akapit.", number


def test_hyphenation_joins_words_and_keeps_compound_hyphens() -> None:
    doc = lay(["Zakłady rozpoczę\xad\nły budowę insta-\nlacji w Kędzierzyńsko-\nKozielskim Parku."])
    assert doc.text == "Zakłady rozpoczęły budowę instalacji w Kędzierzyńsko-Kozielskim Parku."


def test_lines_join_into_paragraphs_markers_and_tables() -> None:
    doc = lay(["Pierwsza linia\ndruga linia¹.\n\nEtap\tTermin\tMoc\nRozruch\t2027\t20 MW\n\n"
               "¹ Przypis o danych."])
    assert doc.text.split("\n\n") == ["Pierwsza linia druga linia.", "Etap | Termin | Moc",
                                      "Rozruch | 2027 | 20 MW", "Przypis o danych."]


def test_a_paragraph_runs_on_across_pages_past_a_footnote() -> None:
    doc = lay(["Tytuł\n\nZdanie, które biegnie na następną stro-\n\n¹ Przypis na dole.",
               "nę i tam się kończy.\n\nNowy akapit."], FileMeta(title="Tytuł"))
    assert doc.text.split("\n\n") == ["Zdanie, które biegnie na następną stronę i tam się "
                                      "kończy.", "Przypis na dole.", "Nowy akapit."]
    first, second = doc.pages
    assert doc.text[first.start:first.end].endswith("Przypis na dole.")
    assert doc.text[second.start:second.end] == "Nowy akapit."


def test_title_from_metadata_else_heading_else_first_short_paragraph() -> None:
    body = "Grupa Azoty buduje\nelektrolizer\n\nOpole, 9 czerwca 2026 r.\n\nTreść komunikatu."
    meta = FileMeta(title="Raport o wodorze", author="Jan Nowak", date="2025-01-02")
    assert lay([body], meta).title == "Raport o wodorze"
    junk = FileMeta(title="Microsoft Word - komunikat.docx", heading="Grupa Azoty buduje")
    doc = lay([body], junk)
    assert doc.title == "Grupa Azoty buduje elektrolizer"  # the heading's second line too
    assert doc.text.startswith("Opole, 9 czerwca")  # the title is not repeated in the text
    assert lay([body]).title == "Grupa Azoty buduje elektrolizer"
    assert lay(["To jest zdanie, nie tytuł.\n\nDalej."]).title is None


def test_date_from_a_dated_line_else_metadata_and_author_from_metadata() -> None:
    doc = lay(["Tytuł\n\nOpole, 9 czerwca 2026 r.\n\nTreść."],
              FileMeta(title="Tytuł", author="Jan Nowak", date="2025-01-02"))
    assert (doc.published, doc.published_source, doc.author) == ("2026-06-09", "text",
                                                                 "Jan Nowak")
    doc = lay(["Tytuł\n\nTreść bez daty."], FileMeta(title="Tytuł", author="python-docx",
                                                     date="2025-01-02"))
    assert (doc.published, doc.published_source, doc.author) == ("2025-01-02", "meta", None)


def test_page_spans_name_each_page_and_its_origin() -> None:
    doc = lay(["Pierwsza strona tekstu.", "", "Trzecia strona z OCR."],
              origins=["text", "none", "ocr"])
    assert [(p.page, p.origin) for p in doc.pages] == [(1, "text"), (2, "none"), (3, "ocr")]
    third = doc.pages[2]
    assert doc.text[third.start:third.end] == "Trzecia strona z OCR."
    assert doc.page_of(doc.text.index("OCR")) == third
    assert doc.pages[1] == PageSpan(2, third.start - 2, third.start - 2, "none")


def test_unpaginated_files_have_no_page_spans() -> None:
    doc = lay(["Tytuł\n\nAkapit pierwszy.\n\nAkapit drugi."], FileMeta(title="Tytuł"),
              paginated=False)
    assert doc.pages == [] and doc.text == "Akapit pierwszy.\n\nAkapit drugi."
