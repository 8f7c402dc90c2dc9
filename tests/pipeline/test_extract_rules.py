"""Extractor rules: consent detector, dates, bylines, line filters, template memory."""

from __future__ import annotations

import json

import pytest

from pipeline.document import Document
from pipeline.extract import TemplateMemory, extract
from pipeline.extract.consent import is_consent_text
from pipeline.extract.dates import parse_iso, parse_local
from pipeline.extract.filters import Kind, classify, filter_paragraphs
from pipeline.extract.meta import byline_name

CONSENT = [
    "Używamy plików cookies, aby zapewnić prawidłowe działanie serwisu. Możesz zmienić ustawienia.",
    "Administratorem Twoich danych osobowych jest wydawca. Przetwarzamy je zgodnie z RODO.",
    "Tento web používá soubory cookie k analýze návštěvnosti. Souhlasíte s jejich použitím?",
    "Wir verwenden Cookies, um Inhalte zu personalisieren. Klicken Sie auf Akzeptieren.",
    "We use cookies to improve your experience. By continuing you agree to our privacy policy.",
    "Nous utilisons des cookies pour améliorer votre expérience sur notre site.",
    "Utilizamos cookies propias y de terceros; al continuar navegando acepta su uso.",
    "Zapisz się do naszego newslettera i otrzymuj najważniejsze informacje e-mailem.",
]
NOT_CONSENT = [
    "Grupa Azoty zakończyła modernizację instalacji kwasu azotowego w Kędzierzynie-Koźlu.",
    "Die Chemiefirma investiert 40 Millionen Euro in eine neue Produktionslinie in Leuna.",
    "Spolana dokončila modernizaci čistírny odpadních vod v Neratovicích.",
    # a long article paragraph about cookie law is not a banner
    " ".join(
        ["The regulator said the cookie consent rules for publishers will change next year."] * 12
    ),
]


@pytest.mark.parametrize("text", CONSENT)
def test_consent_detector_finds_notices(text: str) -> None:
    assert is_consent_text(text)


@pytest.mark.parametrize("text", NOT_CONSENT)
def test_consent_detector_keeps_articles(text: str) -> None:
    assert not is_consent_text(text)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("14 stycznia 2016", "2016-01-14"),
        ("14. ledna 2016", "2016-01-14"),
        ("14. Januar 2016", "2016-01-14"),
        ("14.01.2016 r.", "2016-01-14"),
        ("paź 7, 2020", "2020-10-07"),
        ("3. 2. 2017", "2017-02-03"),
        ("8 March 2016", "2016-03-08"),
        ("29 maja 2017, 10:15", "2017-05-29"),
        ("Dodano: 18.11.2015 r.", "2015-11-18"),
    ],
)
def test_local_dates(text: str, iso: str) -> None:
    assert parse_local(text) == iso


@pytest.mark.parametrize("text", ["31.02.2016", "no date here", "99 stycznia 2016", "12.13.2016"])
def test_impossible_dates_are_rejected(text: str) -> None:
    assert parse_local(text) is None


def test_iso_dates() -> None:
    assert parse_iso("2019-09-23T06:00:00+02:00") == "2019-09-23"
    assert parse_iso("20190923") == "2019-09-23"
    assert parse_iso("yesterday") is None


def _page(body: str, head: str = "") -> Document:
    return Document(
        url="https://portal.test/news/item",
        source="portal",
        html=f"<html><head>{head}<title>T</title></head><body>{body}</body></html>",
    )


def test_date_sources_in_order_and_no_crawl_date_fallback() -> None:
    para = (
        "<p>"
        + "Zakład rozbudowuje instalację i zatrudni nowych pracowników w regionie. " * 3
        + "</p>"
    )
    meta = '<meta property="article:published_time" content="2020-05-04T08:00:00Z">'
    doc = extract(
        _page(
            f"<h1>Nagłówek artykułu</h1><time datetime='2019-01-02'>2 stycznia 2019</time>{para}",
            meta,
        )
    )
    assert (doc.published, doc.published_source) == ("2020-05-04", "meta")
    doc = extract(_page(f"<h1>Nagłówek artykułu</h1><time datetime='2019-01-02'>x</time>{para}"))
    assert (doc.published, doc.published_source) == ("2019-01-02", "time")
    doc = extract(
        _page(
            "<p>wtorek, 12 marca 2024</p><h1>Nagłówek artykułu</h1>"
            f"<p>Aktualizacja: 5 marca 2024</p>{para}"
        )
    )
    assert doc.published is None and doc.published_source is None
    assert doc.updated == "2024-03-05"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Autor: Jan Kowalski", "Jan Kowalski"),
        ("Tekst i zdjęcia: Ewa Nowak", "Ewa Nowak"),
        ("Von Anna Weber", "Anna Weber"),
        ("By Sarah Collins", "Sarah Collins"),
        ("Text: Petr Novák", "Petr Novák"),
        ("Autor: Redakcja", None),
        ("Tekst: oprac. Biuro Promocji", None),
        ("Opublikował: Piotr Zawada", None),
    ],
)
def test_bylines(line: str, name: str | None) -> None:
    assert byline_name(line) == name


@pytest.mark.parametrize(
    ("para", "kind"),
    [
        ("Źródło: Urząd Miasta", Kind.SOURCE),
        ("Quelle: dpa", Kind.SOURCE),
        ("aja/PAP", Kind.SOURCE),
        ("(kra)", Kind.SOURCE),
        ("Fot. Jan Nowak", Kind.CAPTION),
        ("Czytaj także: Nowa hala w Opolu", Kind.READ_ALSO),
        ("Reklama", Kind.AD),
        ("0 Skomentuj", Kind.COUNTER),
        ("Diskuse (0)", Kind.COUNTER),
        ("Informacje dnia: Objazd na DK40 • Szczepienia", Kind.TICKER),
        ("Start | Gmina | Ogłoszenia | Kontakt", Kind.MENU),
        ("Jesteś tutaj: Strona główna » Aktualności", Kind.MENU),
        ("Deutsch", Kind.MENU),
        ("ul. Rynek 1, 47-200 Nadodrze, tel. 77 400 00 00", Kind.FOOTER),
        ("© 2021 Krajské listy", Kind.FOOTER),
        ("14.03.2019", Kind.DATELINE),
        ("Aktualizacja: 5 marca 2024", Kind.DATELINE),
        ("Zakład zatrudni 40 osób – powiedział prezes spółki.", Kind.BODY),
        ("Zgłoszenia", Kind.BODY),
    ],
)
def test_line_rules(para: str, kind: Kind) -> None:
    assert classify(para, "Tytuł artykułu") is kind


def test_template_memory_learns_repeated_blocks_per_source() -> None:
    memory = TemplateMemory(min_pages=3, min_share=0.5)
    footer = (
        "Redakcja portalu zaprasza do współpracy wszystkich przedsiębiorców z regionu opolskiego"
    )
    for i in range(4):
        html = (
            f"<html><body><article><h1>Artykuł numer {i}</h1>"
            f"<p>Treść artykułu numer {i} opisuje inwestycję w zakładzie chemicznym w Opolu.</p>"
            f"<p>Drugi akapit artykułu {i} mówi o nowych miejscach pracy dla techników.</p>"
            f"<p>{footer}</p></article></body></html>"
        )
        doc = extract(Document(url=f"https://portal.test/{i}", source="portal", html=html), memory)
    assert footer not in doc.text
    assert "Drugi akapit artykułu 3" in doc.text
    other = extract(Document(url="https://other.test/1", source="other", html=html), memory)
    assert footer in other.text  # learnt per source only
    restored = TemplateMemory.from_json(json.loads(json.dumps(memory.to_json())))
    assert restored.to_json() == memory.to_json()
    assert restored.is_boilerplate("portal", footer)


def test_template_memory_rejects_malformed_json() -> None:
    with pytest.raises(ValueError, match="template memory"):
        TemplateMemory.from_json({"version": 2})
    with pytest.raises(ValueError, match="counts"):
        TemplateMemory.from_json({"version": 1, "sources": {"a": {"counts": []}}})


def test_template_memory_is_bounded() -> None:
    memory = TemplateMemory(max_hashes=50)
    for i in range(200):
        memory.observe("s", [f"akapit {i}", "stopka"])
    assert len(memory.sources["s"].counts) <= 50
    assert memory.is_boilerplate("s", "stopka")


# --- promotions inside the body (issue 14) -----------------------------------------------------

PROMO_LINES = [
    "Video ansehen: Rundgang durch die neue Werkstatt (1:48)",
    "Zobacz wideo: Pierwsze ciężarówki na nowym moście (2:05)",
    "Die Bürgermeisterin im Gespräch (12:03 min)",
    "Serie: Arbeit im Chemiedreieck",
    "Teil 2: Leuna sucht Lehrlinge",
    "Der Wirtschafts-Newsletter",
    "Unabhängiger Lokaljournalismus kostet Geld. Unterstützen Sie unsere Arbeit mit einem Abo.",
]


@pytest.mark.parametrize("line", PROMO_LINES)
def test_promotion_lines_are_not_body(line: str) -> None:
    assert classify(line, None) is Kind.AD


@pytest.mark.parametrize(
    "line",
    [
        "Um 14:30 Uhr begann die Sitzung des Stadtrats, die bis in den Abend dauerte.",
        "Teil des Plans ist eine neue Leitung nach Schkopau.",
        "Das Werk bestellt einen Newsletter-Dienst für seine 900 Mitarbeiter und Kunden im Land.",
    ],
)
def test_body_lines_that_look_like_promotions_stay(line: str) -> None:
    assert classify(line, None) is Kind.BODY


def test_most_read_header_with_a_time_qualifier_ends_the_article() -> None:
    body = [f"Akapit numer {i} opisuje inwestycję w zakładach w Kędzierzynie." for i in range(6)]
    paragraphs = [*body, "Najczęściej czytane w tym miesiącu", "Remont dworca w Opolu"]
    assert filter_paragraphs(paragraphs, None).kept == body


def test_headline_under_a_read_also_label_goes_with_it() -> None:
    body = ["Die Anlage in Leuna läuft seit Montag im Probebetrieb und soll im Mai fertig sein."]
    out = filter_paragraphs(
        [body[0], "Auch interessant", "Schkopau: Kunststoffwerk stellt auf Ökostrom um", *body],
        None,
    )
    assert out.kept == body * 2


# --- dates (issue 14) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Do 25.04.24 | 14:07 Uhr", "2024-04-25"),
        ("Mo 02.09.24, 08:15 Uhr", "2024-09-02"),
        ("Version 1.2.24 ist erschienen", None),
        ("Seite 12.03.24", None),  # no time of day: not a dateline
    ],
)
def test_two_digit_year_before_a_time_of_day(text: str, iso: str | None) -> None:
    assert parse_local(text) == iso


def test_json_ld_with_raw_line_breaks_and_a_comment_wrapper_is_read() -> None:
    ld = (
        '<script type="application/ld+json"><!--\n{"@type": "NewsArticle", "headline": "H",'
        ' "description": "two\nlines", "datePublished": "2024-05-13T18:20:00+02:00"}\n--></script>'
    )
    html = f"<html><head>{ld}</head><body><h1>H</h1><p>Aktualisiert am 14.05.2024</p></body></html>"
    doc = extract(Document(url="https://x.test/a", source="t", html=html))
    assert doc.published == "2024-05-13"
    assert doc.published_source == "json-ld"


def test_web_page_date_published_when_the_article_object_has_none() -> None:
    ld = (
        '<script type="application/ld+json">[{"@type": "WebPage", "datePublished": "2023-11-02"},'
        ' {"@type": "NewsArticle", "headline": "H"}]</script>'
    )
    html = f"<html><head>{ld}</head><body><h1>H</h1><p>Stand: 03.11.2023</p></body></html>"
    doc = extract(Document(url="https://x.test/a", source="t", html=html))
    assert doc.published == "2023-11-02"


@pytest.mark.parametrize(
    ("line", "kind"),
    [("Liveblog", Kind.LABEL), ("mit Video", Kind.LABEL), ("von Katja Belousova", Kind.BYLINE)],
)
def test_teaser_card_labels_and_bylines(line: str, kind: Kind) -> None:
    assert classify(line, None) is kind


def test_a_list_of_related_links_is_not_article_text() -> None:
    body = "".join(
        f"<p>Absatz {i}: Die Anlage in Leuna läuft seit Montag im Probebetrieb und soll im Mai "
        "fertig sein, sagte die Sprecherin des Betreibers am Dienstag.</p>"
        for i in range(4)
    )
    links = "".join(
        f"<li>Thema {i}: <a href='/a-{i}'>Eine ganz andere Meldung aus der Region {i}</a></li>"
        for i in range(3)
    )
    html = (
        f"<html><body><article><h1>Leuna</h1>{body}<ul>{links}</ul>{body}</article></body></html>"
    )
    doc = extract(Document(url="https://x.test/a", source="t", html=html))
    assert "Absatz 3" in doc.text
    assert "andere Meldung" not in doc.text
