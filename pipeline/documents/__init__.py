"""Document files (PDF, DOCX, ODT) as a pipeline stage in place of decode + extract.

``read_document`` turns the bytes of a file into a Document whose ``html`` holds the pages' raw
text as JSON (``FileText``); ``layout_document`` turns that into title, text, dates and page
spans. The crawler, ``ingest`` and ``reprocess`` reach both through ``pipeline.process``.
A file that cannot be read comes back with ``skip_reason`` set: it never raises.
"""

from __future__ import annotations

import logging

from pipeline.document import Document, Media, RawPage
from pipeline.documents.docx import read_docx
from pipeline.documents.layout import apply_layout
from pipeline.documents.limits import DocumentLimits
from pipeline.documents.model import DocumentError, FileText
from pipeline.documents.ocr import Ocr
from pipeline.documents.odt import read_odt
from pipeline.documents.pdf import PdfReader
from pipeline.documents.sniff import SUFFIXES, DocKind, Unsupported, sniff_document

__all__ = ["SUFFIXES", "DocKind", "DocumentLimits", "Unsupported", "layout_document",
           "read_document", "sniff_document"]

log = logging.getLogger(__name__)


def _read(kind: DocKind, body: bytes, limits: DocumentLimits, lang_hint: str | None) -> FileText:
    if kind is DocKind.PDF:
        return PdfReader(limits, Ocr(limits.ocr_timeout), lang_hint).read(body)
    if kind is DocKind.DOCX:
        return read_docx(body, limits)
    return read_odt(body, limits)


def _skipped(doc: Document, reason: str) -> Document:
    doc.is_article, doc.skip_reason = False, reason
    return doc


def read_document(page: RawPage, kind: DocKind | Unsupported,
                  limits: DocumentLimits | None = None) -> Document:
    """The file's pages as a Document (``media`` DOCUMENT); a skip reason when unreadable."""
    limits = limits or DocumentLimits()
    doc = Document(url=page.url, source=page.source, fetched_at=page.fetched_at, path=page.path,
                   media=Media.DOCUMENT.value)
    if isinstance(kind, Unsupported):
        return _skipped(doc, f"document not read: {kind.value}")
    doc.media_type = kind.value
    if len(page.body) > limits.max_bytes:
        return _skipped(doc, f"document of {len(page.body)} bytes: more than max_document_bytes "
                             f"({limits.max_bytes})")
    try:
        file = _read(kind, page.body, limits, page.lang_hint)
    except DocumentError as exc:
        log.info("%s: document skipped: %s", page.url, exc)
        return _skipped(doc, str(exc))
    except Exception as exc:  # a hostile file must not stop the run: it is skipped, with why
        log.exception("%s: document reader failed", page.url)
        return _skipped(doc, f"unreadable {kind.name}: {type(exc).__name__}: {exc}"[:300])
    doc.html = file.to_json()
    return doc


def layout_document(doc: Document) -> Document:
    """Title, text, dates, author and page spans from the stored raw pages (``doc.html``)."""
    try:
        file = FileText.from_json(doc.html)
    except (ValueError, KeyError, TypeError) as exc:
        return _skipped(doc, f"unreadable stored document text: {exc}")
    apply_layout(doc, file)
    if not doc.text.strip():
        if any(p.origin == "none" for p in file.pages) and not Ocr.available():
            return _skipped(doc, "no text layer (scanned pages; Tesseract OCR is not installed)")
        return _skipped(doc, "no text layer" if file.pages else "empty document")
    return doc
