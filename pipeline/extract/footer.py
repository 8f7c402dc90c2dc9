"""Site footers that no markup names: the small box holding the copyright line.

Layouts without HTML5 landmarks (a plain ``<div>`` or table cell at the end of the page) give
trafilatura nothing to recognise a footer by, so the slogan or link line next to the copyright
notice can end up in the text. The line rules (``filters``) catch the copyright and address lines
one by one; this rule takes the whole box they sit in: the largest ancestor of a copyright line
that is still small and holds neither the headline nor the start of the article.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from pipeline.extract.content import collapse
from pipeline.extract.dom import PageIndex, attached

_COPYRIGHT = re.compile(r"\s*(?:©|\(c\)\s*\d{4}|copyright\b)", re.I)
_IN_SOURCE = re.compile(r"©|&copy;|&#169;|&#xa9;|\(c\)|copyright", re.I)
_CANDIDATES = XPath(
    "//body//text()[contains(., '©') or contains(., '(c)') or contains(., '(C)')"
    " or contains(., 'opyright') or contains(., 'OPYRIGHT')]",
    smart_strings=True,
)
_STOP = frozenset({"body", "html", "article", "main"})
_MAX_BOX = 1000  # characters: a footer box is short; anything larger is a page container
_MAX_SHARE = 0.3  # a footer never holds more than this share of the extracted words


def footer_boxes(index: PageIndex) -> list[HtmlElement]:
    """The boxes around the page's copyright lines (the outermost small ancestor of each)."""
    boxes: list[HtmlElement] = []
    if index.source and not _IN_SOURCE.search(index.source):
        return boxes
    for node in _CANDIDATES(index.tree):
        if not _COPYRIGHT.match(node):  # a text that starts with the notice
            continue
        el = node.getparent()
        if el is not None and node.is_tail:
            el = el.getparent()
        if el is None or not attached(el, index.tree):
            continue
        box = _grow(el)
        if box is not el and not any(box is b for b in boxes):
            boxes.append(box)
    return boxes


def _grow(el: HtmlElement) -> HtmlElement:
    """The largest ancestor of ``el`` below the page containers with little text and no h1."""
    node = el
    while (parent := node.getparent()) is not None and parent.tag not in _STOP:
        if len(parent.text_content()) > _MAX_BOX or parent.find(".//h1") is not None:
            break
        node = parent
    return node


def drop_footer(paragraphs: list[str], index: PageIndex) -> list[str]:
    """``paragraphs`` without those found in a footer box of the page.

    A box that holds the first paragraph is the article itself (a short one ending with its own
    copyright line) and is left alone, as is a box that would take a large share of the text.
    """
    if len(paragraphs) < 2 or not any(_COPYRIGHT.match(p) for p in paragraphs):
        return paragraphs  # no copyright line came through: no footer box came through either
    for box in footer_boxes(index):
        texts = _box_texts(box)
        if paragraphs[0] in texts:
            continue
        inside = [p for p in paragraphs if p in texts]
        total = sum(len(p.split()) for p in paragraphs)
        if inside and sum(len(p.split()) for p in inside) <= _MAX_SHARE * total:
            paragraphs = [p for p in paragraphs if p not in texts]
    return paragraphs


def _box_texts(box: HtmlElement) -> set[str]:
    """The texts of the box and of every element in it, and its text runs between tags."""
    texts: set[str] = set()
    for el in box.iter():
        texts.add(collapse(el.text_content()))
        texts.update(collapse(t) for t in (el.text, el.tail if el is not box else None) if t)
    texts.discard("")
    return texts
