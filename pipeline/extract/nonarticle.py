"""Listings, tag and contact pages and photo galleries: recognised, so as not to store them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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
    'read more' links, teaser blocks (a linked heading with a blurb, in a small box of its own,
    pointing to another page) and pagination links."""

    teasers: int = 0
    more: int = 0
    headlines: frozenset[str] = frozenset()
    blocks: int = 0
    paginated: bool = False


_TEASER_BOX_MAX_WORDS = 80  # a teaser box: headline, date, one or two sentences of blurb
_PAGER_CLASS = re.compile(r"\b(?:" + "|".join(words.PAGER_CLASSES) + r")\b", re.I)


def _teaser_block(heading: HtmlElement, page: str) -> str | None:
    """The target of a teaser block: a heading linking to another page, followed by a blurb
    paragraph inside a small box holding no other heading; None when ``heading`` is not one."""
    link = next(heading.iter("a"), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    target = urljoin(page, href) if page else href
    if not href or href.startswith("#") or urlsplit(target).path in ("", "/"):
        return None
    if page and target.split("#")[0] == page.split("#")[0]:
        return None
    box = heading.getparent()
    if box is None or box.tag in ("body", "html"):
        return None
    if sum(1 for _ in box.iter("h1", "h2", "h3", "h4")) != 1:
        return None
    if word_count(box.text_content()) > _TEASER_BOX_MAX_WORDS:
        return None
    blurb = any(
        sib.tag == "p" and word_count(sib.text_content()) >= 5 for sib in heading.itersiblings()
    )
    return target if blurb else None


def _paginated(tree: HtmlElement) -> bool:
    """A pager: a block classed as one, or a link marked as the next or previous page."""
    for el in tree.iter("a", "div", "nav", "ul", "ol"):
        if el.tag == "a" and (el.get("rel") or "").lower() in ("next", "prev"):
            return True
        if el.tag != "a" and _PAGER_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            return True
    return False


def page_signals(tree: HtmlElement, source: str, url: str = "") -> PageSignals:
    """Teaser headings, teaser blocks, 'read more' links and a pager of a page at ``url``."""
    heads = [h for h in tree.iter("h2", "h3", "h4") if next(h.iter("a"), None) is not None]
    more = len(_MORE_RE.findall(source.lower())) if "</a>" in source else 0
    targets = {t for h in heads if (t := _teaser_block(h, url)) is not None}
    return PageSignals(
        len(heads),
        more,
        frozenset(collapse(h.text_content()) for h in heads),
        len(targets),
        _paginated(tree),
    )


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


_PAGE_N = re.compile(r"/(?:" + "|".join(words.PAGINATION_URL_WORDS) + r")[/-]?\d{1,4}/?$")
_LANGUAGE_ROOT = re.compile(r"^/[a-z]{2}(?:[-_][a-z]{2})?/?$")
_PAGE_STEM = re.compile(r"\.(?:html?|php|aspx?)$")


def _url_kind(url: str) -> str | None:
    """What the URL's shape alone says of a page: 'root' (a site's or a language's front page),
    'page' (page N of a listing), 'policy' (a privacy, cookie or terms page), 'topic' (a tag,
    topic or category page); None for any other shape."""
    parts = urlsplit(url)
    path = parts.path.lower()
    if not parts.netloc:
        return None
    if path in ("", "/") or _LANGUAGE_ROOT.match(path):
        return "root"
    if _PAGE_N.search(path):
        return "page"
    segments = [s for s in path.split("/") if s]
    if segments and _PAGE_STEM.sub("", segments[-1]) in words.POLICY_PAGES:
        return "policy"
    if any(f"/{w}/" in path for w in words.TOPIC_URL_PARTS):
        return "topic"
    return None


def _listing_by_blocks(signals: PageSignals, doc: Document) -> bool:
    """Teaser blocks (linked headline plus blurb) pointing to two pages or more, or to one page
    from a paginated page, and a text made of teasers: a short listing or a tag page."""
    enough = signals.blocks >= 2 or (signals.blocks >= 1 and signals.paginated)
    return enough and _made_of_teasers(signals, doc)


def looks_like_non_article(
    signals: PageSignals, ld: LdInfo, og_article: bool, doc: Document
) -> bool:
    """True for a listing, a tag, contact or policy page or a site's front page.

    Five teaser headings or four 'read more' links make a listing only when the text is teasers
    too: an article page often carries a 'related' or 'most read' box beside its own text. Fewer
    teaser blocks do with a text of teasers; with a URL shaped like a front page, page N of a
    listing or a tag page one teaser block does; a policy page's URL needs no date.
    """
    if ld.is_article or og_article:
        return False
    if (signals.more >= 4 or signals.teasers >= 5) and _made_of_teasers(signals, doc):
        return True
    if _listing_by_blocks(signals, doc):
        return True
    kind = _url_kind(doc.url)
    if kind == "policy" and doc.published is None:
        return True
    if kind in ("root", "page", "topic") and signals.blocks >= 1 and _made_of_teasers(signals, doc):
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
