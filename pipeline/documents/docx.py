"""DOCX files as plain zip + XML (WordprocessingML): paragraphs, tables, footnotes, core
properties. Headers and footers live in their own parts and are never read."""

from __future__ import annotations

from lxml import etree

from pipeline.documents.dates import iso_day
from pipeline.documents.limits import DocumentLimits
from pipeline.documents.model import DocumentError, FileMeta, FilePage, FileText
from pipeline.documents.sniff import DocKind
from pipeline.documents.zipparts import OfficeZip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CORE = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
HEADING_STYLES = ("title", "heading1", "überschrift1", "nagłówek1", "nadpis1")


def _run_text(par: etree._Element) -> str:
    """The visible text of a paragraph: text, tabs and breaks; deleted text and field codes out."""
    parts: list[str] = []
    for el in par.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        tag = el.tag
        if tag == f"{W}t":
            parts.append(el.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    return "".join(parts).strip()


def _style(par: etree._Element) -> str:
    style = par.find(f"{W}pPr/{W}pStyle")
    value = style.get(f"{W}val", "") if style is not None else ""
    return "".join(ch for ch in value.lower() if ch.isalnum())


def _table(tbl: etree._Element) -> list[str]:
    rows: list[str] = []
    for tr in tbl.iter(f"{W}tr"):
        cells = [" ".join(_run_text(p) for p in tc.iter(f"{W}p")).strip()
                 for tc in tr.iter(f"{W}tc")]
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _blocks(body: etree._Element, meta: FileMeta) -> list[str]:
    blocks: list[str] = []
    for el in body.iter(f"{W}p", f"{W}tbl"):
        if el.tag == f"{W}tbl":
            blocks.append("\n".join(_table(el)))
            continue
        if any(a.tag == f"{W}tbl" for a in el.iterancestors()):
            continue  # read with its table
        text = _run_text(el)
        if not text:
            continue
        if meta.heading is None and _style(el).startswith(HEADING_STYLES):
            meta.heading = text
        blocks.append(text)
    return [b for b in blocks if b]


def _footnotes(parts: OfficeZip) -> list[str]:
    root = parts.xml("word/footnotes.xml")
    if root is None:
        return []
    notes: list[str] = []
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t for t in (_run_text(p) for p in note.iter(f"{W}p")) if t)
        if text:
            notes.append(text)
    return notes


def _meta(parts: OfficeZip) -> FileMeta:
    root = parts.xml("docProps/core.xml")
    if root is None:
        return FileMeta()

    def value(path: str) -> str | None:
        found = root.findtext(path, namespaces=CORE)
        return found.strip() if found and found.strip() else None

    return FileMeta(title=value("dc:title"), author=value("dc:creator"),
                    date=iso_day(value("dcterms:created") or value("dcterms:modified")))


def read_docx(body: bytes, limits: DocumentLimits) -> FileText:
    parts = OfficeZip(body, limits, "DOCX")
    try:
        root = parts.xml("word/document.xml")
        if root is None:
            raise DocumentError("corrupt DOCX: no word/document.xml")
        doc_body = root.find(f"{W}body")
        meta = _meta(parts)
        blocks = _blocks(doc_body if doc_body is not None else root, meta)
        blocks += _footnotes(parts)
    finally:
        parts.close()
    text = "\n\n".join(blocks)[: limits.max_chars]
    return FileText(DocKind.DOCX.value, meta, [FilePage(text)], paginated=False)
