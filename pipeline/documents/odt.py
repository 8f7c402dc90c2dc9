"""ODT files as plain zip + XML (OpenDocument text): headings, paragraphs, lists, tables,
sections, notes (moved to the end), and the meta.xml properties. Page headers and footers live
in styles.xml and are never read."""

from __future__ import annotations

from lxml import etree

from pipeline.documents.dates import iso_day
from pipeline.documents.limits import DocumentLimits
from pipeline.documents.model import DocumentError, FileMeta, FilePage, FileText
from pipeline.documents.sniff import DocKind
from pipeline.documents.zipparts import OfficeZip

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
META_NS = {"dc": "http://purl.org/dc/elements/1.1/",
           "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
           "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
MAX_DEPTH = 40  # nesting of sections, lists and tables followed


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.notes: list[str] = []
        self.heading: str | None = None

    def inline(self, el: etree._Element, depth: int = 0) -> str:
        """The text of a paragraph or heading; notes are collected apart."""
        parts = [el.text or ""]
        for child in el:
            tag = child.tag
            if tag == f"{TEXT}s":
                parts.append(" " * min(int(child.get(f"{TEXT}c", "1") or 1), 100))
            elif tag == f"{TEXT}tab":
                parts.append("\t")
            elif tag == f"{TEXT}line-break":
                parts.append(" ")
            elif tag == f"{TEXT}note":
                body = child.find(f"{TEXT}note-body")
                if body is not None and depth < MAX_DEPTH:
                    note = " ".join(self.inline(p, depth + 1) for p in body.iter(f"{TEXT}p"))
                    self.notes.append(note.strip())
            elif depth < MAX_DEPTH and isinstance(tag, str):
                parts.append(self.inline(child, depth + 1))
            parts.append(child.tail or "")
        return "".join(parts)

    def walk(self, el: etree._Element, depth: int = 0) -> None:
        for child in el:
            tag = child.tag
            if tag in (f"{TEXT}p", f"{TEXT}h"):
                text = self.inline(child).strip()
                if text:
                    if self.heading is None and tag == f"{TEXT}h":
                        self.heading = text
                    self.blocks.append(text)
            elif tag == f"{TABLE}table":
                self.blocks.append("\n".join(self.table(child)))
            elif depth < MAX_DEPTH and isinstance(tag, str):
                self.walk(child, depth + 1)  # lists, list items, sections, frames

    def table(self, tbl: etree._Element) -> list[str]:
        rows: list[str] = []
        for row in tbl.iter(f"{TABLE}table-row"):
            cells = [" ".join(self.inline(p).strip() for p in cell.iter(f"{TEXT}p", f"{TEXT}h"))
                     for cell in row.iter(f"{TABLE}table-cell")]
            if any(c.strip() for c in cells):
                rows.append("\t".join(c.strip() for c in cells))
        return rows


def _meta(parts: OfficeZip) -> FileMeta:
    root = parts.xml("meta.xml")
    if root is None:
        return FileMeta()

    def value(name: str) -> str | None:
        found = root.findtext(f"office:meta/{name}", namespaces=META_NS)
        return found.strip() if found and found.strip() else None

    return FileMeta(title=value("dc:title"),
                    author=value("dc:creator") or value("meta:initial-creator"),
                    date=iso_day(value("meta:creation-date") or value("dc:date")))


def read_odt(body: bytes, limits: DocumentLimits) -> FileText:
    parts = OfficeZip(body, limits, "ODT")
    try:
        root = parts.xml("content.xml")
        if root is None:
            raise DocumentError("corrupt ODT: no content.xml")
        office_text = root.find(f"{OFFICE}body/{OFFICE}text")
        reader = _Reader()
        reader.walk(office_text if office_text is not None else root)
        meta = _meta(parts)
    finally:
        parts.close()
    meta.heading = reader.heading
    blocks = [b for b in reader.blocks + reader.notes if b]
    text = "\n\n".join(blocks)[: limits.max_chars]
    return FileText(DocKind.ODT.value, meta, [FilePage(text)], paginated=False)
