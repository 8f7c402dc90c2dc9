"""Stage 2: main-content extraction and metadata.

``extract(doc)`` fills title, author, published (+ source), updated, section, lead, source_line,
captions and text (paragraphs separated by exactly one blank line); listings, contact pages and
photo galleries get ``is_article=False``. HTML goes through trafilatura on a pre-cleaned tree plus
our own rules; plain-text and Markdown documents through the same paragraph rules (see
``plaintext``).
"""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree
from lxml.etree import ParserError
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

from pipeline.decode import BINARY
from pipeline.document import Document, Media
from pipeline.extract import words
from pipeline.extract.clean import preclean, strip_code
from pipeline.extract.content import collapse, in_teaser, main_paragraphs
from pipeline.extract.dates import find_dates
from pipeline.extract.dom import PageIndex
from pipeline.extract.filters import filter_paragraphs
from pipeline.extract.footer import drop_footer
from pipeline.extract.jsonld import read_jsonld
from pipeline.extract.lead import find_lead
from pipeline.extract.meta import find_author, find_section, find_title, meta_description
from pipeline.extract.nonarticle import (
    GALLERY,
    NOT_ARTICLE,
    PageSignals,
    long_blocks,
    looks_like_gallery,
    looks_like_non_article,
    page_signals,
)
from pipeline.extract.plaintext import extract_text_document
from pipeline.extract.templates import TemplateMemory

__all__ = ["TemplateMemory", "extract", "extract_text_document", "parse_html"]

log = logging.getLogger(__name__)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_MAX_HTML = 5_000_000  # characters; larger bodies are cut (hostile input)
# C0 controls other than tab, newline, carriage return: XML-incompatible, so one of them in a
# text node makes trafilatura drop the whole page; a form feed becomes a space
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# UTF-8 bytes parse faster than a str (libxml2 reads them as they are); the declared encoding
# only applies to bytes, so a page's own charset declaration is ignored either way
_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, encoding="utf-8"
)
# lxml.html's own parser picks each element's class in a Python callback, paid on every element
# that Python touches (ours and trafilatura's); this lookup runs in C and yields the same
# HtmlElement classes (only lxml's form-field subclasses, which nothing here uses, are left out)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


def parse_html(html: str) -> HtmlElement | None:
    """An lxml tree of a page, or None when it cannot be parsed."""
    html = _XML_DECL.sub("", html[:_MAX_HTML])
    if _CONTROLS.search(html):
        html = _CONTROLS.sub(lambda m: " " if m.group() == "\x0c" else "", html)
    if not html or html.isspace():
        return None
    try:
        data: str | bytes = html.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: lxml parses the str as before
        data = html
    try:
        return lxml.html.document_fromstring(data, parser=_PARSER)
    except (ParserError, ValueError):
        log.warning("unparsable HTML skipped")
        return None


_PREFIX_ONLY = 20  # characters: a line this short holds the byline label alone ('<b>Autor:</b>')


def _byline_lines(index: PageIndex) -> list[str]:
    """Short lines of the page that start like a byline ('Autor:', 'Von', 'By'), teasers of
    other articles left out; a label in an element of its own is read with what follows it."""
    lines: list[str] = []
    for el in index.texts_starting(words.BYLINE_PREFIXES)[:10]:
        text = collapse(el.text_content())
        parent = el.getparent()
        if len(text) < _PREFIX_ONLY and parent is not None and parent.tag not in ("body", "html"):
            el, text = parent, collapse(parent.text_content())
        if len(text) < 300 and not in_teaser(el):
            lines.append(text)
    return lines


def extract(doc: Document, memory: TemplateMemory | None = None) -> Document:
    """Fill the extraction fields of ``doc`` from its decoded body."""
    if (doc.skip_reason or "").startswith(BINARY):  # rejected by decoding: nothing to extract
        doc.is_article = False
        return doc
    if doc.media != Media.HTML.value:
        return extract_text_document(doc, memory)
    tree = parse_html(doc.html)
    if tree is None:
        doc.is_article, doc.skip_reason = False, "empty"
        return doc
    index = PageIndex(tree, doc.html)  # one walk gathers what the metadata rules look up
    ld = read_jsonld(tree, index)
    strip_code(index)
    doc.title, heading = find_title(tree, ld, index)
    dates = find_dates(tree, ld, doc.url, heading, index)
    doc.published, doc.published_source, doc.updated = dates.published, dates.source, dates.updated
    doc.section = find_section(tree, ld, index)
    og_article = any(
        (m.get("property") or "").lower() == "og:type"
        and (m.get("content") or "").lower() == "article"
        for m in index.tagged["meta"]
    )
    # listing signals are read before cleaning, and only when the metadata does not say "article"
    signals = (
        PageSignals() if og_article or ld.is_article else page_signals(tree, doc.html, doc.url)
    )
    captions = preclean(index)
    doc.author = find_author(index, ld, lambda: _byline_lines(index))
    paragraphs = drop_footer(main_paragraphs(tree, doc.url), index)
    if lead := find_lead(heading, paragraphs, meta_description(index)):
        paragraphs.insert(0, lead)
    boiler = memory.boilerplate(doc.source) if memory is not None else frozenset[str]()
    result = filter_paragraphs(paragraphs, doc.title, boiler)
    if memory is not None:
        memory.observe(doc.source, paragraphs, doc.canonical_url or doc.url)
    doc.captions = captions + result.captions
    doc.source_line = result.source_line
    doc.text = "\n\n".join(result.kept)
    doc.lead = result.kept[0] if result.kept else None
    if looks_like_non_article(signals, ld, og_article, doc):
        doc.is_article, doc.skip_reason = False, NOT_ARTICLE
    elif looks_like_gallery(doc, lambda: long_blocks(tree)):
        doc.is_article, doc.skip_reason = False, GALLERY
    elif not doc.text:
        doc.is_article, doc.skip_reason = False, "empty"
    return doc
