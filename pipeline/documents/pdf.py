"""PDF files through PDFium (pypdfium2): metadata, then the text of each page in reading order,
one page at a time (a page is closed before the next is opened, so memory stays bounded);
pages without a text layer go to OCR when it is available."""

from __future__ import annotations

import ctypes
import io
import logging
import re
import time
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.document import TextOrigin
from pipeline.documents.geometry import Run, largest_line, page_lines
from pipeline.documents.limits import DocumentLimits
from pipeline.documents.model import DocumentError, FileMeta, FilePage, FileText
from pipeline.documents.ocr import Ocr, OcrError
from pipeline.documents.sniff import DocKind

log = logging.getLogger(__name__)

MAX_RUNS = 20_000  # text runs read from one page
MAX_OCR_PIXELS = 5000  # the longest side of a page image rendered for OCR
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
# PDFium marks a hyphen that ends a line as U+0002; the layout stage treats U+00AD as "may join"
_MARKS = str.maketrans({"\x02": "\xad", "\ufffe": "\xad", "\r": "", "\n": " "})


def _open(body: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError("encrypted PDF: it needs a password to open") from None
        raise DocumentError(f"corrupt PDF: {exc}") from None


def _meta(pdf: pdfium.PdfDocument) -> FileMeta:
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return FileMeta()
    date = None
    for key in ("CreationDate", "ModDate"):
        m = _PDF_DATE.match(info.get(key, "").strip())
        if m:
            date = f"{m[1]}-{m[2]}-{m[3]}"
            break
    return FileMeta(title=(info.get("Title") or "").strip() or None,
                    author=(info.get("Author") or "").strip() or None, date=date)


def _type(textpage: pdfium.PdfTextPage, left: float, bottom: float, right: float,
          top: float) -> tuple[float, float | None]:
    """Font size and baseline of a run's first character (0, None when PDFium finds none)."""
    index = textpage.get_index(min(right, left + 2), (bottom + top) / 2, 3, 3)
    if index is None or index < 0:
        return 0.0, None
    x, y = ctypes.c_double(), ctypes.c_double()
    size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, index))
    if not pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y)):
        return size, None
    return size, float(y.value)


def _runs(page: pdfium.PdfPage) -> list[Run]:
    textpage = page.get_textpage()
    try:
        out: list[Run] = []
        for i in range(min(textpage.count_rects(), MAX_RUNS)):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).translate(_MARKS)
            size, base = _type(textpage, left, bottom, right, top)
            out.append(Run(left, bottom, right, top, text, size, base))
        return out
    finally:
        textpage.close()


class PdfReader:
    """Reads one PDF within ``limits``; OCR (when given and installed) for image-only pages."""

    def __init__(self, limits: DocumentLimits, ocr: Ocr | None = None,
                 lang_hint: str | None = None) -> None:
        self.limits = limits
        self.ocr = ocr if ocr is not None and limits.ocr and ocr.available() else None
        self.lang_hint = lang_hint
        self.notes: list[str] = []
        self._ocr_pages = 0

    def read(self, body: bytes) -> FileText:
        pdf = _open(body)
        try:
            count = len(pdf)
            if count == 0:
                raise DocumentError("PDF without pages")
            if count > self.limits.max_pages:
                raise DocumentError(f"PDF of {count} pages: more than the limit of "
                                    f"{self.limits.max_pages} pages")
            result = FileText(DocKind.PDF.value, _meta(pdf))
            result.pages = list(self.pages(pdf, result.meta))
            result.notes = self.notes
            return result
        finally:
            pdf.close()

    def pages(self, pdf: pdfium.PdfDocument, meta: FileMeta) -> Iterator[FilePage]:
        """Each page's text in turn; stops (with a note) at the character or time limit."""
        deadline = time.monotonic() + self.limits.max_seconds
        chars = 0
        for index in range(len(pdf)):
            if time.monotonic() > deadline:
                raise DocumentError(f"reading the PDF took longer than "
                                    f"{self.limits.max_seconds:.0f} s (at page {index + 1})")
            if chars >= self.limits.max_chars:
                self.notes.append(f"text cut after page {index} ({self.limits.max_chars} "
                                  "characters)")
                return
            page = pdf[index]
            try:
                item = self._page(page, index, meta)
            finally:
                page.close()
            chars += len(item.text)
            yield item

    def _page(self, page: pdfium.PdfPage, index: int, meta: FileMeta) -> FilePage:
        width, height = page.get_size()
        runs = _runs(page)
        if index == 0:
            meta.heading = largest_line(runs, height)
        text = "\n".join(page_lines(runs, width, height)).strip()
        if text:
            return FilePage(text)
        return self._ocr_page(page, index, meta)

    def _ocr_page(self, page: pdfium.PdfPage, index: int, meta: FileMeta) -> FilePage:
        if self.ocr is None:
            return FilePage("", TextOrigin.NONE.value)
        if self._ocr_pages >= self.limits.ocr_max_pages:
            if self._ocr_pages == self.limits.ocr_max_pages:
                self.notes.append(f"OCR stopped after {self._ocr_pages} pages")
                self._ocr_pages += 1
            return FilePage("", TextOrigin.NONE.value)
        self._ocr_pages += 1
        width, height = page.get_size()
        scale = min(self.limits.ocr_dpi / 72, MAX_OCR_PIXELS / max(width, height, 1.0))
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            image = bitmap.to_pil()
            image_height = image.size[1]
            png = io.BytesIO()
            image.save(png, format="PNG")
        finally:
            bitmap.close()
        try:
            ocr_page = self.ocr.recognise(png.getvalue(), image_height, self.lang_hint)
        except OcrError as exc:
            log.warning("OCR of page %d failed: %s", index + 1, exc)
            self.notes.append(f"page {index + 1}: {exc}")
            return FilePage("", TextOrigin.NONE.value)
        if index == 0:
            meta.heading = meta.heading or largest_line(ocr_page.runs, image_height)
        text = "\n".join(ocr_page.lines).strip()
        return FilePage(text, TextOrigin.OCR.value if text else TextOrigin.NONE.value)
