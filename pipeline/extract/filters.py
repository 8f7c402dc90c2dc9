"""Paragraph-level rules: what is not article text even when it sits inside the article."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
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
    MENU = "menu"
    FOOTER = "footer"
    LABEL = "label"
    TEASER = "teaser"


def _prefix_re(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"^\W{0,3}(?:" + "|".join(re.escape(p) for p in prefixes) + r")", re.I)


_BYLINE = _prefix_re(tuple(p for p in words.BYLINE_PREFIXES if p.endswith(":")))
_BYLINE_WORD = re.compile(
    r"^(?:[Vv]on|By|by|Written by|Posted by)\s+[A-ZÀ-Ž][\w'’.-]+(?:\s+[A-ZÀ-Ž][\w'’.-]+){0,3}$"
)
_SOURCE = _prefix_re(words.SOURCE_PREFIXES)
_CAPTION = _prefix_re(words.CAPTION_PREFIXES)
_CAPTION_END = re.compile(
    r"(?:Foto|Fot\.|Photo|Bild|Zdjęcie|Zdroj foto|Autor|Autorka):\s*[^.!?]{2,60}$"
)
_READ_ALSO = _prefix_re(words.READ_ALSO_PREFIXES)
_TICKER = _prefix_re(words.TICKER_LABELS)
_ADS = frozenset(a.casefold().rstrip(":") for a in words.AD_LABELS)
_COUNTER = re.compile(r"^(?:" + "|".join(words.COMMENT_COUNTER_PATTERNS) + r")$", re.I)
_DATE_LABELS = "|".join(re.escape(w) for w in words.PUBLISHED_LABELS + words.MODIFIED_LABELS)
_DATE_LABEL = re.compile(r"^(?:" + _DATE_LABELS + r")\b", re.I)
_DATE_LABEL_ANY = re.compile(r"\b(?:" + _DATE_LABELS + r")", re.I)
_VIEW_COUNT = re.compile(words.VIEW_COUNT)


_MENU_SEP = re.compile(r"\s[|•·»›]\s|\s[|•·]|^[»›]\s")
_RIGHTS = words.RIGHTS_PHRASES
_LOGIN = re.compile("|".join(words.LOGIN_TO_COMMENT), re.I)
_LOGIN_STEMS = ("zalog", "přihla", "log in", "sign in", "logged", "kommentieren", "melden sie")
_POSTCODE = re.compile(r"\b\d{2}-\d{3}\s+\w|\b\d{3} ?\d{2}\s+[A-ZÀ-Ž]|\b\d{5}\s+[A-ZÀ-Ž][a-zà-ž]")
_PHONE = re.compile(r"(?:\btel\.?|\btelefon|\bfax|\+\d{2,3})[\s:./]*[\d\s()/+-]{6,}", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_MORE_END = re.compile(
    r"[\[(]?(?:" + "|".join(re.escape(w) for w in words.MORE_LINKS) + r")\s*[»›>…\])]*\s*$"
)
_ARROWS_END = re.compile(r"(?:\.\.\.|…)\s*[»›>]{1,3}\s*$|[»›]{2,}\s*$")  # 'cut teaser... »»»'
_PROMO = words.PROMO_PHRASES
_SERIES = _prefix_re(words.SERIES_PREFIXES)
_SERIES_PART = re.compile(words.SERIES_PART, re.I)
_MEDIA = _prefix_re(words.MEDIA_PREFIXES)
_DURATION = re.compile(words.MEDIA_DURATION)
_NEWSLETTER_LINE = re.compile(r"\bnewsletter|\bbiuletyn|\bzpravodaj", re.I)
_QUALIFIER = re.compile(
    r"\s*(?:" + "|".join(re.escape(q) for q in words.RELATED_QUALIFIERS) + r")\s*$", re.I
)
_SIGNATURE = re.compile(
    r"^(?:[\w.]{1,12}/)+[\w.]{2,12}$|^\(?[A-ZĆŁŚŻŹČŘŠŽ]{2,6}\)?$"
    r"|^\([a-ząćęłńóśźżčďěňřšťůž]{2,5}\)$"  # '(kra)': an editor's initials closing a Czech report
)
_RELATED = frozenset(words.RELATED_HEADERS)


_CRUMB = _prefix_re(words.BREADCRUMB_PREFIXES)
_OFFICE = words.OFFICE_PHRASES + words.MASTHEAD_PHRASES
_SHORT_NAV = frozenset(words.LANGUAGE_NAMES) | frozenset(words.WIDGET_LINES)
_CARD_LABELS = frozenset(words.CARD_LABELS)


def _is_menu(p: str) -> bool:
    """'A | B | C', '« back | print | e-mail', '» News', breadcrumbs, language and widget links."""
    if _CRUMB.match(p) or p.casefold().strip(" .:|»›[]x") in _SHORT_NAV:
        return True
    if p.startswith(("»", "›", "> ")) and len(p.split()) <= 6:
        return True
    seps = len(_MENU_SEP.findall(p))
    if seps < 2:
        return False
    segments = [s for s in re.split(r"[|•·»›«]", p) if s.strip()]
    return bool(segments) and sum(len(s.split()) for s in segments) / len(segments) <= 4


def _is_footer(p: str, low: str) -> bool:
    """Address, phone, e-mail and copyright lines of a footer or contact box."""
    if len(p) > 300:
        return False
    if p.startswith(("©", "Copyright")) or _has(low, _RIGHTS) or _has(low, _OFFICE):
        return True
    if "©" in p and len(p.split()) <= 15:  # 'Portal.cz | 1999 – 2018 © Publisher, a.s.'
        return True
    hits = sum(bool(r.search(p)) for r in (_POSTCODE, _PHONE)) + (
        "@" in p and bool(_EMAIL.search(p))
    )
    return hits >= 2 or (hits == 1 and len(p.split()) <= 12 and not p.endswith("."))


def _has(low: str, phrases: tuple[str, ...]) -> bool:
    return any(w in low for w in phrases)


def is_related_header(p: str) -> bool:
    if len(p) >= 60:
        return False
    low = p.casefold().strip(" :»›>")
    return low in _RELATED or _QUALIFIER.sub("", low).strip(" :»›>") in _RELATED


def _is_promo_line(p: str, low: str) -> bool:
    """A series box line, a video link with its running time, a newsletter box title."""
    if len(p) >= 200:
        return False
    if _SERIES.match(p) or (len(p) < 100 and _SERIES_PART.match(p)):
        return True
    if _MEDIA.match(p) or _DURATION.search(p):
        return True
    return len(p.split()) <= 5 and bool(_NEWSLETTER_LINE.search(p))


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
    return len(_DATE_LABEL_ANY.sub(" ", rest).split()) <= 4  # a label is not a word here


_SHORT_RULES: tuple[tuple[Kind, Callable[[str, str], bool]], ...] = (
    (Kind.TICKER, lambda p, low: bool(_TICKER.match(p))),
    (Kind.AD, lambda p, low: low.rstrip(":") in _ADS),
    (Kind.COUNTER, lambda p, low: bool(_COUNTER.match(p))),
    (Kind.COUNTER, lambda p, low: len(p) < 250 and bool(_VIEW_COUNT.search(p))),
    (Kind.BYLINE, lambda p, low: len(p) < 200 and bool(_BYLINE.match(p) or _BYLINE_WORD.match(p))),
    (Kind.SOURCE, lambda p, low: len(p) < 200 and bool(_SOURCE.match(p))),
    (
        Kind.CAPTION,
        lambda p, low: len(p) < 300 and bool(_CAPTION.match(p) or _CAPTION_END.search(p)),
    ),
    (Kind.READ_ALSO, lambda p, low: len(p) < 300 and bool(_READ_ALSO.match(p))),
    (Kind.DATELINE, lambda p, low: _is_dateline(p)),
    (Kind.MENU, lambda p, low: _is_menu(p)),
    (Kind.FOOTER, _is_footer),
    (
        Kind.COUNTER,
        lambda p, low: len(p) < 200 and _has(low, _LOGIN_STEMS) and bool(_LOGIN.search(p)),
    ),
    (
        Kind.LABEL,
        lambda p, low: (len(p.split()) <= 2 and p.endswith(":")) or p.replace(" ", "").isdigit(),
    ),
    (Kind.LABEL, lambda p, low: len(p) < 20 and low.strip(" :|»›") in _CARD_LABELS),
    (Kind.TEASER, lambda p, low: bool(_MORE_END.search(low[-40:]) or _ARROWS_END.search(p))),
    (Kind.SOURCE, lambda p, low: len(p) < 40 and bool(_SIGNATURE.match(p))),
    (Kind.AD, lambda p, low: len(p) < 300 and _has(low, _PROMO)),
    (Kind.AD, _is_promo_line),
)
_APPEAL_END = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in words.APPEAL_ENDINGS) + r")\W{0,3}$", re.I
)
_MAX_APPEAL = 1500


def classify(p: str, title: str | None) -> Kind:
    """The kind of one paragraph: the first rule that matches, else body text."""
    low = p.casefold()
    if title and low == title.casefold():
        return Kind.TITLE
    if len(p) <= 400:  # the line rules are for short lines only
        for kind, rule in _SHORT_RULES:
            if rule(p, low):
                return kind
    elif len(p) < _MAX_APPEAL and _APPEAL_END.search(p[-40:]):
        return Kind.AD  # a donation or subscription appeal closing with its call to action
    return Kind.CONSENT if is_consent_text(p) else Kind.BODY


def _teaser_headline(p: str) -> bool:
    """A short line without a closing full stop: another article's headline."""
    return len(p) < 160 and not p.rstrip().endswith((".", "!", "?", "…", ":"))


def _cut_related(paragraphs: list[str]) -> list[str]:
    """Drop a 'related articles' / 'most read' header past the first paragraphs and what follows."""
    for i, p in enumerate(paragraphs):
        if i >= 2 and i >= len(paragraphs) // 3 and is_related_header(p):
            return paragraphs[:i]
    return paragraphs


def filter_paragraphs(
    paragraphs: list[str], title: str | None, boiler: frozenset[str] = frozenset()
) -> Classified:
    """Keep body paragraphs; set aside source lines, captions, bylines and datelines; drop the rest.

    ``boiler`` holds the hashes of paragraphs known as a source's template (see ``templates``).
    """
    out = Classified()
    paragraphs = _cut_related(paragraphs)
    label_before = False
    for p in paragraphs:
        kind = Kind.TEMPLATE if boiler and block_hash(p) in boiler else classify(p, title)
        if label_before and kind is Kind.BODY and _teaser_headline(p):
            kind = Kind.READ_ALSO  # the headline under a 'Read also' label
        label_before = kind is Kind.READ_ALSO and len(p.split()) <= 4
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
