"""Publication and modification dates: JSON-LD, meta, <time>, URL, visible text in local formats.

The crawl date is never used: no date found means ``published`` stays None.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from lxml.html import HtmlElement

from pipeline.extract import words
from pipeline.extract.dom import PageIndex
from pipeline.extract.jsonld import LdInfo

_MIN_YEAR, _MAX_YEAR = 1990, 2100


class DateSource(str, Enum):
    JSONLD = "json-ld"
    META = "meta"
    TIME = "time"
    URL = "url"
    TEXT = "text"


@dataclass
class Dates:
    published: str | None = None
    source: str | None = None
    updated: str | None = None


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"\b(20\d{2}|19\d{2})(\d{2})(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})\s?[./]\s?(\d{1,2})\s?[./]\s?(\d{4})\b")
_MONTH_WORD = r"([A-Za-zÀ-žčřšžůúěáíéýńśźżółęąćČŘŠŽ]{3,12})\.?"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\.?\s+" + _MONTH_WORD + r",?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_YEAR = re.compile(r"\d{4}|\d\.\d{2}\b")
# dd.mm.yy followed by a time of day: broadcasters' datelines
_SHORT_YEAR = re.compile(
    r"\b(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])(?=\s*(?:[|,]\s*)?(?:um\s+)?\d{1,2}[:.]\d{2})"
)
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_MODIFIED = re.compile("|".join(re.escape(w) for w in words.MODIFIED_LABELS), re.I)
_WEEKDAY = re.compile(r"\b(?:" + "|".join(words.WEEKDAYS) + r")\b", re.I)


def _mk(year: int, month: int, day: int) -> str | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_iso(value: str) -> str | None:
    """The date part of an ISO-8601 or compact date string."""
    m = _ISO.search(value) or _COMPACT.search(value)
    return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _month(word: str) -> int | None:
    return words.MONTH_WORDS.get(word.lower().rstrip("."))


def parse_local(text: str) -> str | None:
    """First date: '14 stycznia 2016', '14. ledna 2016', '14.01.2016 r.', 'paź 7, 2020', and
    a two-digit year before a time of day ('Do 25.04.24 | 14:07 Uhr')."""
    if not _YEAR.search(text):  # every pattern below holds a four-digit year (speed)
        return None
    found: list[tuple[int, str]] = []
    for m in _SHORT_YEAR.finditer(text):
        if iso := _mk(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1))):
            found.append((m.start(), iso))
    for m in _DAY_MONTH_YEAR.finditer(text):
        mon = _month(m.group(2))
        if mon and (iso := _mk(int(m.group(3)), mon, int(m.group(1)))):
            found.append((m.start(), iso))
    for m in _MONTH_DAY_YEAR.finditer(text):
        mon = _month(m.group(1))
        if mon and (iso := _mk(int(m.group(3)), mon, int(m.group(2)))):
            found.append((m.start(), iso))
    for m in _NUMERIC.finditer(text):
        if iso := _mk(int(m.group(3)), int(m.group(2)), int(m.group(1))):
            found.append((m.start(), iso))
    for m in _ISO.finditer(text):
        if iso := _mk(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            found.append((m.start(), iso))
    return min(found)[1] if found else None


def _from_meta(index: PageIndex, names: tuple[str, ...]) -> str | None:
    metas: dict[str, str] = {}
    for meta in index.tagged["meta"]:
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and key not in metas and meta.get("content"):
            metas[key] = meta.get("content", "")
    for name in names:
        if name in metas and (iso := parse_iso(metas[name])):
            return iso
    return None


def _from_time(index: PageIndex) -> tuple[str | None, str | None]:
    published: str | None = None
    updated: str | None = None
    for el in index.tagged["time"]:
        value = el.get("datetime") or el.text_content()
        iso = parse_iso(value) or parse_local(value)
        if not iso:
            continue
        context = f"{el.get('itemprop', '')} {el.get('class', '')} {_label_before(el)}"
        if _MODIFIED.search(context) or "modified" in context.lower():
            updated = updated or iso
        elif published is None:
            published = iso
    return published, updated


def _label_before(el: HtmlElement) -> str:
    parent = el.getparent()
    if parent is None:
        return ""
    text = parent.text or ""
    prev = el.getprevious()
    if prev is not None:
        text = (prev.text_content() or "") + (prev.tail or "")
    return text[-40:]


def find_dates(
    tree: HtmlElement,
    ld: LdInfo,
    url: str,
    heading: HtmlElement | None,
    index: PageIndex | None = None,
) -> Dates:
    """Published date with its source, and the modified date when one is shown."""
    index = index or PageIndex(tree)
    updated = parse_iso(ld.modified or "") or _from_meta(index, words.MODIFIED_META_NAMES)
    if ld.published and (iso := parse_iso(ld.published)):
        return Dates(iso, DateSource.JSONLD.value, updated)
    if iso := _from_meta(index, words.DATE_META_NAMES):
        return Dates(iso, DateSource.META.value, updated)
    t_pub, t_upd = _from_time(index)
    updated = updated or t_upd
    if t_pub:
        return Dates(t_pub, DateSource.TIME.value, updated)
    m = _URL_DATE.search(url)
    if m and (iso := _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))):
        return Dates(iso, DateSource.URL.value, updated)
    text_pub, text_upd = _from_text(tree, heading)
    if text_pub is None and heading is not None:
        text_pub = _before_heading(tree, heading)
    if text_pub:
        return Dates(text_pub, DateSource.TEXT.value, updated or text_upd)
    return Dates(None, None, updated or text_upd)


_MAX_TEXT_NODES = 400


def _before_heading(tree: HtmlElement, heading: HtmlElement) -> str | None:
    """Last date in short text before the headline ('Magdeburg, 14.03.2018'); no 'today' bars."""
    last: str | None = None
    for el in tree.iter():
        if el is heading:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "head", "title"):
            continue
        for chunk in (el.text, el.tail):
            if (
                chunk
                and chunk.strip()
                and len(chunk) < 120
                and (iso := parse_local(chunk))
                and not _WEEKDAY.search(chunk)
                and not _MODIFIED.search(chunk)
            ):
                last = iso
    return last


_NOT_DATELINE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in words.OTHER_DATE_LABELS) + r")", re.I
)
_CAPTION_MARK = re.compile(r"caption|bildtext|bildunterschrift|podpis|popisek|legend", re.I)


def _in_caption(el: HtmlElement) -> bool:
    """Inside a figure or a caption box: a date there is the picture's, not the article's."""
    for node in (el, *itertools.islice(el.iterancestors(), 3)):
        if node.tag in ("figure", "figcaption") or _CAPTION_MARK.search(node.get("class", "")):
            return True
    return False


def _from_text(tree: HtmlElement, heading: HtmlElement | None) -> tuple[str | None, str | None]:
    """Dates in short text nodes after the headline; 'today' bars and modified labels skipped."""
    started = heading is None
    published: str | None = None
    updated: str | None = None
    seen = 0
    for el in tree.iter():
        if el is heading:
            started = True
            continue
        if (
            not started
            or not isinstance(el.tag, str)
            or el.tag in ("script", "style", "head", "title")
        ):
            continue
        if _in_caption(el):
            continue
        for chunk in (el.text, el.tail):
            if not chunk or not chunk.strip() or len(chunk) > 300 or _NOT_DATELINE.search(chunk):
                continue
            seen += 1
            iso = parse_local(chunk)
            if not iso:
                continue
            prev = el.getprevious()
            label = f"{prev.text_content() if prev is not None else ''} {chunk}"
            if _MODIFIED.search(label):
                updated = updated or iso
            elif not _WEEKDAY.search(chunk) and published is None:
                published = iso
        if published or seen > _MAX_TEXT_NODES:
            break
    return published, updated
