"""Tree pre-cleaning before main-content extraction: banners, tickers, captions."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pipeline.extract import words
from pipeline.extract.consent import remove_consent
from pipeline.extract.content import collapse
from pipeline.extract.dom import PageIndex, attached, drop

_TICKER_ATTRS = ("ticker", "marquee")
_CAPTION_ATTRS = (
    "caption",
    "podpis",
    "legend",
    "bildunterschrift",
    "popisek",
    "photo-desc",
    "img-desc",
)
_AUTHOR_MARK = re.compile(r"autor|author", re.I)
_IMAGE_BOXES = frozenset({"div", "figure", "span", "td", "center"})
_INLINE = frozenset({"span", "strong", "b", "em", "a", "i"})
_KEEP = frozenset({"html", "body", "article", "main"})


_MAX_BOX = 1500  # characters: a ticker or caption box is short; a big one is a page container


def _small(el: HtmlElement) -> bool:
    if len(el.text_content()) >= _MAX_BOX or el.find(".//article") is not None:
        return False
    return not any(len(p.text_content()) > 200 for p in el.iter("p"))


def remove_tickers(index: PageIndex) -> None:
    """Ticker bars: by id/class, or a short box that starts with a ticker label."""
    for el in index.by_attr(_TICKER_ATTRS) + index.tagged["marquee"]:
        if el.tag not in _KEEP and attached(el, index.tree) and _small(el):
            drop(el)
    for box in index.texts_starting(words.TICKER_LABELS):
        while box is not None and box.tag in _INLINE:
            box = box.getparent()
        if box is not None and box.tag not in _KEEP and attached(box, index.tree) and _small(box):
            drop(box)


def remove_promo_boxes(index: PageIndex) -> None:
    """Newsletter sign-ups, donation appeals, series, video and 'most read' boxes, by class or id.

    Only small boxes without a headline go (a page container named 'newsletter-page' stays).
    """
    for el in index.by_attr(words.PROMO_BOX_PARTS):
        if (
            el.tag not in _KEEP
            and attached(el, index.tree)
            and el.find(".//h1") is None
            and _small(el)
        ):
            drop(el)


def take_captions(index: PageIndex) -> list[str]:
    """Remove figure captions from the tree and return their texts."""
    captions: list[str] = []
    for el in index.tagged["figcaption"] + index.by_attr(_CAPTION_ATTRS):
        if el.tag in _KEEP or not attached(el, index.tree):
            continue
        if _AUTHOR_MARK.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue  # 'podpis-autora': the author's signature, not a caption
        text = collapse(el.text_content())
        if text and len(text) < 500:
            captions.append(text)
            drop(el)
    return captions


def take_image_captions(index: PageIndex) -> list[str]:
    """A small box with an image and a line of text is a caption: keep its text apart."""
    captions: list[str] = []
    for img in list(index.tree.iter("img")):
        box = img.getparent()
        if box is None or box.tag not in _IMAGE_BOXES or len(box) > 4:
            continue
        text = collapse(box.text_content())
        if (
            not text
            or len(text) > 300
            or box.find(".//p") is not None
            or box.find(".//a") is not None
        ):
            continue
        captions.append(text)
        for child in list(box):
            if child.tag != "img":
                drop(child)
        box.text = None
        img.tail = None
    return captions


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def strip_code(index: PageIndex) -> None:
    """Scripts (JSON-LD stays) out of the page, styles and noscript fallbacks out of headings.

    A heading that holds a ``<script>`` would otherwise carry its code into the headline and
    into the text (``text_content()`` reads script text like any other). A ``<noscript>`` is
    only dropped inside a heading: elsewhere an unclosed one can hold the whole page.
    """
    for el in index.tagged["script"]:
        if (el.get("type") or "").lower() != "application/ld+json":
            drop(el)
    for heading in index.headings:
        for el in list(heading.iter("noscript", "style")):
            drop(el)


def preclean(index: PageIndex) -> list[str]:
    """Strip consent boxes, tickers, promotion boxes and captions in place; return the captions."""
    remove_consent(index)
    remove_tickers(index)
    remove_promo_boxes(index)
    return take_captions(index) + take_image_captions(index)
