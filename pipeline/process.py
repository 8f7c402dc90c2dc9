"""The Processor runs the stages in order over a raw page or a stored Document."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pipeline.decode import decode
from pipeline.document import Document, Media, RawPage
from pipeline.documents import DocumentLimits, layout_document, read_document, sniff_document
from pipeline.extract import TemplateMemory, extract
from pipeline.identity import identify
from pipeline.lang import LanguageStage
from pipeline.link import link_members
from pipeline.nlp import Tagger
from pipeline.registry import Registry
from pipeline.settings import DEFAULT_LANGUAGES

log = logging.getLogger(__name__)


@dataclass
class PipelineOptions:
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    # optional statistical NER per language: lang -> installed spaCy package
    ner_models: dict[str, str] = field(default_factory=dict)
    documents: DocumentLimits = field(default_factory=DocumentLimits)


class Processor:
    """decode -> extract -> language -> tag -> link -> identify."""

    def __init__(self, registry: Registry, options: PipelineOptions | None = None,
                 templates: TemplateMemory | None = None) -> None:
        self.options = options or PipelineOptions()
        # per-source boilerplate memory (pipeline.extract.templates); the caller loads and saves it
        self.templates = templates
        self.language = LanguageStage(self.options.languages)
        self.tagger = Tagger(registry, self.options.languages, self.options.ner_models)

    def process(self, page: RawPage, canonical_url: str | None = None) -> Document:
        """Run every stage. A rejected page comes back with ``skip_reason`` set.

        ``canonical_url``: the page's own canonical URL when the fetcher knows it; it is the
        document's identity (its id), so it is set before any stage runs."""
        doc = self.read(page)
        if canonical_url:
            doc.canonical_url = canonical_url
        return self.process_document(doc, lang_hint=page.lang_hint)

    def read(self, page: RawPage) -> Document:
        """Bytes to a Document holding its body: a document file (PDF, DOCX, ODT, known by its
        bytes whatever the Content-Type says) is read page by page, anything else decoded."""
        kind = sniff_document(page.body)
        if kind is not None:
            return read_document(page, kind, self.options.documents)
        return decode(page)

    def process_document(self, doc: Document, lang_hint: str | None = None) -> Document:
        """Re-run extraction and everything after it on a Document that holds its body."""
        if doc.media == Media.DOCUMENT.value:
            doc = doc if doc.skip_reason else layout_document(doc)
        else:
            doc = extract(doc, self.templates)
        if doc.skip_reason or not doc.is_article:
            return doc
        doc = self.language(doc, lang_hint)
        doc = self.retag(doc)
        return identify(doc)

    def retag(self, doc: Document) -> Document:
        """Tagging and linking only (after a registry change)."""
        doc = self.tagger(doc)
        return link_members(doc)
