"""The project's extractor for extraction-bench's score.py: ``extract(html, page) -> text``."""

from __future__ import annotations

from typing import Any

from pipeline.document import Document
from pipeline.extract import extract as extract_document


def extract(html: str, page: dict[str, Any]) -> str:
    doc = Document(
        url=str(page.get("url") or ""), source=str(page.get("dataset") or "bench"), html=html
    )
    return extract_document(doc).text


def trafilatura_default(html: str, page: dict[str, Any]) -> str:
    """The baseline: trafilatura 2.3.1 with its default settings."""
    import trafilatura

    return str(trafilatura.extract(html) or "")
