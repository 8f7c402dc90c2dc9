"""Document files of the sample portal (kurier-kk/pliki/): a press-release PDF in two columns,
a scanned page (an image-only PDF, read by OCR) and a DOCX note, made from texts of the
document benchmark (bench/doccorpus/texts.yaml) with its generators, byte for byte the same on
every run. Needs the dev extra (reportlab, pypdfium2, Pillow) and DejaVu fonts."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repository root: bench/

from bench.doccorpus.docxmake import make_plain_docx
from bench.doccorpus.pdfmake import Style, make_pdf
from bench.doccorpus.scans import make_scan
from bench.doccorpus.texts import load_texts

SITE = "kurier-kk"
LISTING = "/wiadomosci/"
# path on the site -> (text id, layout, link label)
DOCUMENTS = {
    "/pliki/komunikat-wodor-2026.pdf": ("pl-wodor", "pdf", "Komunikat prasowy (PDF)"),
    "/pliki/skan-nabor-klastry.pdf": ("pl-sejmik", "scan", "Ogłoszenie o naborze (skan, PDF)"),
    "/pliki/notatka-park-przemyslowy.docx": ("pl-park", "docx", "Notatka z parku (DOCX)"),
}
MEDIA_TYPES = {"pdf": "application/pdf", "scan": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def write_documents(site_dir: Path) -> list[dict[str, Any]]:
    """Write the files under ``site_dir``; their expected.yaml entries."""
    texts = {t.id: t for t in load_texts()}
    out: list[dict[str, Any]] = []
    for path, (text_id, layout, label) in DOCUMENTS.items():
        text = texts[text_id]
        target = site_dir / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if layout == "pdf":
            make_pdf(text, target, Style())
        elif layout == "docx":
            make_plain_docx(text, target)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                flat = Path(tmp) / "flat.pdf"
                make_pdf(text, flat, Style(columns=1, size=11.0, meta_title=""))
                make_scan(flat, target, seed=7, dpi=150)
        out.append({"path": path, "site": SITE, "label": label, "media_type": MEDIA_TYPES[layout],
                    "ocr": layout == "scan", "title": text.title, "published": text.date,
                    "members": sorted(text.members)})
    return out


def links_box() -> str:
    items = "".join(f'<li><a href="{path}">{label}</a></li>'
                    for path, (_, _, label) in DOCUMENTS.items())
    return f'<div class="dokumenty"><h2>Dokumenty do pobrania</h2><ul>{items}</ul></div>'
