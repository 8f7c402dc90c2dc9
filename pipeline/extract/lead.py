"""The lead (perex, teaser, standfirst) when it sits outside the body container.

Many templates put the lead in the article header, next to the headline, and the body in a
container of its own; the main-content extractor then takes the body alone. The lead is looked
for among the elements that follow the headline, before the first extracted paragraph: a
sentence-like block marked as a lead by its class or id, or one that repeats the page's meta
description.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from pipeline.extract import words
from pipeline.extract.content import collapse, inside_link

_LOOK_AHEAD = 40  # elements after the headline looked at
_WORD = re.compile(r"\w+")
_LEAD_MARK = re.compile("|".join(re.escape(w) for w in words.LEAD_CLASS_PARTS), re.I)
_SUBHEAD_MARK = re.compile("|".join(re.escape(w) for w in words.SUBHEAD_CLASS_PARTS), re.I)
_SENTENCE_END = re.compile(r"[.!?…:\"“”»«)]$")
_MIN_WORDS = 10
_MAX_CHARS = 1200
_MIN_CHARS = 40  # a block this long found in the extracted text: the body has begun
_SHARED_WITH_DESCRIPTION = 0.7  # of the block's words also in the meta description
_FORBIDDEN = frozenset({"nav", "aside", "footer", "figure", "figcaption", "form", "a", "li"})


def _following(heading: HtmlElement) -> Iterator[HtmlElement]:
    """The p, div, span and strong elements after the headline in document order (a few dozen);
    walked in Python, since an XPath following:: axis collects the rest of the page first."""
    seen = 0
    node: HtmlElement | None = heading
    while node is not None and node.tag not in ("body", "html"):
        for sib in node.itersiblings():
            for el in sib.iter("p", "div", "span", "strong"):
                yield el
                seen += 1
                if seen >= _LOOK_AHEAD:
                    return
        node = node.getparent()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _marks(el: HtmlElement) -> str:
    parent = el.getparent()
    return " ".join(
        f"{node.get('class', '')} {node.get('id', '')}" for node in (el, parent) if node is not None
    )


def _like_description(text: str, description: set[str]) -> bool:
    own = _words(text)
    return bool(own) and sum(t in description for t in own) >= _SHARED_WITH_DESCRIPTION * len(own)


def _candidate(el: HtmlElement, text: str) -> bool:
    if len(text.split()) < _MIN_WORDS or len(text) > _MAX_CHARS:
        return False
    if not _SENTENCE_END.search(text):
        return False
    return not any(a.tag in _FORBIDDEN for a in el.iterancestors()) and not inside_link(el)


def find_lead(
    heading: HtmlElement | None, paragraphs: list[str], description: str | None
) -> str | None:
    """A lead between the headline and the first paragraph that is missing from ``paragraphs``."""
    if heading is None or not paragraphs or heading.getparent() is None:
        return None
    squeezed = "".join("".join(p.split()) for p in paragraphs)
    first = "".join(paragraphs[0].split())
    desc = set(_words(description or ""))
    for el in _following(heading):
        if el.find(".//p") is not None or el.find(".//div") is not None:
            continue  # a container: its blocks follow one by one (and no text walk of it all)
        text = collapse(el.text_content())
        if not text:
            continue
        flat = "".join(text.split())
        if first in flat or (len(flat) >= _MIN_CHARS and flat in squeezed):
            return None  # the body has begun, or the block is in the extracted text already
        if not _candidate(el, text):
            continue
        marks = _marks(el)
        if _SUBHEAD_MARK.search(marks):
            continue
        if _LEAD_MARK.search(marks) or (desc and _like_description(text, desc)):
            return text
    return None
