"""The generated document test set (bench/doccorpus) as session fixtures, and helpers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pipeline.document import Document, RawPage
from pipeline.documents import DocumentLimits, layout_document, read_document, sniff_document

if TYPE_CHECKING:
    from bench.doccorpus.build import CorpusDoc


def needs_generators() -> None:
    pytest.importorskip("reportlab", reason="reportlab (dev extra) makes the test documents")
    pytest.importorskip("docx", reason="python-docx (dev extra) makes the test documents")
    from bench.doccorpus.pdfmake import FontMissingError, register_fonts

    try:
        register_fonts()
    except FontMissingError as exc:
        pytest.skip(f"{exc}: document tests skipped")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[CorpusDoc]:
    """Every generated test document (built once per test session and worker)."""
    needs_generators()
    from bench.doccorpus.build import build_corpus

    return build_corpus(tmp_path_factory.mktemp("doccorpus"))


def read(path: Path, limits: DocumentLimits | None = None, lang: str | None = None) -> Document:
    body = path.read_bytes()
    kind = sniff_document(body)
    assert kind is not None, f"{path.name} not sniffed as a document"
    page = RawPage(url=path.resolve().as_uri(), body=body, source="t", lang_hint=lang)
    doc = read_document(page, kind, limits)
    return doc if doc.skip_reason else layout_document(doc)
