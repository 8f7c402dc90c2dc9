"""Files that must be skipped with a reason, in bounded time and memory: an encrypted PDF, a
corrupt PDF, a zip-bomb DOCX, a PDF of 10,000 pages, a spreadsheet, a corrupt DOCX."""

from __future__ import annotations

import zipfile
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas


def encrypted_pdf(path: Path) -> None:
    canvas = Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    canvas.drawString(72, 720, "Confidential minutes of the cluster board.")
    canvas.showPage()
    canvas.save()


def corrupt_pdf(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    cut = data[: len(data) // 3]  # the cross-reference table and the trailer are gone
    for i in range(200, len(cut), 97):
        cut[i] = 0x00
    path.write_bytes(bytes(cut))


def zip_bomb_docx(path: Path, unpacked_mb: int = 120) -> None:
    """A DOCX whose document.xml unpacks to ``unpacked_mb`` MiB of spaces (about 0.1 MiB packed)."""
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as handle:
            handle.write(b"<w:document xmlns:w='urn:x'><w:body>")
            for _ in range(unpacked_mb):
                handle.write(chunk)
            handle.write(b"</w:body></w:document>")


def huge_pdf(path: Path, pages: int = 10_000) -> None:
    canvas = Canvas(str(path))
    for n in range(pages):
        canvas.drawString(72, 720, f"Page {n + 1}")
        canvas.showPage()
    canvas.save()


def spreadsheet(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                    compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<x/>")


def corrupt_docx(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
