"""Bounds on what one document file may cost: bytes, pages, characters, seconds, OCR work."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class DocumentLimits:
    max_bytes: int = 20 * MB  # larger files are skipped (the crawler stops the download there)
    max_pages: int = 2000  # a PDF with more pages is skipped, not cut
    max_chars: int = 2_000_000  # text kept; the rest of a longer file is dropped (and noted)
    max_seconds: float = 120.0  # reading one file, OCR included
    max_unzipped: int = 50 * MB  # one XML part of a DOCX/ODT, uncompressed (zip bombs)
    max_ratio: int = 200  # uncompressed/compressed size of one part (zip bombs)
    ocr: bool = True  # OCR pages without a text layer when Tesseract is installed
    ocr_max_pages: int = 30  # pages OCRed per file; later pages without text stay unread
    ocr_timeout: float = 60.0  # seconds for one page
    ocr_dpi: int = 300
