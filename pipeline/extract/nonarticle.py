"""Listings, tag pages and contact pages: recognised so that they are not stored as articles."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from pipeline.document import Document
from pipeline.extract import words
from pipeline.extract.jsonld import LdInfo

NOT_ARTICLE = "not an article"
_TEASERS = XPath(
    "count(//h2[descendant::a]) + count(//h3[descendant::a]) + count(//h4[descendant::a])"
)
_MORE_RE = re.compile(
    r">\s*(?:" + "|".join(re.escape(w) for w in words.MORE_LINKS) + r")\s*[»›>…]?\s*</a>"
)
_CONTACT = re.compile(
    r"(?:\+\d{2,3}[\s\d]{6,}|\b\d{2,3}[ -]\d{3}[ -]\d{2,3}[ -]?\d{0,3}\b|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|\b\d{2}-\d{3}\b|\b\d{3} ?\d{2}\b [A-ZÀ-Ž]|\b(?:tel|fax|e-mail|ičo?|nip|regon)\b[.:])",
    re.I,
)


def page_signals(tree: HtmlElement, source: str) -> tuple[int, int]:
    """Teaser headings (headings holding a link) and 'read more' links, counted before cleaning."""
    teasers = sum(1 for h in tree.iter("h2", "h3", "h4") if next(h.iter("a"), None) is not None)
    more = len(_MORE_RE.findall(source.lower())) if "</a>" in source else 0
    return teasers, more


def looks_like_non_article(
    signals: tuple[int, int], ld: LdInfo, og_article: bool, doc: Document
) -> bool:
    """True for a listing or a contact page."""
    if ld.is_article or og_article:
        return False
    teasers, more = signals
    if teasers >= 5 or more >= 4:
        return True
    path = urlsplit(doc.url).path.lower()
    if any(part in path for part in words.NON_ARTICLE_URL_PARTS) and doc.published is None:
        return True
    paras = doc.text.split("\n\n")
    contact = sum(1 for p in paras if _CONTACT.search(p))
    return doc.published is None and len(paras) >= 3 and contact / len(paras) >= 0.4
