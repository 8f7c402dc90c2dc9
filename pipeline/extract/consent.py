"""Consent, cookie, privacy and newsletter notices: a multilingual text detector and vendor containers."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pipeline.extract import words

_COOKIE = re.compile(r"\b(?:" + "|".join(words.COOKIE_TERMS) + r")\b", re.I)
_CONSENT = re.compile(r"\b(?:" + "|".join(words.CONSENT_TERMS) + r")\b", re.I)
_OPENER = re.compile(r"^\W*(?:" + "|".join(words.CONSENT_OPENERS) + r")", re.I)
_NEWS = re.compile(r"\b(?:" + "|".join(words.NEWSLETTER_TERMS) + r")\b", re.I)
_SUBSCRIBE = re.compile(r"\b(?:" + "|".join(words.SUBSCRIBE_TERMS) + r")", re.I)
_VENDOR = tuple(words.CONSENT_CONTAINER_IDS)
_TOKENS = frozenset(words.CONSENT_CLASS_TOKENS)
_MAX_WORDS = 120  # consent notices are short; a long paragraph naming cookies is an article about them


def is_consent_text(text: str) -> bool:
    """True for a cookie/consent/privacy or newsletter notice, in any of the covered languages."""
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
    if _NEWS.search(text) and _SUBSCRIBE.search(text) and n_words <= 50:
        return True
    return False


def _is_vendor(el: HtmlElement) -> bool:
    ident = f"{el.get('id', '')} {el.get('class', '')}".lower()
    if not ident.strip():
        return False
    if any(v in ident for v in _VENDOR):
        return True
    return bool(_TOKENS.intersection(el.get("class", "").lower().split()))


def remove_consent(tree: HtmlElement) -> int:
    """Drop vendor consent containers and short boxes whose whole text is a consent notice."""
    removed = 0
    for el in list(tree.iter("div", "section", "aside", "dialog", "p", "form", "span", "table")):
        if el.getparent() is None or el.tag in ("html", "body"):
            continue
        if _is_vendor(el):
            _drop(el)
            removed += 1
    for el in list(tree.iter("div", "section", "aside", "dialog", "p")):
        if el.getparent() is None or not _is_leafish(el):
            continue
        text = el.text_content()
        if len(text) < 1200 and is_consent_text(" ".join(text.split())):
            _drop(el)
            removed += 1
    return removed


def _is_leafish(el: HtmlElement) -> bool:
    """A box without nested block containers (so dropping it cannot take the article along)."""
    return not any(child.tag in ("div", "section", "article", "main") for child in el.iterdescendants())


def _drop(el: HtmlElement) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
