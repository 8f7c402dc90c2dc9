"""Listings, tag and contact pages and photo galleries: recognised, so as not to store them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from pipeline.document import Document
from pipeline.extract import words
from pipeline.extract.content import collapse
from pipeline.extract.jsonld import LdInfo

NOT_ARTICLE = "not an article"
_MORE_RE = re.compile(
    r">\s*(?:" + "|".join(re.escape(w) for w in words.MORE_LINKS) + r")\s*[»›>…]?\s*</a>"
)
_CONTACT = re.compile(
    r"(?:\+\d{2,3}[\s\d]{6,}|\b\d{2,3}[ -]\d{3}[ -]\d{2,3}[ -]?\d{0,3}\b|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|\b\d{2}-\d{3}\b|\b\d{3} ?\d{2}\b [A-ZÀ-Ž]|\b(?:tel|fax|e-mail|ičo?|nip|regon)\b[.:])",
    re.I,
)


@dataclass(frozen=True)
class PageSignals:
    """Listing evidence, read before cleaning: headings holding a link (teasers), their texts,
    and 'read more' links."""

    teasers: int = 0
    more: int = 0
    headlines: frozenset[str] = frozenset()


def page_signals(tree: HtmlElement, source: str) -> PageSignals:
    """Teaser headings and 'read more' links of a page."""
    heads = [h for h in tree.iter("h2", "h3", "h4") if next(h.iter("a"), None) is not None]
    more = len(_MORE_RE.findall(source.lower())) if "</a>" in source else 0
    return PageSignals(len(heads), more, frozenset(collapse(h.text_content()) for h in heads))


_LISTING_MAX_PROSE = 150  # words of running prose: more, and teaser headings are a sidebar's
_LISTING_HEADLINE_SHARE = 0.4  # ... unless that many paragraphs are teaser headlines
_SHORT_ARTICLE_WORDS = 25  # prose of a short article (two sentences); a section blurb has less


def _made_of_teasers(signals: PageSignals, doc: Document) -> bool:
    """Whether the extracted text reads like teasers rather than an article with teaser boxes."""
    paras = doc.text.split("\n\n")
    headlines = sum(1 for p in paras if p in signals.headlines)
    if headlines >= _LISTING_HEADLINE_SHARE * len(paras):
        return True
    prose = prose_words(paras)
    # little prose: a listing of bare headlines (or a one-line section blurb), unless none of
    # the headlines made it into a text of a few sentences (a short article beside a link box)
    return prose < _LISTING_MAX_PROSE and (headlines > 0 or prose < _SHORT_ARTICLE_WORDS)


def looks_like_non_article(
    signals: PageSignals, ld: LdInfo, og_article: bool, doc: Document
) -> bool:
    """True for a listing or a contact page.

    Five teaser headings or four 'read more' links make a listing only when the text is teasers
    too: an article page often carries a 'related' or 'most read' box beside its own text.
    """
    if ld.is_article or og_article:
        return False
    if (signals.more >= 4 or signals.teasers >= 5) and _made_of_teasers(signals, doc):
        return True
    path = urlsplit(doc.url).path.lower()
    if any(part in path for part in words.NON_ARTICLE_URL_PARTS) and doc.published is None:
        return True
    paras = doc.text.split("\n\n")
    contact = sum(1 for p in paras if _CONTACT.search(p))
    return doc.published is None and len(paras) >= 3 and contact / len(paras) >= 0.4


# --- photo galleries: an article-like URL and headline, but pictures and captions instead of text
GALLERY = "photo gallery"
_MIN_PICTURES = 3  # captions taken off the page
_MAX_PROSE_WORDS = 50  # running prose in the extracted text: about two sentences
_BARE_PROSE_WORDS = 15  # ... or one, when neither URL nor headline says "gallery"
_LONG_BLOCK_WORDS = 30  # a block of the page this long is running prose, extracted or not
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’«»)]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_PROSE_BLOCKS = ("p", "div", "td", "blockquote", "dd", "section", "article")


def word_count(text: str) -> int:
    """Words of ``text``; CJK scripts, written without spaces, count two characters a word."""
    return len(_CJK.sub(" ", text).split()) + len(_CJK.findall(text)) // 2


def prose_words(paragraphs: list[str]) -> int:
    """Words in the paragraphs that read as running prose: eight words or more, a full sentence."""
    total = 0
    for p in paragraphs:
        n = word_count(p)
        if n >= 8 and _SENTENCE_END.search(p):
            total += n
    return total


def long_blocks(tree: HtmlElement, limit: int = 2) -> int:
    """Blocks of the cleaned page holding running prose (counted up to ``limit``).

    A paragraph counts with its inline markup; a div or cell only with its own text, so that a
    page container is not counted for the paragraphs inside it.
    """
    body = tree.find("body")
    found = 0
    for el in body.iter(*_PROSE_BLOCKS) if body is not None else ():
        if el.tag == "p":
            text = el.text_content()
        else:
            text = " ".join([el.text or "", *(c.tail or "" for c in el)])
        if word_count(text) >= _LONG_BLOCK_WORDS:
            found += 1
            if found >= limit:
                break
    return found


def _named_gallery(doc: Document) -> bool:
    """The URL path or the headline calls the page a gallery ('Galeria:', '/fotogalerie/')."""
    where = f"{urlsplit(doc.url).path} {doc.title or ''}".casefold()
    return any(w in where for w in words.GALLERY_WORDS)


def looks_like_gallery(doc: Document, page_prose: Callable[[], int]) -> bool:
    """True for a photo gallery: three captions or more and hardly any running prose.

    Without a word naming the page a gallery the extracted text must be nearly prose-free; with
    one it may hold a few sentences of introduction. The cleaned page must hold no more than one
    long block (``page_prose``), so that an article the extractor missed is not taken for a
    gallery. The metadata is not consulted: CMSs mark galleries as articles too.
    """
    if len(doc.captions) < _MIN_PICTURES:
        return False
    prose = prose_words(doc.text.split("\n\n"))
    if prose >= _MAX_PROSE_WORDS or (prose >= _BARE_PROSE_WORDS and not _named_gallery(doc)):
        return False
    return page_prose() <= 1
