"""Quality gates on the generated document set (bench/doccorpus; `python -m bench documents`):
text token F1, titles and member linking through the whole pipeline, and OCR on the scans."""

from __future__ import annotations

import pytest

from bench.documents import raw_page, score_corpus, summarise
from pipeline.document import RawPage
from pipeline.documents.ocr import Ocr
from pipeline.process import PipelineOptions, Processor
from pipeline.settings import load_registry
from tests.conftest import ROOT
from tests.pipeline.doc_files import corpus

__all__ = ["corpus"]


@pytest.fixture(scope="module")
def processor() -> Processor:
    return Processor(load_registry(ROOT / "config" / "members.yaml"), PipelineOptions())


@pytest.mark.evaluation
def test_text_layer_documents_meet_the_targets(corpus: list, processor: Processor) -> None:  # type: ignore[type-arg]
    docs = [d for d in corpus if d.layout != "scan"]
    assert len(docs) >= 30
    s = summarise(score_corpus(docs, processor))
    assert s["skipped"] == 0
    assert s["f1"] >= 0.95 and s["title"] >= 0.90, s
    assert s["members_p"] >= 0.95 and s["members_r"] >= 0.95, s


@pytest.mark.slow
@pytest.mark.evaluation
def test_scans_are_read_by_ocr(corpus: list, processor: Processor) -> None:  # type: ignore[type-arg]
    if not Ocr.available():
        pytest.skip("Tesseract with pol/ces/deu/eng data not installed (make ocr-deps): skipped")
    scans = [d for d in corpus if d.layout == "scan"][:2]
    s = summarise(score_corpus(scans, processor))
    assert s["f1"] >= 0.90, s
    doc = processor.process(raw_page(scans[0].path))
    assert [p.origin for p in doc.pages] == ["ocr"]


def test_without_ocr_a_scan_is_skipped_as_having_no_text_layer(
        corpus: list, processor: Processor, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    monkeypatch.setattr(Ocr, "available", staticmethod(lambda: False))
    scan = next(d for d in corpus if d.layout == "scan")
    doc = processor.process(raw_page(scan.path))
    assert doc.skip_reason == "no text layer (scanned pages; Tesseract OCR is not installed)"


def test_a_pdf_served_as_html_still_goes_to_the_document_reader(
        corpus: list, processor: Processor) -> None:  # type: ignore[type-arg]
    item = next(d for d in corpus if d.layout == "pdf-2col" and d.text.id == "pl-wodor")
    page = RawPage(url="https://portal.example/komunikat", body=item.path.read_bytes(),
                   source="t", content_type="text/html; charset=utf-8")
    doc = processor.process(page)
    assert doc.media_type == "application/pdf" and doc.skip_reason is None
    assert set(doc.members) == set(item.text.members)
    assert doc.lang == "pl" and doc.content_hash and doc.to_json()["pages"][0]["page"] == 1
    again = processor.process_document(doc.__class__(url=doc.url, source="t", html=doc.html,
                                                     media=doc.media))
    assert again.text == doc.text and again.title == doc.title  # reprocessing re-lays it out
