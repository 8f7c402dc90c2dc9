"""Paragraph-level rules: what is not article text even when it sits inside the article."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from pipeline.extract import words
from pipeline.extract.consent import is_consent_text
from pipeline.extract.dates import parse_local
from pipeline.extract.templates import block_hash


class Kind(str, Enum):
    BODY = "body"
    CONSENT = "consent"
    BYLINE = "byline"
    DATELINE = "dateline"
    SOURCE = "source"
    CAPTION = "caption"
    READ_ALSO = "read-also"
    AD = "ad"
    COUNTER = "counter"
    TICKER = "ticker"
    TITLE = "title"
    TEMPLATE = "template"


def _prefix_re(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"^\W{0,3}(?:" + "|".join(re.escape(p) for p in prefixes) + r")", re.I)


_BYLINE = _prefix_re(tuple(p for p in words.BYLINE_PREFIXES if p.endswith(":")))
_BYLINE_WORD = re.compile(r"^(?:Von|By|Written by|Posted by)\s+[A-ZÀ-Ž][\w'’.-]+(?:\s+[A-ZÀ-Ž][\w'’.-]+){0,3}$")
_SOURCE = _prefix_re(words.SOURCE_PREFIXES)
_CAPTION = _prefix_re(words.CAPTION_PREFIXES)
_READ_ALSO = _prefix_re(words.READ_ALSO_PREFIXES)
_TICKER = _prefix_re(words.TICKER_LABELS)
_ADS = frozenset(a.casefold().rstrip(":") for a in words.AD_LABELS)
_COUNTER = re.compile(r"^(?:" + "|".join(words.COMMENT_COUNTER_PATTERNS) + r")$", re.I)
_DATE_LABEL = re.compile(r"^(?:" + "|".join(re.escape(w) for w in words.PUBLISHED_LABELS + words.MODIFIED_LABELS)
                         + r")\b", re.I)


@dataclass
class Classified:
    kept: list[str] = field(default_factory=list)
    source_line: str | None = None
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    datelines: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


def _is_dateline(p: str) -> bool:
    if len(p) > 90:
        return False
    if _DATE_LABEL.match(p):
        return True
    if parse_local(p) is None:
        return False
    rest = re.sub(r"[\d.:/,|\-–]+|\br\.|\bgodz\.?|\bUhr\b", " ", p)
    return len(rest.split()) <= 4


def classify(p: str, title: str | None) -> Kind:
    """The kind of one paragraph."""
    if title and p.casefold() == title.casefold():
        return Kind.TITLE
    if len(p) > 400:  # the line rules below are for short lines only
        return Kind.CONSENT if is_consent_text(p) else Kind.BODY
    if _TICKER.match(p):
        return Kind.TICKER
    if p.casefold().rstrip(":") in _ADS:
        return Kind.AD
    if _COUNTER.match(p):
        return Kind.COUNTER
    if len(p) < 200 and (_BYLINE.match(p) or _BYLINE_WORD.match(p)):
        return Kind.BYLINE
    if len(p) < 200 and _SOURCE.match(p):
        return Kind.SOURCE
    if len(p) < 300 and _CAPTION.match(p):
        return Kind.CAPTION
    if len(p) < 300 and _READ_ALSO.match(p):
        return Kind.READ_ALSO
    if _is_dateline(p):
        return Kind.DATELINE
    if is_consent_text(p):
        return Kind.CONSENT
    return Kind.BODY


def filter_paragraphs(paragraphs: list[str], title: str | None, boiler: frozenset[str] = frozenset()) -> Classified:
    """Keep body paragraphs; set aside source lines, captions, bylines and datelines; drop the rest.

    ``boiler`` holds the hashes of paragraphs known as a source's template (see ``templates``).
    """
    out = Classified()
    for p in paragraphs:
        kind = Kind.TEMPLATE if boiler and block_hash(p) in boiler else classify(p, title)
        if kind is Kind.BODY:
            out.kept.append(p)
            continue
        out.dropped[kind.value] += 1
        if kind is Kind.SOURCE and out.source_line is None:
            out.source_line = p
        elif kind is Kind.CAPTION:
            out.captions.append(p)
        elif kind is Kind.BYLINE:
            out.bylines.append(p)
        elif kind is Kind.DATELINE:
            out.datelines.append(p)
    return out
