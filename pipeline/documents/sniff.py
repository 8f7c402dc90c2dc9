"""What a body is, by its bytes alone (a server's Content-Type is often wrong for files)."""

from __future__ import annotations

import io
import zipfile
import zlib
from enum import Enum

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
PDF_HEAD = 1024  # the header may follow some junk bytes (the PDF specification allows it)
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_ODF_PREFIX = "application/vnd.oasis.opendocument."


class DocKind(str, Enum):
    """A document file this stage reads, with its media type."""

    PDF = "application/pdf"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ODT = ODT_MIMETYPE


class Unsupported(str, Enum):
    """A document file of a kind this stage does not read (skipped with a reason)."""

    OFFICE = "an office file other than DOCX or ODT (spreadsheet, presentation, drawing)"
    ZIP = "a zip archive that is not a DOCX or ODT document"
    DAMAGED = "a damaged zip archive (a DOCX or ODT file cut short?)"


def sniff_document(body: bytes) -> DocKind | Unsupported | None:
    """The kind of document file ``body`` is; None when it is no document file (HTML, text)."""
    if PDF_MAGIC in body[:PDF_HEAD]:
        return DocKind.PDF
    if not body.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return DocKind.DOCX
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                mimetype = zf.read(info).decode("ascii", "replace").strip() \
                    if info.file_size <= 200 else ""
                if mimetype == ODT_MIMETYPE:
                    return DocKind.ODT
                if mimetype.startswith(_ODF_PREFIX):
                    return Unsupported.OFFICE
            if any(n.startswith(("xl/", "ppt/")) for n in names):
                return Unsupported.OFFICE
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError,
            zlib.error):
        return Unsupported.DAMAGED
    return Unsupported.ZIP


SUFFIXES = {".pdf": DocKind.PDF, ".docx": DocKind.DOCX, ".odt": DocKind.ODT}
