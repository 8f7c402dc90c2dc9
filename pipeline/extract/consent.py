"""Consent, cookie, privacy and newsletter notices: multilingual text detector, vendor boxes."""

from __future__ import annotations

import re

from pipeline.extract import words
from pipeline.extract.dom import PageIndex, attached, drop

_COOKIE = re.compile(r"\b(?:" + "|".join(words.COOKIE_TERMS) + r")\b", re.I)
_CONSENT = re.compile(r"\b(?:" + "|".join(words.CONSENT_TERMS) + r")\b", re.I)
_OPENER = re.compile(r"^\W*(?:" + "|".join(words.CONSENT_OPENERS) + r")", re.I)
_NEWS = re.compile(r"\b(?:" + "|".join(words.NEWSLETTER_TERMS) + r")\b", re.I)
_SUBSCRIBE = re.compile(r"\b(?:" + "|".join(words.SUBSCRIBE_TERMS) + r")", re.I)
_VENDOR = tuple(words.CONSENT_CONTAINER_IDS)
_TOKENS = frozenset(words.CONSENT_CLASS_TOKENS)
_STEMS = words.CONSENT_STEMS
_MAX_WORDS = (
    120  # consent notices are short; a long paragraph naming cookies is an article about them
)


def is_consent_text(text: str) -> bool:
    """True for a cookie/consent/privacy or newsletter notice, in any of the covered languages."""
    low = text.lower()
    if not any(stem in low for stem in _STEMS):
        return False
    n_words = len(text.split())
    if not n_words or n_words > _MAX_WORDS:
        return False
    if _OPENER.search(text):
        return True
    cookies = len(_COOKIE.findall(text))
    if cookies:
        consent = len({m.lower() for m in _CONSENT.findall(text)})
        if consent >= 2 or (consent >= 1 and n_words <= 40) or cookies >= 2:
            return True
    return bool(n_words <= 50 and _NEWS.search(text) and _SUBSCRIBE.search(text))


def remove_consent(index: PageIndex) -> int:
    """Drop vendor consent containers (OneTrust, Cookiebot, Didomi, Usercentrics, ...)."""
    removed = 0
    for el in index.by_attr(_VENDOR) + index.by_class_token(_TOKENS):
        if el.tag not in ("html", "body") and attached(el, index.tree):
            drop(el)
            removed += 1
    return removed
