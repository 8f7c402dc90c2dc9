"""Headline, byline author and section of an HTML page."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.etree import XPath
from lxml.html import HtmlElement

from pipeline.extract import words
from pipeline.extract.consent import is_consent_text
from pipeline.extract.content import collapse, in_teaser
from pipeline.extract.dom import PageIndex
from pipeline.extract.jsonld import LdInfo

_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")
_HEADING_TAGS = ("h1", "h2", "h3", "b", "strong", "td", "font", "span", "div", "p")
_MAX_TITLE = 400


def _metas(index: PageIndex) -> dict[str, str]:
    """The page's meta tags by name or property (first wins), read once per page."""
    if index.metas is not None:
        return index.metas
    out: dict[str, str] = {}
    for meta in index.tagged["meta"]:
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key and key not in out and meta.get("content"):
            out[key] = collapse(meta.get("content", ""))
    index.metas = out
    return out


def _title_candidates(index: PageIndex, ld: LdInfo, metas: dict[str, str]) -> list[str]:
    cands = [c for c in (ld.headline, metas.get("og:title"), metas.get("twitter:title")) if c]
    title_el = index.first("title")
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


def find_title(
    tree: HtmlElement, ld: LdInfo, index: PageIndex | None = None
) -> tuple[str | None, HtmlElement | None]:
    """The displayed headline and its element: a heading matching the metadata, else first h1."""
    index = index or PageIndex(tree)
    metas = _metas(index)
    brands = {metas[k].casefold() for k in words.SITE_NAME_META if k in metas}
    cand_list = [c for c in _title_candidates(index, ld, metas) if c.casefold() not in brands]
    cands = {c.casefold() for c in cand_list}
    first_h1: HtmlElement | None = None
    best: tuple[int, str, HtmlElement] | None = None
    for el in index.headings:
        text = collapse(el.text_content())
        if not text or len(text) > _MAX_TITLE or _is_brand(el, text, brands):
            continue
        if el.tag == "h1" and first_h1 is None and not is_consent_text(text):
            first_h1 = el
        if text.casefold() in cands and (best is None or len(text) > best[0]):
            best = (len(text), text, el)
    if best is None:
        best = _loose_heading(tree, cand_list)
    if best is not None:
        return best[1], _outermost_same(best[2])
    if first_h1 is not None:
        return collapse(first_h1.text_content()), first_h1
    for el in _TITLE_LIKE(tree):
        text = collapse(el.text_content())
        if (
            3 <= len(text.split()) <= 30
            and el.find(".//a") is None
            and not is_consent_text(text)
            and not _is_brand(el, text, brands)
        ):
            return text, el
    title_el = index.first("title")
    if title_el is not None and (text := collapse(title_el.text_content())):
        return _TITLE_SPLIT.split(text)[0], None
    return None, None


_BRAND_MARK = re.compile("|".join(re.escape(w) for w in words.BRAND_CLASS_PARTS), re.I)
_ROOT_LINK = re.compile(r"^(?:https?://[^/]+)?/?(?:index\.\w+)?$")


def _is_brand(el: HtmlElement, text: str, brands: set[str]) -> bool:
    """The site's name as a heading: og:site_name, a logo class, or a link to the home page."""
    if text.casefold() in brands:
        return True
    if _BRAND_MARK.search(f"{el.get('class', '')} {el.get('id', '')}"):
        return True
    links = [a for a in el.iter("a") if collapse(a.text_content()) == text]
    return any(_ROOT_LINK.match((a.get("href") or "").strip()) for a in links)


def _loose_heading(tree: HtmlElement, cand_list: list[str]) -> tuple[int, str, HtmlElement] | None:
    """The last b/strong/td/font/span/div/p whose text is a candidate (longest candidates first)."""
    page: str | None = None
    for cand in sorted(cand_list, key=len, reverse=True)[:4]:
        page = _loose_text(tree) if page is None else page
        if cand not in page:  # no element can have exactly this text: spare the XPath (speed)
            continue
        found = _LOOSE_HEADINGS(tree, c=cand)
        if found:
            return len(cand), cand, found[-1]
    return None


_STRING = XPath("string()")
_RAW_TEXT = frozenset({"title", "script", "style"})


def _loose_text(tree: HtmlElement) -> str:
    """The page's text, whitespace collapsed, with the head's title, scripts and styles left out.

    An element whose text equals a (collapsed) candidate leaves that candidate in this string,
    so a candidate missing here needs no XPath search.
    """
    root = tree.getroottree().getroot()  # the XPath searches the whole document
    if root.tag in _HEADING_TAGS:
        return " ".join(str(_STRING(root)).split())  # unusual root: the whole text
    parts: list[str] = []
    for child in root:
        if child.tag == "head":  # title, script and style hold no elements, only their text
            parts.extend(_STRING(x) for x in child if x.tag not in _RAW_TEXT or len(x))
        elif isinstance(child.tag, str):
            parts.append(_STRING(child))
    return "\x00".join(" ".join(p.split()) for p in parts)


def _outermost_same(el: HtmlElement) -> HtmlElement:
    """The outermost ancestor with the same text (a <td> around a <b>)."""
    text = el.text_content().strip()
    while (parent := el.getparent()) is not None and parent.tag not in ("body", "html"):
        if parent.text_content().strip() != text:
            break
        el = parent
    return el


# any desk word as a whole word: one pattern instead of one search per word
_DESK = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words.DESK_WORDS) + r")(?!\w)")


def _is_desk(name: str) -> bool:
    return bool(_DESK.search(name.casefold()))


_NAME = re.compile(
    r"^[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+(?:\s+[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+){1,3}"
    r"(?:\s*(?:,|\bi\b|\ba\b|\bund\b|\band\b)\s*[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+(?:\s+[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+){1,3})*"
)


_ROLE_WORDS = "|".join(re.escape(w) for w in words.JOB_TITLES)
# a job title before the name: 'unserer Redakteurin Anna Weber', 'Redaktor Jan Nowak'
_ROLE_BEFORE = re.compile(
    r"^(?:(?:" + "|".join(words.ROLE_POSSESSIVES) + r")\s+)?(?:" + _ROLE_WORDS + r")\w*\s+", re.I
)
# a job title after the name: 'Anna Weber, Redakteurin', 'Lars Becker Redakteur Wirtschaft'
_ROLE_AFTER = re.compile(r"[\s,–—|/-]+(?:" + _ROLE_WORDS + r")\w*\b.*$", re.I)
_PERSON_SEP = re.compile(r"\s*(?:,|&|\bi\b|\ba\b|\bund\b|\band\b)\s*")


_NAME_STOP = re.compile(r"\s(?:" + "|".join(words.NAME_STOP_WORDS) + r")\b.*$")


def without_role(text: str) -> str:
    """A byline's names without the job titles written before or after them, and without the
    date or photo credit that follows them on the same line."""
    text = _NAME_STOP.sub("", text.strip())
    return _ROLE_AFTER.sub("", _ROLE_BEFORE.sub("", text)).strip(" ,")


def join_persons(names: str) -> str:
    """Several names as one string in one form: 'A B und C D' -> 'A B, C D'."""
    return ", ".join(p for p in _PERSON_SEP.split(names) if p)


def byline_name(line: str) -> str | None:
    """The person named in a byline line ('Autor: Jan Kowalski', 'Von Anna Weber'), or None."""
    line = collapse(line)
    for prefix in words.BYLINE_PREFIXES:
        if line.startswith(prefix) and (
            prefix.endswith(":") or line[len(prefix) : len(prefix) + 1] == " "
        ):
            rest = without_role(line[len(prefix) :].strip(" :|,"))
            m = _NAME.match(rest)
            if m and not _is_desk(m.group(0)):
                return join_persons(without_role(m.group(0).strip(" ,")))
            return None
    return None


_AUTHOR_ATTRS = ("author", "byline")
_AUTHOR_WHERE = ("class", "rel", "itemprop")
_NAME_WORD = re.compile(r"^[A-ZÀ-ŽĄĆĘŁŃÓŚŹŻ][\w'’.-]+$")
_MARKUP_LIKE = re.compile(r"[<>=&;{}\[\]\\]")


def marked_name(text: str) -> str | None:
    """The text of an element marked as the author, kept as written, when it is a name with
    markup-like text inside ('Sam <img src=x> Carter').

    First and last words are capitalised name words; every word between them is a name word or
    carries markup characters, and one of them does. Such a byline is stored as it reads (whoever
    displays it escapes it) instead of being lost; plain names go through ``_NAME``.
    """
    tokens = text.split()
    if not 3 <= len(tokens) <= 8 or len(text) > 80 or _is_desk(text):
        return None
    if not (_NAME_WORD.match(tokens[0]) and _NAME_WORD.match(tokens[-1])):
        return None
    middle = tokens[1:-1]
    if not any(_MARKUP_LIKE.search(t) for t in middle):
        return None
    return text if all(_MARKUP_LIKE.search(t) or _NAME_WORD.match(t) for t in middle) else None


_COLON_PREFIXES = tuple(p for p in words.BYLINE_PREFIXES if p.endswith(":"))
_MID_BYLINE = re.compile(  # in the page source: a separator, then a byline prefix
    r"[|•·](?:\s|&nbsp;|&#160;)*(?:" + "|".join(re.escape(p) for p in _COLON_PREFIXES) + ")"
)
_TEXT_WITH = XPath("//body//text()[contains(., $p)]")
_SEGMENT_SEP = re.compile(r"\s*[|•·]\s*")


def metadata_line_name(index: PageIndex) -> str | None:
    """A byline inside a metadata line: '16.02.2022, 12:40 | Tekst i zdjęcia: Jan Nowak | (0)'."""
    if index.source and not _MID_BYLINE.search(index.source):
        return None
    for prefix in _COLON_PREFIXES:
        if index.source and prefix not in index.source:
            continue
        for node in _TEXT_WITH(index.tree, p=prefix)[:10]:
            el = node.getparent()
            if el is not None and node.is_tail:
                el = el.getparent()
            line = collapse(el.text_content()) if el is not None else ""
            if len(line) >= 300:
                continue
            for segment in _SEGMENT_SEP.split(line)[1:]:  # a line that starts so is a byline line
                if name := byline_name(segment):
                    return name
    return None


_LOWER_TAIL = re.compile(r",\s+[a-zà-ž].*$")  # 'Jan Novák, komerční článek'


def _ld_persons(ld: LdInfo, index: PageIndex) -> list[str]:
    """The JSON-LD authors that are people: no desks, initials, sections or the site's name."""
    metas = _metas(index)
    brands = {metas[k].casefold() for k in words.SITE_NAME_META if k in metas}
    out: list[str] = []
    for raw in ld.persons:
        name = without_role(_LOWER_TAIL.sub("", collapse(raw)))
        parts = name.split()
        if (
            len(parts) >= 2
            and parts[0][:1].isupper()
            and not _is_desk(name)
            and name.casefold() not in brands
            and name not in out
        ):
            out.append(name)
    return out


def find_author(index: PageIndex, ld: LdInfo, byline_lines: Callable[[], list[str]]) -> str | None:
    """A person from the byline; None for desks, institutions and CMS 'published by' metadata."""
    persons = _ld_persons(ld, index)
    if persons:
        return ", ".join(persons)
    for line in byline_lines():
        if name := byline_name(line):
            return name
    marked = [
        collapse(el.text_content())
        for el in index.by_attr(_AUTHOR_ATTRS, _AUTHOR_WHERE)
        if not in_teaser(el)
    ]
    marked = [text for text in marked if 0 < len(text) < 120]
    for text in marked:
        name = byline_name(text)
        bare = without_role(text)
        if name is None and _NAME.fullmatch(bare) and not _is_desk(bare):
            name = join_persons(bare)
        if name:
            return name
    for text in marked:
        if name := marked_name(text):
            return name
    return metadata_line_name(index) or dated_byline_name(index)


_BY_AT_END = re.compile(r"\s(?:" + "|".join(words.BY_WORDS) + r")\s+(.+)$")


def dated_byline_name(index: PageIndex) -> str | None:
    """The name closing a date line: 'Posted on 3 April 2024 by Sarah Collins'."""
    for el in index.texts_starting(words.DATED_BYLINE_PREFIXES)[:5]:
        line = collapse(el.text_content())
        m = _BY_AT_END.search(line) if len(line) < 160 and not in_teaser(el) else None
        if m and (name := _NAME.fullmatch(without_role(m.group(1)))) and not _is_desk(name[0]):
            return join_persons(name[0])
    return None


def meta_description(index: PageIndex) -> str | None:
    """The page's summary from its metadata (og:description, description, twitter:description)."""
    metas = _metas(index)
    return next(
        (metas[k] for k in ("og:description", "description", "twitter:description") if k in metas),
        None,
    )


def find_section(tree: HtmlElement, ld: LdInfo, index: PageIndex | None = None) -> str | None:
    metas = _metas(index or PageIndex(tree))
    for name in words.SECTION_META_NAMES:
        if metas.get(name):
            return metas[name]
    return ld.section
