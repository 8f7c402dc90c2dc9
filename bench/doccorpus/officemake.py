"""DOCX (python-docx) and ODT (plain OpenDocument XML) versions of a text: title heading, dated
line, paragraphs, a table, a footnote, and a running header and footer in the page styles."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from bench.doccorpus.pdfmake import HEADS
from bench.doccorpus.texts import Text


def make_docx(text: Text, path: Path) -> None:
    from docx import Document as Docx  # dev dependency: only the corpus generator needs it

    doc = Docx()
    props = doc.core_properties
    props.title, props.author = text.title, text.author
    props.created = dt.datetime.fromisoformat(text.date)
    section = doc.sections[0]
    section.header.paragraphs[0].text = f"{text.author} · {HEADS[text.lang][0]}"
    section.footer.paragraphs[0].text = "www.example.org"
    doc.add_heading(text.title, level=1)
    doc.add_paragraph(text.date_line)
    for i, para in enumerate(text.paragraphs):
        doc.add_paragraph(para)
        if i == 1 and text.table:
            table = doc.add_table(rows=len(text.table), cols=len(text.table[0]))
            for r, row in enumerate(text.table):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    if text.footnote:  # python-docx writes no footnotes part: the note closes the document
        doc.add_paragraph(text.footnote)
    doc.save(str(path))


_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:dc="http://purl.org/dc/elements/1.1/" '
       'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
       'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
       'office:version="1.3"')


def _odt_body(text: Text) -> str:
    e = escape
    parts = [f'<text:h text:outline-level="1">{e(text.title)}</text:h>',
             f"<text:p>{e(text.date_line)}</text:p>"]
    for i, para in enumerate(text.paragraphs):
        if i == 0 and text.footnote:
            cut = para.find(". ")
            note = (f'<text:note text:note-class="footnote"><text:note-citation>1'
                    f'</text:note-citation><text:note-body><text:p>{e(text.footnote)}</text:p>'
                    f"</text:note-body></text:note>")
            para_xml = e(para[:cut]) + note + e(para[cut:]) if cut > 0 else e(para) + note
        else:
            para_xml = e(para)
        parts.append(f"<text:p>{para_xml}</text:p>")
        if i == 1 and text.table:
            rows = "".join(
                "<table:table-row>" + "".join(
                    f"<table:table-cell><text:p>{e(c)}</text:p></table:table-cell>" for c in row)
                + "</table:table-row>" for row in text.table)
            parts.append(f'<table:table table:name="T1">{rows}</table:table>')
    return "".join(parts)


def make_odt(text: Text, path: Path) -> None:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}>'
               f"<office:body><office:text>{_odt_body(text)}</office:text></office:body>"
               "</office:document-content>")
    head = escape(f"{text.author} · {HEADS[text.lang][0]}")
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_NS}>'
              '<office:master-styles><style:master-page style:name="Standard">'
              f"<style:header><text:p>{head}</text:p></style:header>"
              "<style:footer><text:p><text:page-number/></text:p></style:footer>"
              "</style:master-page></office:master-styles></office:document-styles>")
    meta = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_NS}><office:meta>'
            f"<dc:title>{escape(text.title)}</dc:title>"
            f"<meta:initial-creator>{escape(text.author)}</meta:initial-creator>"
            f"<meta:creation-date>{text.date}T09:00:00</meta:creation-date>"
            "</office:meta></office:document-meta>")
    manifest = (f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {_NS}>'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.text"/>'
                + "".join(f'<manifest:file-entry manifest:full-path="{n}" '
                          'manifest:media-type="text/xml"/>'
                          for n in ("content.xml", "styles.xml", "meta.xml"))
                + "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                    compress_type=zipfile.ZIP_STORED)
        for name, data in (("content.xml", content), ("styles.xml", styles),
                           ("meta.xml", meta), ("META-INF/manifest.xml", manifest)):
            zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
