"""What a document reader hands to the layout stage: the pages' raw text and the metadata.

Kept in ``Document.html`` as JSON, so ``reprocess`` re-runs the layout rules on stored documents
without the original file (the WARC archive keeps the bytes for a full re-read).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.document import TextOrigin


class DocumentError(Exception):
    """A file that cannot be read: the message is the skip reason a user sees."""


@dataclass
class FilePage:
    """One page (or the whole text of an unpaginated format): lines, blank between blocks."""

    text: str
    origin: str = TextOrigin.TEXT.value


@dataclass
class FileMeta:
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO date from the file's metadata
    heading: str | None = None  # the first heading (largest type on the first page, a Title style)


@dataclass
class FileText:
    media_type: str
    meta: FileMeta = field(default_factory=FileMeta)
    pages: list[FilePage] = field(default_factory=list)
    paginated: bool = True  # PDF: yes; DOCX and ODT have no fixed pages
    notes: list[str] = field(default_factory=list)  # what a reader should know (OCR stopped)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> FileText:
        raw: dict[str, Any] = json.loads(data)
        return cls(media_type=str(raw["media_type"]), meta=FileMeta(**raw.get("meta") or {}),
                   pages=[FilePage(**p) for p in raw.get("pages") or []],
                   paginated=bool(raw.get("paginated", True)),
                   notes=[str(n) for n in raw.get("notes") or []])
