"""The whole test set: every text as a two-column PDF, a one-column PDF (with a meaningless
metadata title), a DOCX or an ODT; four of them scanned; plus long and hostile files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.doccorpus import hostile
from bench.doccorpus.officemake import make_docx, make_odt
from bench.doccorpus.pdfmake import Style, make_pdf, single_column
from bench.doccorpus.scans import make_scan
from bench.doccorpus.texts import Text, load_texts

SCANNED = ("pl-wodor", "cs-spolana", "de-dow", "en-network")
JUNK_TITLE = "Microsoft Word - komunikat_final.docx"


@dataclass(frozen=True)
class CorpusDoc:
    path: Path
    text: Text
    layout: str  # pdf-2col, pdf-1col, docx, odt, scan

    @property
    def split(self) -> str:
        return self.text.split


def build_corpus(folder: Path, texts: list[Text] | None = None) -> list[CorpusDoc]:
    folder.mkdir(parents=True, exist_ok=True)
    out: list[CorpusDoc] = []
    for i, text in enumerate(texts or load_texts()):
        two = folder / f"{text.id}.2col.pdf"
        make_pdf(text, two, Style())
        one = folder / f"{text.id}.1col.pdf"
        make_pdf(text, one, single_column(JUNK_TITLE))
        out += [CorpusDoc(two, text, "pdf-2col"), CorpusDoc(one, text, "pdf-1col")]
        office = folder / f"{text.id}.{'docx' if i % 2 == 0 else 'odt'}"
        (make_docx if office.suffix == ".docx" else make_odt)(text, office)
        out.append(CorpusDoc(office, text, office.suffix[1:]))
        if text.id in SCANNED:
            scan = folder / f"{text.id}.scan.pdf"
            flat = folder / f"{text.id}.flat.pdf"
            make_pdf(text, flat, Style(columns=1, size=11.0, meta_title=""))
            make_scan(flat, scan, seed=i)
            flat.unlink()
            out.append(CorpusDoc(scan, text, "scan"))
    return out


def long_pdf(folder: Path, pages: int = 300) -> Path:
    """A report of ``pages`` pages: the texts laid out one after another, again and again."""
    texts = load_texts()
    path = folder / f"report-{pages}.pdf"
    from bench.doccorpus.pdfmake import Layout, _draw, register_fonts

    register_fonts()
    style = single_column()
    layout = Layout(texts[0], style)
    layout.title()
    i = 0
    while len(layout.pages) < pages:
        text = texts[i % len(texts)]
        for para in text.paragraphs:
            layout.paragraph(para)
        i += 1
    layout.pages = layout.pages[:pages]
    _draw(layout, texts[0], style, path)
    return path


def hostile_files(folder: Path, good_pdf: Path, good_docx: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: folder / name for name in (
        "encrypted.pdf", "corrupt.pdf", "bomb.docx", "pages-10000.pdf", "sheet.ods",
        "cut.docx")}
    hostile.encrypted_pdf(files["encrypted.pdf"])
    hostile.corrupt_pdf(files["corrupt.pdf"], good_pdf)
    hostile.zip_bomb_docx(files["bomb.docx"])
    hostile.huge_pdf(files["pages-10000.pdf"])
    hostile.spreadsheet(files["sheet.ods"])
    hostile.corrupt_docx(files["cut.docx"], good_docx)
    return files
