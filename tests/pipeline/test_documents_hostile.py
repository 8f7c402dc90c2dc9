"""Hostile files: a clear skip reason, bounded time, no exception (pipeline/documents)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from pipeline.document import RawPage
from pipeline.documents import DocumentLimits, read_document, sniff_document
from tests.pipeline.doc_files import corpus

__all__ = ["corpus"]

EXPECTED = {
    "encrypted.pdf": "encrypted PDF",
    "corrupt.pdf": "corrupt PDF",
    "bomb.docx": "zip bomb",
    "pages-10000.pdf": "PDF of 10000 pages",
    "sheet.ods": "an office file other than DOCX or ODT",
    "cut.docx": "a damaged zip archive",
}


@pytest.fixture(scope="module")
def hostile(corpus: list, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # type: ignore[type-arg]
    from bench.doccorpus.build import hostile_files

    pdf = next(d.path for d in corpus if d.layout == "pdf-2col")
    docx = next(d.path for d in corpus if d.layout == "docx")
    return hostile_files(tmp_path_factory.mktemp("hostile"), pdf, docx)


def _skip_reason(path: Path, limits: DocumentLimits | None = None) -> tuple[str | None, float]:
    body = path.read_bytes()
    kind = sniff_document(body)
    assert kind is not None
    start = time.perf_counter()
    doc = read_document(RawPage(url=path.as_uri(), body=body, source="t"), kind, limits)
    return doc.skip_reason, time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_skipped_with_a_reason_quickly(hostile: dict[str, Path],
                                                       name: str) -> None:
    reason, secs = _skip_reason(hostile[name])
    assert reason is not None and EXPECTED[name] in reason, reason
    assert secs < 5, f"{name} took {secs:.1f} s"


def test_a_zip_part_that_lies_about_its_size_is_cut_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document xmlns:w='urn:x'>" + " " * 3_000_000
                    + "</w:document>")
    reason, _ = _skip_reason(path, DocumentLimits(max_unzipped=1_000_000))
    assert reason is not None and "more than the limit" in reason


def test_entity_expansion_is_not_followed(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 12))
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{lol}]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body><w:p><w:r><w:t>&l11;</w:t></w:r></w:p></w:body></w:document>")
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    start = time.perf_counter()
    reason, _ = _skip_reason(path)
    assert time.perf_counter() - start < 5
    assert reason is None or "DOCX" in reason  # either unexpanded text or a clear refusal
