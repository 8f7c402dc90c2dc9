"""Teasers of other articles inside the extracted text, and the short lines that are not article
text (counters, mastheads, cut teasers): Czech fixtures written for these tests."""

from __future__ import annotations

import lxml.html
import pytest

from pipeline.document import Document
from pipeline.extract import extract
from pipeline.extract.content import drop_teasers, is_teaser, page_blocks
from pipeline.extract.filters import Kind, classify

ARTICLE = [
    "Chemička v Neratovicích dokončila po dvou letech přestavbu čistírny odpadních vod. Nová "
    "linka zpracuje dvakrát více vody než ta původní a spotřebuje o třetinu méně energie.",
    "Podle ředitele závodu stála modernizace přes dvě stě milionů korun, část nákladů pokryla "
    "dotace z operačního programu pro životní prostředí a zbytek firma zaplatila sama.",
    "Obyvatelé okolních obcí si dříve stěžovali na zápach z usazovacích nádrží. Ty teď zakrývá "
    "nová střecha a vzduch z nich prochází biologickým filtrem, uvedla mluvčí podniku.",
    "Zkušební provoz potrvá do konce roku. Pak přijde na řadu kontrola hygieniků, kteří změří "
    "hodnoty vypouštěné vody a teprve potom úřad vydá povolení k trvalému provozu.",
]
CARDS = [
    ("Kraj chystá novou cyklostezku podél Labe", "Stavba začne na jaře a potrvá dva roky."),
    ("V Kolíně otevřeli rozšířenou knihovnu", "Nová čítárna má místo pro sto návštěvníků."),
    ("Dopravní podnik koupí dvacet autobusů", "Nové vozy budou jezdit hlavně na okraji města."),
]


def _doc(body: str) -> Document:
    html = (
        "<html><head><title>Čistírna v Neratovicích</title></head><body>"
        f"<div class='page'>{body}</div></body></html>"
    )
    return extract(Document(url="https://noviny.test/zpravy/1", source="noviny", html=html))


def _article(after: str = "") -> str:
    """The article's container; ``after`` goes inside it, below the text (where portals put
    their 'more from the section' boxes, and where trafilatura keeps them)."""
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return f"<div class='text'><h1>Čistírna v Neratovicích</h1>{paras}{after}</div>"


def _card(headline: str, blurb: str, extra: str = "") -> str:
    return (
        f"<div class='item'><h3><a href='/zpravy/{abs(hash(headline))}'>{headline}</a>{extra}"
        f"</h3><div class='info'><p>{blurb}</p></div></div>"
    )


def test_cards_of_other_articles_are_dropped() -> None:
    box = "".join(_card(h, b) for h, b in CARDS)
    doc = _doc(_article(f"<div class='box'>{box}</div>"))
    assert doc.text == "\n\n".join(ARTICLE)


def test_a_card_headline_with_a_media_tag_is_still_a_card() -> None:
    box = "".join(_card(h, b, " <span>Video</span>") for h, b in CARDS)
    doc = _doc(_article(f"<div class='box'>{box}</div>"))
    assert doc.text == "\n\n".join(ARTICLE)


def test_a_box_that_is_one_link_is_a_teaser() -> None:
    box = (
        "<a class='inline' href='/zpravy/99'><div><p>Obce u Labe dostanou peníze na protipovodňové"
        " hráze, rozhodlo zastupitelstvo kraje.</p><p>Číst článek</p></div></a>"
    )
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE[:2])
    rest = "".join(f"<p>{p}</p>" for p in ARTICLE[2:])
    doc = _doc(f"<div class='text'><h1>Čistírna v Neratovicích</h1>{paras}{box}{rest}</div>")
    assert doc.text == "\n\n".join(ARTICLE)


def test_linked_subheadings_of_a_long_section_stay() -> None:
    # a review whose intertitles link to the products: not cards, the section is long
    section = "".join(
        f"<h3><a href='/produkt/{i}'>Čistička vzduchu model {i}</a></h3><p>{p}</p>"
        for i, p in enumerate(ARTICLE)
    )
    doc = _doc(f"<div class='text'><h1>Čistírna v Neratovicích</h1>{section}</div>")
    for i, p in enumerate(ARTICLE):
        assert p in doc.text
        assert f"Čistička vzduchu model {i}" in doc.text


def test_a_post_whose_heading_links_to_itself_keeps_its_text() -> None:
    # blog layout: the post's own heading is a permalink above the text, in one box
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE)
    post = f"<div class='post'><h2><a href='/zpravy/1'>Nová čistírna</a></h2>{paras}</div>"
    assert _blocks(f"<html><body>{post}</body></html>") == []
    assert _doc(post).text.endswith("\n\n".join(ARTICLE))


def _blocks(html: str) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    return [b.text for b in page_blocks(tree) if is_teaser(b)]


def test_teaser_blocks_are_recognised_in_the_tree() -> None:
    html = f"<html><body>{_article()}{_card(*CARDS[0])}</body></html>"
    assert _blocks(html) == list(CARDS[0])
    anchor = "<h3><a href='#dalsi'>Další odstavec</a></h3>"
    assert _blocks(f"<html><body><div>{anchor}<p>Krátký text.</p></div></body></html>") == []


def test_a_text_found_outside_the_teasers_too_is_kept() -> None:
    page = (
        "<html><body><div><h3><a href='/x'>Výsledky</a></h3><p>Krátký text.</p></div>"
        "<div><h2>Výsledky</h2><p>Dlouhý odstavec článku o výsledcích hospodaření.</p></div>"
        "</body></html>"
    )
    blocks = page_blocks(lxml.html.document_fromstring(page))
    paras = ["Výsledky", "Dlouhý odstavec článku o výsledcích hospodaření.", "Krátký text."]
    assert drop_teasers(paras, blocks) == paras[:2]
    # a short text repeated more often than the teasers hold it (table cells) is kept
    cells = [paras[1], "Krátký text.", "Krátký text."]
    assert drop_teasers(cells, blocks) == cells
    # a page that is nothing but a teaser keeps its text rather than becoming empty
    assert drop_teasers(["Krátký text."], blocks) == ["Krátký text."]


@pytest.mark.parametrize(
    ("para", "kind"),
    [
        ("Zdražování energií zasáhne hlavně malé firmy (21447x)", Kind.COUNTER),
        ("0×video 1×audio 3×foto 2×komentářů", Kind.COUNTER),
        ("12 fotografií v galerii ›", Kind.COUNTER),
        ("Zpravodaj.cz | Archiv 2001 – 2019 © Vydavatelství Jih, a.s.", Kind.FOOTER),
        ("Jakékoliv užití obsahu je bez souhlasu vydavatele zakázáno.", Kind.FOOTER),
        ("Používáme informační servis ČTK. Kontakt na redakci.", Kind.FOOTER),
        ("Starosta v úvodníku píše o nových parkovištích a o tom, co... »»»", Kind.TEASER),
        ("Most přes Labe u Děčína otevřeli v pátek. Autor: Jan Novák", Kind.CAPTION),
        (
            "4. 5. 2011 10:00, aktualizováno 4. 5. 2011 12:30, Zprávy z regionu Jih",
            Kind.DATELINE,
        ),
        ("Článek", Kind.MENU),
        ("Poslouchejte nás každý den ve všech podcastových aplikacích.", Kind.AD),
        # body text that looks a little like the above
        ("Autobus jezdí 2× týdně a 3× měsíčně i do Liberce.", Kind.BODY),
        ("Trenér vyhrál ligu třikrát (3x) a pohár jednou.", Kind.BODY),
        (
            "Fotograf, jehož snímek © autor vyhrál soutěž, vystavuje v galerii na náměstí celý "
            "cyklus krajin z Českého středohoří až do konce měsíce.",
            Kind.BODY,
        ),
    ],
)
def test_line_rules_for_czech_portals(para: str, kind: Kind) -> None:
    assert classify(para, "Čistírna v Neratovicích") is kind
