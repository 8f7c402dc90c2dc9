"""Tree pre-cleaning before main-content extraction: banners, tickers, captions."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pipeline.extract import words
from pipeline.extract.consent import remove_consent
from pipeline.extract.content import collapse

_TICKER_CLASS = re.compile(r"ticker|marquee|breaking-news|newsticker", re.I)
_TICKER_LABEL = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in words.TICKER_LABELS) + r")", re.I)
_CAPTION_CLASS = re.compile(r"caption|podpis|legend|bildunterschrift|popisek|photo-desc|img-desc|credit", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "button", "select", "input")


def _drop(el: HtmlElement) -> None:
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def remove_tickers(tree: HtmlElement) -> None:
    """Ticker bars: by class, or a short box that starts with a ticker label."""
    for el in list(tree.iter("div", "section", "ul", "p", "aside", "marquee")):
        if el.getparent() is None:
            continue
        ident = f"{el.get('id', '')} {el.get('class', '')}"
        if el.tag == "marquee" or _TICKER_CLASS.search(ident):
            _drop(el)
    for el in list(tree.iter("span", "strong", "b", "em")):
        if el.getparent() is None or not el.text or not _TICKER_LABEL.match(el.text):
            continue
        box = el.getparent()
        while box is not None and box.tag in ("span", "strong", "b", "em", "a"):
            box = box.getparent()
        if box is not None and box.tag not in ("body", "html", "article", "main") and len(box.text_content()) < 2000:
            _drop(box)


def take_captions(tree: HtmlElement) -> list[str]:
    """Remove figure captions from the tree and return their texts."""
    captions: list[str] = []
    for el in list(tree.iter("figcaption", "div", "p", "span", "small")):
        if el.getparent() is None:
            continue
        if el.tag != "figcaption" and not _CAPTION_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        text = collapse(el.text_content())
        if text and len(text) < 500:
            captions.append(text)
            _drop(el)
    return captions


def preclean(tree: HtmlElement) -> list[str]:
    """Strip consent boxes, tickers and captions in place; return the captions."""
    for el in list(tree.iter(*_DROP_TAGS)):
        if el.getparent() is not None and not (el.tag == "script" and "ld+json" in (el.get("type") or "")):
            _drop(el)
    remove_consent(tree)
    remove_tickers(tree)
    return take_captions(tree)
