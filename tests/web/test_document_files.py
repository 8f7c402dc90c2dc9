"""The document page for PDF files: the original file linked, the text shown page by page, OCR
pages marked (real pipeline, real SQLite store, the app through TestClient)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from bench.documents import raw_page
from clusterwatch.web.app import create_app
from index.base import StoreOptions
from index.factory import open_store
from pipeline.document import Document
from pipeline.documents.ocr import Ocr
from pipeline.process import Processor
from tests.conftest import ROOT
from tests.pipeline.doc_files import corpus
from tests.web.conftest import free_port, write_config

__all__ = ["corpus"]
SHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def site(corpus: list, tmp_path_factory: pytest.TempPathFactory  # type: ignore[type-arg]
         ) -> Iterator[tuple[TestClient, dict[str, Document]]]:
    root = tmp_path_factory.mktemp("web-docs")
    url = f"sqlite:///{root / 'store.db'}"
    config = write_config(root / "config", url)
    store = open_store(url, StoreOptions(data_dir=str(root / "data")))
    processor = Processor(config.registry)
    wanted = [("pdf-1col", "pl-wodor"), ("docx", "cs-spolchemie")]
    if Ocr.available():
        wanted.append(("scan", "pl-wodor"))
    docs: dict[str, Document] = {}
    for item in corpus:
        if (item.layout, item.text.id) in wanted:
            page = raw_page(item.path, "pl")
            page.url = f"https://klaster.example.pl/pliki/{item.path.name}"
            doc = processor.process(page)
            assert doc.skip_reason is None, doc.skip_reason
            doc.story_id = doc.ensure_id()
            store.upsert(doc)
            docs[item.layout] = doc
    app = create_app(config, store, warm_health=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, docs
    store.close()


def test_pdf_page_links_the_file_and_shows_each_page(
        site: tuple[TestClient, dict[str, Document]]) -> None:
    client, docs = site
    pdf = docs["pdf-1col"]
    html = client.get(f"/documents/{pdf.id}", headers={"accept-language": "en"}).text
    assert 'href="https://klaster.example.pl/pliki/pl-wodor.1col.pdf"' in html
    assert "Original file (PDF)" in html and "pages: 2" in html
    marks = re.findall(r'<section class="doc-page" id="page-(\d+)">', html)
    assert marks == ["1", "2"]
    page2 = html.split('id="page-2"', 1)[1]
    last_words = pdf.text[pdf.pages[1].start:pdf.pages[1].end].split()[-3:]
    assert " ".join(last_words) in page2 and "OCR" not in html
    pl = client.get(f"/documents/{pdf.id}?hl=pl").text
    assert "Strona 2" in pl and "Oryginalny plik (PDF)" in pl


def test_search_hits_of_a_pdf_name_the_page_of_their_snippet(
        site: tuple[TestClient, dict[str, Document]]) -> None:
    client, docs = site
    pdf = docs["pdf-1col"]
    second = pdf.text[pdf.pages[1].start:pdf.pages[1].end]
    word = max(second.split(), key=len).strip(".,")  # a long word printed on page 2 only
    assert word not in pdf.text[:pdf.pages[1].start]
    html = client.get("/search", params={"q": word, "hl": "en"}).text
    link = f'href="/documents/{pdf.id}#page-2"'
    assert link in html and "p. 2:" in html
    hit = client.get("/api/search", params={"q": word}).json()["hits"][0]
    assert hit["id"] == pdf.id and hit["media_type"] == "application/pdf"


def test_docx_page_has_no_page_marks(site: tuple[TestClient, dict[str, Document]]) -> None:
    client, docs = site
    html = client.get(f"/documents/{docs['docx'].id}?hl=en").text
    assert "Original file (DOCX)" in html and 'class="doc-page"' not in html
    assert "epoxidových pryskyřic" in html


def test_ocr_pages_are_marked(site: tuple[TestClient, dict[str, Document]]) -> None:
    client, docs = site
    if "scan" not in docs:
        pytest.skip("Tesseract with pol/ces/deu/eng data not installed (make ocr-deps): skipped")
    html = client.get(f"/documents/{docs['scan'].id}?hl=en").text
    assert 'class="badge badge-ocr"' in html and "recognised from the page image" in html
    api = client.get(f"/api/documents/{docs['scan'].id}").json()
    assert api["media_type"] == "application/pdf" and api["pages"][0]["origin"] == "ocr"




@pytest.mark.browser
def test_document_page_in_a_real_browser(site: tuple[TestClient, dict[str, Document]],
                                         tmp_path: Path) -> None:
    """Chromium renders the PDF's page marks, the file link and (with OCR) the OCR badge,
    with no script or console error under the page's Content-Security-Policy."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"browser test skipped: {chromium} is missing (make browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    client, docs = site
    app = client.app
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    problems: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(chromium), headless=True,
                                         args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            for kind in ("pdf-1col", "scan"):
                if kind not in docs:
                    continue
                page.goto(f"http://127.0.0.1:{port}/documents/{docs[kind].id}?hl=en")
                marks = page.locator(".page-mark").all_inner_texts()
                assert marks[0].startswith("Page 1")
                link = page.locator("a.original")
                assert link.inner_text().startswith("Original file (PDF)")
                assert link.get_attribute("href") == docs[kind].url
                if kind == "scan":
                    assert page.locator(".badge-ocr").is_visible()
                else:
                    assert [m.strip() for m in marks] == ["Page 1", "Page 2"]
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"document-{kind}.png"), full_page=True)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
    assert not problems, problems
