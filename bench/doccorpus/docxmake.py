"""A DOCX written as plain zip + XML with fixed timestamps: the same bytes on every run (the
sample portal commits its generated files and checks they are current)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from bench.doccorpus.texts import Text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
          'package.core-properties+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
         'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')


def _para(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _table(rows: tuple[tuple[str, ...], ...]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{_para(c)}</w:tc>" for c in row) + "</w:tr>"
                    for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def make_plain_docx(text: Text, path: Path) -> None:
    body = [_para(text.title, "Heading1"), _para(text.date_line)]
    for i, para in enumerate(text.paragraphs):
        body.append(_para(para))
        if i == 1 and text.table:
            body.append(_table(text.table))
    if text.footnote:
        body.append(_para(text.footnote))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_W}"><w:body>{"".join(body)}</w:body></w:document>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(text.title)}</dc:title><dc:creator>{escape(text.author)}"
            f'</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{text.date}T09:00:00Z'
            "</dcterms:created></cp:coreProperties>")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in (("[Content_Types].xml", _TYPES), ("_rels/.rels", _RELS),
                           ("word/document.xml", document), ("docProps/core.xml", core)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
