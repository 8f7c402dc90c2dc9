"""Reading the XML parts of a zipped office file within bounds (zip bombs, entity tricks)."""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from pipeline.documents.limits import DocumentLimits
from pipeline.documents.model import DocumentError

_BOMB_FLOOR = 1024 * 1024  # parts smaller than this are never called bombs, whatever the ratio
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)


class OfficeZip:
    """The parts of one DOCX or ODT file."""

    def __init__(self, body: bytes, limits: DocumentLimits, kind: str) -> None:
        self.limits, self.kind = limits, kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(body))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise DocumentError(f"corrupt {kind}: {exc}") from None
        self.names = set(self.zip.namelist())

    def close(self) -> None:
        self.zip.close()

    def part(self, name: str) -> bytes | None:
        """The bytes of one part (None when absent); raises DocumentError past the bounds."""
        if name not in self.names:
            return None
        info = self.zip.getinfo(name)
        limit = self.limits.max_unzipped
        if info.file_size > limit:
            raise DocumentError(f"{self.kind} part {name} unpacks to {info.file_size} bytes, "
                                f"more than the limit of {limit} (a zip bomb?)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _BOMB_FLOOR and ratio > self.limits.max_ratio:
            raise DocumentError(f"{self.kind} part {name} is compressed {ratio:.0f}:1, "
                                "beyond any real document (a zip bomb?)")
        try:
            with self.zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, zlib.error, RuntimeError, EOFError,
                NotImplementedError) as exc:
            raise DocumentError(f"corrupt {self.kind}: {name}: {exc}") from None
        if len(data) > limit:  # the header understated the size
            raise DocumentError(f"{self.kind} part {name} unpacks to more than {limit} bytes "
                                "(a zip bomb?)")
        return data

    def xml(self, name: str) -> etree._Element | None:
        data = self.part(name)
        if data is None:
            return None
        try:
            return etree.fromstring(data, parser=_PARSER)
        except etree.XMLSyntaxError as exc:
            raise DocumentError(f"corrupt {self.kind}: {name}: {exc}") from None
