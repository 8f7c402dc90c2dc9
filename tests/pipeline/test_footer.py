"""Footers without a <footer> element: the box around the copyright line leaves the text whole."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.extract import extract, parse_html
from pipeline.extract.dom import PageIndex
from pipeline.extract.footer import drop_footer, footer_boxes

BODY = [
    "Radni kraje schválili dotaci pro sdružení chemických firem, které chce společně s vysokými "
    "školami připravovat výzkumné projekty a lépe propagovat region v zahraničí.",
    "Podpora bude trvat tři roky a ročně dosáhne až dvou milionů korun, pokud se do projektů "
    "zapojí také malé a střední podniky z okolních měst.",
    "První projekt se má týkat recyklace plastů; žádost o evropské peníze chce sdružení podat "
    "ještě letos na podzim, uvedl mluvčí kraje.",
]
SLOGAN = "Krajský list – zprávy ze severu Čech"
FOOTER_LINES = [SLOGAN, "Redakce: Dlouhá 12, 400 01 Ústí nad Labem", "© 2016 Krajský list"]


def _div_page(footer: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        "<html><head><title>Kraj podpoří chemický klastr</title></head><body>"
        '<div id="top"><a href="/">Krajský list</a></div>'
        f'<div id="obsah"><div class="clanek"><h1>Kraj podpoří chemický klastr</h1>{paras}</div>'
        f"</div>{footer}</body></html>"
    )


def _extract(html: str) -> Document:
    url = "https://list.example/region/klastr-17.html"
    return extract(Document(url=url, source="l", html=html))


def test_a_plain_div_footer_goes_whole() -> None:
    box = '<div class="pata">' + "".join(f"<p>{x}</p>" for x in FOOTER_LINES) + "</div>"
    doc = _extract(_div_page(box))
    assert doc.text.split("\n\n") == BODY


def test_a_table_layout_footer_cell_goes_whole() -> None:
    paras = "<br><br>".join(BODY)
    html = (
        "<html><head><title>Kraj podpoří chemický klastr</title></head><body><table>"
        "<tr><td><b>Krajský list</b></td></tr>"
        f"<tr><td><h1>Kraj podpoří chemický klastr</h1>{paras}</td></tr>"
        f"<tr><td><b>{SLOGAN}</b><br>{FOOTER_LINES[1]}<br>{FOOTER_LINES[2]}</td></tr>"
        "</table></body></html>"
    )
    doc = _extract(html)
    assert SLOGAN not in doc.text
    assert all(p in doc.text for p in BODY)


def test_a_short_article_ending_with_its_own_copyright_line_is_kept() -> None:
    short = [
        "Hasiči cvičili v areálu rafinérie zásah při úniku čpavku.",
        "Cvičení trvalo tři hodiny a zúčastnilo se ho dvacet lidí.",
    ]
    html = (
        "<html><body><div class='box'><h2>Hasiči cvičili</h2>"
        + "".join(f"<p>{p}</p>" for p in short)
        + "<p>© ČTK 2016</p></div></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    index = PageIndex(tree, html)
    assert drop_footer([*short, "© ČTK 2016"], index) == [*short, "© ČTK 2016"]


def test_boxes_are_found_around_the_copyright_line_only() -> None:
    html = _div_page('<div class="pata"><p>' + "</p><p>".join(FOOTER_LINES) + "</p></div>")
    tree = parse_html(html)
    assert tree is not None
    boxes = footer_boxes(PageIndex(tree, html))
    assert [b.get("class") for b in boxes] == ["pata"]
    leaked = [*BODY, SLOGAN, FOOTER_LINES[2]]
    assert drop_footer(leaked, PageIndex(tree, html)) == BODY
    assert drop_footer(leaked, PageIndex(tree, "")) == BODY  # no source: no pre-check
    # no copyright line among the paragraphs: the footer box did not come through, nothing goes
    assert drop_footer([*BODY, SLOGAN], PageIndex(tree, html)) == [*BODY, SLOGAN]
