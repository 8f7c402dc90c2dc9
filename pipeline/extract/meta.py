"""Headline, byline author and section of an HTML page."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.etree import XPath
from lxml.html import HtmlElement

from pipeline.extract import words
from pipeline.extract.consent import is_consent_text
from pipeline.extract.content import collapse
from pipeline.extract.dom import PageIndex
from pipeline.extract.jsonld import LdInfo

_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")
_HEADING_TAGS = ("h1", "h2", "h3", "b", "strong", "td", "font", "span", "div", "p")
_MAX_TITLE = 400


def _metas(tree: HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key and key not in out and meta.get("content"):
            out[key] = collapse(meta.get("content", ""))
    return out


def _title_candidates(tree: HtmlElement, ld: LdInfo, metas: dict[str, str]) -> list[str]:
    cands = [c for c in (ld.headline, metas.get("og:title"), metas.get("twitter:title")) if c]
    title_el = tree.find(".//title")
    if title_el is not None and title_el.text_content().strip():
        full = collapse(title_el.text_content())
        cands.append(full)
        cands.extend(p for p in _TITLE_SPLIT.split(full) if len(p) > 10)
    return [collapse(c) for c in cands]


_LOOSE_HEADINGS = XPath(
    "//*[self::b or self::strong or self::td or self::font or self::span or self::div or self::p]"
    "[normalize-space(.) = $c]"
)


_TITLE_LIKE = XPath(
    "//body//*[contains(@class, 'title') or contains(@class, 'headline')"
    " or contains(@class, 'heading') or contains(@class, 'nadpis') or contains(@class, 'tytul')]"
    "[not(self::a)] | //body//font[@size >= 4] | //body//h2"
)


def find_title(tree: HtmlElement, ld: LdInfo) -> tuple[str | None, HtmlElement | None]:
    """The displayed headline and its element: a heading matching the metadata, else first h1."""
    cand_list = _title_candidates(tree, ld, _metas(tree))
    cands = {c.casefold() for c in cand_list}
    first_h1: HtmlElement | None = None
    best: tuple[int, str, HtmlElement] | None = None
    for el in tree.iter("h1", "h2", "h3"):
        text = collapse(el.text_content())
        if not text or len(text) > _MAX_TITLE:
            continue
        if el.tag == "h1" and first_h1 is None and not is_consent_text(text):
            first_h1 = el
        if text.casefold() in cands and (best is None or len(text) > best[0]):
            best = (len(text), text, el)
    if best is None:
        for cand in sorted(cand_list, key=len, reverse=True)[:4]:
            found = _LOOSE_HEADINGS(tree, c=cand)
            if found:
                best = (len(cand), cand, found[-1])
                break
    if best is not None:
        return best[1], _outermost_same(best[2])
    if first_h1 is not None:
        return collapse(first_h1.text_content()), first_h1
    for el in _TITLE_LIKE(tree):
        text = collapse(el.text_content())
        if 3 <= len(text.split()) <= 30 and el.find(".//a") is None and not is_consent_text(text):
            return text, el
    title_el = tree.find(".//title")
    if title_el is not None and (text := collapse(title_el.text_content())):
        return _TITLE_SPLIT.split(text)[0], None
    return None, None


def _outermost_same(el: HtmlElement) -> HtmlElement:
    """The outermost ancestor with the same text (a <td> around a <b>)."""
    text = el.text_content().strip()
    while (parent := el.getparent()) is not None and parent.tag not in ("body", "html"):
        if parent.text_content().strip() != text:
            break
        el = parent
    return el


def _is_desk(name: str) -> bool:
    low = name.casefold()
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low) for w in words.DESK_WORDS)


_NAME = re.compile(
    r"^[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+(?:\s+[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+){1,3}"
    r"(?:\s*(?:,|\bi\b|\ba\b|\bund\b|\band\b)\s*[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+(?:\s+[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+){1,3})*"
)


def byline_name(line: str) -> str | None:
    """The person named in a byline line ('Autor: Jan Kowalski', 'Von Anna Weber'), or None."""
    line = collapse(line)
    for prefix in words.BYLINE_PREFIXES:
        if line.startswith(prefix) and (
            prefix.endswith(":") or line[len(prefix) : len(prefix) + 1] == " "
        ):
            rest = line[len(prefix) :].strip(" :|,")
            m = _NAME.match(rest)
            if m and not _is_desk(m.group(0)):
                return m.group(0).strip(" ,")
            return None
    return None


_AUTHOR_ATTRS = ("author", "byline")


def find_author(index: PageIndex, ld: LdInfo, byline_lines: Callable[[], list[str]]) -> str | None:
    """A person from the byline; None for desks, institutions and CMS 'published by' metadata."""
    persons = [p for p in ld.persons if not _is_desk(p)]
    if persons:
        return ", ".join(persons)
    for line in byline_lines():
        if name := byline_name(line):
            return name
    for el in index.by_attr(_AUTHOR_ATTRS, ("class", "rel", "itemprop")):
        text = collapse(el.text_content())
        if 0 < len(text) < 120:
            name = byline_name(text)
            if name is None and _NAME.fullmatch(text) and not _is_desk(text):
                name = text
            if name:
                return name
    return None


def find_section(tree: HtmlElement, ld: LdInfo) -> str | None:
    metas = _metas(tree)
    for name in words.SECTION_META_NAMES:
        if metas.get(name):
            return metas[name]
    return ld.section
