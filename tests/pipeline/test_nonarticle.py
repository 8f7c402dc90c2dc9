"""Photo galleries behind article-like URLs are not articles; captioned articles still are."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.extract import extract, parse_html
from pipeline.extract.jsonld import LdInfo
from pipeline.extract.nonarticle import (
    GALLERY,
    NOT_ARTICLE,
    PageSignals,
    _url_kind,
    long_blocks,
    looks_like_gallery,
    looks_like_non_article,
    page_signals,
    prose_words,
    word_count,
)

URL = "https://gazeta.example/wiadomosci/2021/05/08/{slug}.html"
CAPTIONS = [
    "Tłum gości przed bramą zakładu w sobotę rano.",
    "Strażacy pokazali dzieciom sprzęt ratowniczy.",
    "Laboranci przygotowali pokaz kolorowych reakcji.",
    "Zwiedzający w autobusie jadącym wzdłuż instalacji.",
    "Na koniec dnia odbył się koncert na parkingu.",
]
PROSE = [
    "Zakład chemiczny otworzył w sobotę swoje bramy dla mieszkańców miasta i okolicznych gmin, "
    "a chętnych było więcej, niż przewidywali organizatorzy.",
    "Goście mogli zobaczyć sterownię, laboratorium kontroli jakości i magazyn wyrobów gotowych, "
    "a przewodnikami byli inżynierowie pracujący na co dzień przy instalacjach.",
    "Dyrekcja zapowiada, że dzień otwarty odbędzie się ponownie za rok i obejmie także "
    "oczyszczalnię ścieków, która jest teraz w przebudowie.",
]


def _page(title: str, lead: str, paragraphs: list[str], captions: list[str]) -> str:
    figures = "".join(
        f'<figure><img src="/f/{i}.jpg" alt=""><figcaption>{c}</figcaption></figure>'
        for i, c in enumerate(captions)
    )
    paras = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title} | Gazeta</title></head><body>"
        '<nav><a href="/">Start</a> <a href="/wiadomosci/">Wiadomości</a></nav>'
        f'<main><article><h1>{title}</h1><div class="meta">08.05.2021</div>'
        f'<p class="lead">{lead}</p>{figures}{paras}</article></main>'
        "<footer><p>© 2021 Gazeta Przykładowa</p></footer></body></html>"
    )


def _extract(slug: str, html: str) -> Document:
    return extract(Document(url=URL.format(slug=slug), source="gazeta", html=html))


def test_a_named_gallery_with_a_one_line_lead_is_not_an_article() -> None:
    html = _page("Galeria: dzień otwarty w zakładzie", "Zobaczcie zdjęcia z soboty.", [], CAPTIONS)
    doc = _extract("galeria-dzien-otwarty", html)
    assert (doc.is_article, doc.skip_reason) == (False, GALLERY)


def test_pictures_without_any_prose_are_a_gallery_even_unnamed() -> None:
    doc = _extract("dzien-otwarty", _page("Dzień otwarty w zakładzie", "", [], CAPTIONS))
    assert (doc.is_article, doc.skip_reason) == (False, GALLERY)


def test_a_captioned_article_with_running_text_stays_an_article() -> None:
    doc = _extract("galeria-dzien-otwarty", _page("Galeria: dzień otwarty", PROSE[0], PROSE[1:],
                                                  CAPTIONS))
    assert doc.is_article and doc.skip_reason is None
    assert doc.text.split("\n\n") == PROSE
    assert doc.captions == CAPTIONS


def test_a_short_unnamed_article_with_three_photos_stays_an_article() -> None:
    # one sentence of about twenty words: too much prose for a gallery that does not say so
    doc = _extract("dzien-otwarty", _page("Dzień otwarty w zakładzie", PROSE[0], [], CAPTIONS[:3]))
    assert doc.is_article and PROSE[0] in doc.text


def test_two_captions_do_not_make_a_gallery() -> None:
    doc = _extract("galeria-dzien-otwarty", _page("Galeria: dzień otwarty", "Zdjęcia z soboty.",
                                                  [], CAPTIONS[:2]))
    assert doc.skip_reason != GALLERY


def test_long_blocks_left_on_the_page_veto_the_verdict() -> None:
    """An article the extractor missed (long paragraphs still on the page) is no gallery."""
    doc = Document(url=URL.format(slug="galeria"), source="g", title="Galeria: zakład")
    doc.captions = list(CAPTIONS)
    assert looks_like_gallery(doc, lambda: 0)
    assert looks_like_gallery(doc, lambda: 1)
    assert not looks_like_gallery(doc, lambda: 2)


def test_prose_and_long_block_counts() -> None:
    lines = ["Krótki podpis.", PROSE[0], "Bez kropki na końcu, ale z wieloma słowami w środku"]
    assert prose_words(lines) == word_count(PROSE[0])
    assert word_count("化工园区今天宣布扩建") == 5  # no spaces: two characters a word
    assert word_count("Park 化工园区 Leuna") == 4
    page = parse_html("<html><body><p>" + " ".join(["słowo"] * 40) + "</p><div>"
                      + " ".join(["x"] * 35) + "<p>krótko</p></div><p>krótko</p></body></html>")
    assert page is not None
    assert long_blocks(page) == 2
    assert long_blocks(page, limit=1) == 1


# --- listings: teaser headings make a listing only when the text is made of teasers too

SNIPPET = "Spółka z parku przemysłowego ogłosiła w tym tygodniu plan {i} rozbudowy instalacji."
LONG = (
    "Zarząd spółki przedstawił w czwartek radnym miasta szczegóły inwestycji numer {i}, która ma "
    "kosztować kilkadziesiąt milionów złotych i dać pracę kilkudziesięciu osobom z regionu."
)


def _teasers(n: int, snippet: str) -> str:
    return "".join(
        f'<div class="item"><h2><a href="/wiadomosci/{i}.html">Nagłówek wiadomości numer {i}</a>'
        f"</h2><p>{snippet.format(i=i)}</p></div>"
        for i in range(n)
    )


def _plain(body: str) -> Document:
    html = f"<html><head><title>Portal</title></head><body>{body}</body></html>"
    return extract(Document(url="https://gazeta.example/wiadomosci/", source="g", html=html))


def test_a_page_of_teasers_is_a_listing() -> None:
    doc = _plain(f"<main><h1>Wiadomości</h1>{_teasers(6, SNIPPET)}</main>")
    assert not doc.is_article


def test_a_long_text_of_teasers_is_a_listing_by_its_headlines() -> None:
    heads = [f"Nagłówek wiadomości numer {i}" for i in range(12)]
    doc = Document(url="https://gazeta.example/", source="g")
    doc.text = "\n\n".join(p for i, h in enumerate(heads) for p in (h, LONG.format(i=i)))
    assert prose_words(doc.text.split("\n\n")) >= 150  # too much prose to go by that alone
    signals = PageSignals(teasers=12, more=0, headlines=frozenset(heads))
    assert looks_like_non_article(signals, LdInfo(), False, doc)
    assert not looks_like_non_article(PageSignals(12, 0, frozenset()), LdInfo(), False, doc)
    assert not looks_like_non_article(signals, LdInfo(), True, doc)  # og:type article


def test_an_article_with_a_related_box_of_linked_headings_stays_an_article() -> None:
    paras = "".join(f"<p>{LONG.format(i=i)}</p>" for i in range(8))
    related = "".join(f'<h3><a href="/w/{i}.html">Inny tekst numer {i}</a></h3>' for i in range(7))
    doc = _plain(f"<main><article><h1>Inwestycja w parku</h1>{paras}</article>"
                 f"<aside><h2>Czytaj także</h2>{related}</aside></main>")
    assert doc.is_article
    assert doc.text.split("\n\n") == [LONG.format(i=i) for i in range(8)]


# --- listings: linked headings and 'read more' links are evidence only when the text is teasers
HEADLINES = [
    "Nowa linia autobusowa do strefy przemysłowej",
    "Zakład azotowy szuka operatorów instalacji",
    "Remont mostu na Odrze potrwa do jesieni",
    "Szkoła techniczna otwiera klasę laborantów",
    "Targi pracy w hali sportowej w czwartek",
]
SIDEBAR = "".join(
    f'<div class="teaser"><h3><a href="/wiadomosci/{i}.html">{h}</a></h3>'
    f'<a href="/wiadomosci/{i}.html">Czytaj więcej</a></div>'
    for i, h in enumerate(HEADLINES)
)


def test_a_two_sentence_article_beside_a_box_of_linked_headings_stays_an_article() -> None:
    text = PROSE[0] + " " + PROSE[1]
    html = (
        "<html><head><title>Dzień otwarty | Gazeta</title></head><body>"
        f"<main><h1>Dzień otwarty w zakładzie</h1><p>{text}</p></main>"
        f"<aside>{SIDEBAR}</aside></body></html>"
    )
    doc = _extract("dzien-otwarty", html)
    assert doc.is_article and doc.skip_reason is None
    assert PROSE[1] in doc.text


def test_a_section_page_of_headings_and_a_one_line_blurb_is_a_listing() -> None:
    html = (
        "<html><head><title>Przemysł | Gazeta</title></head><body>"
        "<main><h1>Przemysł</h1><p>Wiadomości gospodarcze z regionu.</p>"
        f"{SIDEBAR}</main></body></html>"
    )
    doc = extract(Document(url="https://gazeta.example/przemysl/", source="gazeta", html=html))
    assert not doc.is_article


# --- teaser blocks, pagers and URL shapes: short listings, tag pages, front pages, policies
BLURBS = [
    "Mieszkańcy osiedla nad kanałem dostaną nowy przystanek autobusowy jeszcze przed zimą.",
    "Technikum przy ulicy Szkolnej pokazało uczniom pracownię analizy wody i gleby.",
    "Radni przyjęli plan remontu hali targowej, prace zaczną się w marcu przyszłego roku.",
]
PAGER = (
    '<div class="pagination"><span>1</span> <a href="/aktualnosci/strona/2/">2</a> '
    '<a rel="next" href="/aktualnosci/strona/2/">Dalej</a></div>'
)


def _blocks(n: int) -> str:
    return "".join(
        f'<div class="box"><h2><a href="/aktualnosci/2021/03/0{i + 1}/tekst-{i}.html">'
        f"{HEADLINES[i]}</a></h2><span>0{i + 1}.03.2021</span><p>{BLURBS[i]}</p></div>"
        for i in range(n)
    )


def _at(url: str, main: str, title: str = "Aktualności") -> Document:
    html = (
        f"<html><head><title>{title} | Gazeta</title></head><body>"
        '<nav><a href="/">Start</a> <a href="/aktualnosci/">Aktualności</a></nav>'
        f"<main><h1>{title}</h1>{main}</main>"
        "<footer><p>© 2021 Gazeta Przykładowa</p></footer></body></html>"
    )
    return extract(Document(url=url, source="gazeta", html=html))


def test_teaser_blocks_are_counted_by_distinct_targets_in_small_boxes() -> None:
    page = parse_html(f"<html><body><main>{_blocks(3)}{_blocks(1)}{PAGER}</main></body></html>")
    assert page is not None
    signals = page_signals(page, "", "https://gazeta.example/aktualnosci/")
    assert (signals.blocks, signals.paginated) == (3, True)


def test_a_heading_without_a_blurb_or_linking_to_the_page_itself_is_no_teaser_block() -> None:
    url = "https://gazeta.example/aktualnosci/2021/03/01/tekst-0.html"
    bare = f'<div><h2><a href="/aktualnosci/2021/03/02/inny.html">{HEADLINES[1]}</a></h2></div>'
    html = f"<html><body>{_blocks(1)}{bare}<p>{LONG.format(i=1)}</p></body></html>"
    page = parse_html(html)
    assert page is not None
    assert page_signals(page, html, url).blocks == 0
    assert page_signals(page, html, "https://gazeta.example/aktualnosci/").blocks == 1


def test_a_heading_in_a_box_of_running_text_is_no_teaser_block() -> None:
    body = " ".join(LONG.format(i=i) for i in range(4))  # some 100 words
    html = f'<html><body><div><h2><a href="/inny/tekst.html">Tytuł</a></h2><p>{body}</p></div>'
    page = parse_html(html + "</body></html>")
    assert page is not None
    assert page_signals(page, html, "https://gazeta.example/x.html").blocks == 0


def test_a_pager_is_a_classed_block_or_a_next_link() -> None:
    pagers = (PAGER, '<a rel="prev" href="/a/">Wstecz</a>', '<ul class="pager"><li>1</li></ul>')
    for pager in pagers:
        page = parse_html(f"<html><body>{pager}</body></html>")
        assert page is not None
        assert page_signals(page, "").paginated
    page = parse_html('<html><body><a href="/a/strona/2/">2</a></body></html>')
    assert page is not None
    assert not page_signals(page, "").paginated


def test_two_teaser_blocks_make_a_short_listing_whatever_the_url() -> None:
    doc = _at("https://gazeta.example/aktualnosci/", _blocks(2))
    assert (doc.is_article, doc.skip_reason) == (False, NOT_ARTICLE)


def test_one_teaser_block_and_a_pager_make_a_listing() -> None:
    doc = _at("https://gazeta.example/aktualnosci/", _blocks(1) + PAGER)
    assert not doc.is_article


def test_one_teaser_block_alone_leaves_an_ordinary_url_alone() -> None:
    doc = _at("https://gazeta.example/aktualnosci/przeglad-tygodnia.html", _blocks(1))
    assert doc.is_article


@pytest.mark.parametrize(
    "path", ["/", "/de/", "/aktualnosci/strona/3/", "/news/page/2/", "/tag/przemysl/", "/tema/x/"]
)
def test_one_teaser_block_on_a_listing_shaped_url_is_not_an_article(path: str) -> None:
    doc = _at(f"https://gazeta.example{path}", _blocks(1))
    assert (doc.is_article, doc.skip_reason) == (False, NOT_ARTICLE)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://gazeta.example/", "root"),
        ("https://gazeta.example", "root"),
        ("https://gazeta.example/en/", "root"),
        ("https://gazeta.example/pt-br/", "root"),
        ("https://gazeta.example/wiadomosci/strona/2/", "page"),
        ("https://gazeta.example/nachrichten/seite/12/", "page"),
        ("https://gazeta.example/zpravy/strana/2/", "page"),
        ("https://gazeta.example/news/page/3", "page"),
        ("https://gazeta.example/polityka-prywatnosci.html", "policy"),
        ("https://gazeta.example/info/datenschutz/", "policy"),
        ("https://gazeta.example/regulamin.php", "policy"),
        ("https://gazeta.example/tag/chemia/", "topic"),
        ("https://gazeta.example/tema/spolchemie/", "topic"),
        ("https://gazeta.example/wiadomosci/2021/05/08/nowa-hala.html", None),
        ("https://gazeta.example/blog/ciasteczka-z-kuchni-babci/", None),
        ("https://gazeta.example/page-one-of-the-story/", None),
        ("", None),
    ],
)
def test_url_kinds(url: str, kind: str | None) -> None:
    assert _url_kind(url) == kind


def test_a_policy_page_without_a_date_is_not_an_article() -> None:
    main = "<p>Administratorem danych jest wydawca.</p><p>Dane służą do obsługi konta.</p>"
    doc = _at("https://gazeta.example/polityka-prywatnosci.html", main, "Polityka prywatności")
    assert (doc.is_article, doc.skip_reason) == (False, NOT_ARTICLE)


def test_a_dated_article_on_a_policy_like_url_stays_an_article() -> None:
    main = '<div class="date">08.05.2021</div>' + "".join(
        f"<p>{LONG.format(i=i)}</p>" for i in range(3)
    )
    doc = _at("https://gazeta.example/2021/05/08/cookies.html", main, "Nowe przepisy")
    assert doc.published is not None
    assert doc.is_article


def test_a_short_article_beside_two_related_teaser_blocks_stays_an_article() -> None:
    text = PROSE[0] + " " + PROSE[1]
    main = f"<article><p>{text}</p></article><aside><h2>Czytaj też</h2>{_blocks(2)}</aside>"
    doc = _at("https://gazeta.example/aktualnosci/dzien-otwarty.html", main, "Dzień otwarty")
    assert doc.is_article and PROSE[1] in doc.text
