"""Schema.org JSON-LD: the article object's headline, dates, authors and section."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from pipeline.extract import words
from pipeline.extract.dom import PageIndex

log = logging.getLogger(__name__)
_MAX_SCRIPT = 200_000
# HTML comment and CDATA wrappers some CMSs put around the JSON
_WRAPPER = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_PAGE_TYPES = frozenset({"webpage", "itempage", "medicalwebpage"})


@dataclass
class LdInfo:
    types: set[str] = field(default_factory=set)
    headline: str | None = None
    published: str | None = None
    modified: str | None = None
    persons: list[str] = field(default_factory=list)
    organisation_author: bool = False
    section: str | None = None
    page_published: str | None = None  # a WebPage object's datePublished (the article's lacks one)

    @property
    def is_article(self) -> bool:
        return bool(self.types.intersection(words.ARTICLE_TYPES))


def _objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(data, list):
        return [o for item in data for o in _objects(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    found = [data]
    if isinstance(data.get("@graph"), list):
        found += _objects(data["@graph"], depth + 1)
    return found


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower() for v in values}


def _str(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _authors(obj: dict[str, Any], info: LdInfo) -> None:
    raw = obj.get("author") or obj.get("creator") or []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, str) and item.strip():
            info.persons.append(item.strip())
        elif isinstance(item, dict) and (name := _str(item.get("name"))):
            if "person" in _types(item) or not _types(item):
                info.persons.append(name)
            else:
                info.organisation_author = True


def read_jsonld(tree: HtmlElement, index: PageIndex | None = None) -> LdInfo:
    """Merge every JSON-LD block; the first article-typed object wins."""
    info = LdInfo()
    for script in (index or PageIndex(tree)).tagged["script"]:
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        if len(script.text) > _MAX_SCRIPT:
            continue
        try:
            # raw line breaks inside strings are common: strict=False reads them as browsers do
            data = json.loads(_WRAPPER.sub("", script.text), strict=False)
        except ValueError:
            log.debug("unreadable JSON-LD block skipped")
            continue
        for obj in _objects(data):
            types = _types(obj)
            info.types |= types
            if types & _PAGE_TYPES and info.page_published is None:
                info.page_published = _str(obj.get("datePublished"))
            if info.headline is None and types.intersection(words.ARTICLE_TYPES):
                info.headline = _str(obj.get("headline") or obj.get("name"))
                info.published = _str(obj.get("datePublished") or obj.get("dateCreated"))
                info.modified = _str(obj.get("dateModified"))
                info.section = _str(obj.get("articleSection"))
                _authors(obj, info)
    if info.published is None:
        info.published = info.page_published
    return info
