"""Generated PDF, DOCX and ODT files read end to end (sniffing, reader, layout), and a PDF's
pages streamed one at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.extraction import prf
from pipeline.document import Media, RawPage
from pipeline.documents import DocKind, DocumentLimits, sniff_document
from pipeline.documents.pdf import PdfReader
from tests.conftest import ROOT
from tests.pipeline.doc_files import corpus, needs_generators, read

__all__ = ["corpus"]


def _one(corpus_docs: list, layout: str, text_id: str):  # type: ignore[no-untyped-def,type-arg]
    return next(d for d in corpus_docs if d.layout == layout and d.text.id == text_id)


@pytest.mark.parametrize("layout", ["pdf-2col", "pdf-1col", "docx", "odt"])
def test_each_layout_reads_as_the_source_text(corpus: list, layout: str) -> None:  # type: ignore[type-arg]
    text_id = {"docx": "pl-wodor", "odt": "pl-park"}.get(layout, "de-infraleuna")
    item = _one(corpus, layout, text_id)
    doc = read(item.path)
    assert doc.skip_reason is None and doc.media == Media.DOCUMENT.value
    assert doc.title == item.text.title
    assert prf(doc.text, item.text.reference())[2] >= 0.97
    paragraphs = doc.text.split("\n\n")
    first, second = item.text.paragraphs[:2]
    assert first.split(". ")[0] in paragraphs[1]  # after the dated line, in reading order
    assert doc.text.index(first[:40]) < doc.text.index(second[:40])
    assert doc.author == item.text.author and doc.published == item.text.date
    assert "Pressemitteilung" not in doc.text and "Komunikat prasowy" not in doc.text
    if layout.startswith("pdf"):
        assert doc.media_type == DocKind.PDF.value and doc.pages
        assert doc.pages[-1].end == len(doc.text)
    else:
        assert doc.pages == []


def test_one_column_pdf_runs_over_pages_with_heads_and_numbers_removed(corpus: list) -> None:  # type: ignore[type-arg]
    item = _one(corpus, "pdf-1col", "pl-park")
    doc = read(item.path)
    assert len(doc.pages) == 2 and doc.title == item.text.title  # metadata title was junk
    assert "Strona" not in doc.text and "Biuro" not in doc.text
    assert "Kędzierzyńsko-Kozielski Park Przemysłowy" in doc.text
    assert prf(doc.text, item.text.reference())[2] == 1.0


def test_the_media_type_comes_from_the_bytes_not_the_name_or_header(corpus: list) -> None:  # type: ignore[type-arg]
    pdf, docx, odt = (_one(corpus, k, t).path for k, t in
                      (("pdf-2col", "pl-wodor"), ("docx", "pl-wodor"), ("odt", "pl-park")))
    assert sniff_document(pdf.read_bytes()) is DocKind.PDF
    assert sniff_document(docx.read_bytes()) is DocKind.DOCX
    assert sniff_document(odt.read_bytes()) is DocKind.ODT
    assert sniff_document(b"<!doctype html><html><body>PDF-</body></html>") is None
    assert sniff_document(b"junk before the header %PDF-1.7\n") is DocKind.PDF


def test_pages_stream_one_at_a_time(corpus: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    import pypdfium2 as pdfium

    from bench.doccorpus.build import long_pdf
    from pipeline.documents.model import FileMeta

    path = long_pdf(tmp_path, 40)
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = PdfReader(DocumentLimits()).pages(pdf, FileMeta())
        first = next(pages)  # nothing else has been read yet
        assert first.text and sum(1 for _ in pages) == 39
    finally:
        pdf.close()


_RSS = """
import resource, sys
from pathlib import Path
from pipeline.document import RawPage
from pipeline.documents import layout_document, read_document, sniff_document
body = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
doc = layout_document(read_document(RawPage(url="file:///r.pdf", body=body, source="t"),
                                    sniff_document(body)))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(doc.pages), (after - before) // 1024)
"""


@pytest.mark.slow
def test_a_300_page_pdf_is_read_in_bounded_memory(tmp_path: Path) -> None:
    needs_generators()
    from bench.doccorpus.build import long_pdf

    path = long_pdf(tmp_path, 300)
    done = subprocess.run([sys.executable, "-c", _RSS, str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=True)
    pages, grown_mib = (int(x) for x in done.stdout.split())
    assert pages == 300
    assert grown_mib < 100, f"peak memory grew by {grown_mib} MiB reading 300 pages"


def test_limits_cut_long_text_with_a_note(corpus: list) -> None:  # type: ignore[type-arg]
    item = _one(corpus, "pdf-1col", "pl-park")
    body = item.path.read_bytes()
    reader = PdfReader(DocumentLimits(max_chars=200))
    file = reader.read(body)
    assert len(file.pages) == 1 and file.notes and "cut after page 1" in file.notes[0]
    raw = RawPage(url="https://a.example/x.pdf", body=body, source="t")
    from pipeline.documents import read_document

    doc = read_document(raw, DocKind.PDF, DocumentLimits(max_bytes=len(body) - 1))
    assert doc.skip_reason and "max_document_bytes" in doc.skip_reason
