"""Documents <-> rows: what goes into each column, and rebuilding the exact Document."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.document import Document, document_from_record, document_to_record
from pipeline.identity import content_hash

# fields kept in their own columns (searched, filtered or large), not in the JSON record
COLUMN_FIELDS = ("text", "lemmas", "html", "signature")
LSH_ROWS = 2  # MinHash values per band: 16 bands for a 32-value signature


@dataclass
class Row:
    """The column values of one document."""

    id: str
    url: str
    canonical_url: str
    source: str
    lang: str | None
    title: str | None
    published: str | None
    fetched_at: str
    day: str
    content_hash: str
    record_hash: str
    story_id: str | None
    members: str
    text: str
    lemmas: str
    html: str
    signature: str
    record: str
    media_type: str

    def values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[k] for k in ROW_COLUMNS)


ROW_COLUMNS = tuple(Row.__dataclass_fields__)


def to_row(doc: Document) -> Row:
    doc.ensure_id()
    rec = document_to_record(doc)
    rest = {k: v for k, v in rec.items() if k not in COLUMN_FIELDS}
    record = json.dumps(rest, ensure_ascii=False, sort_keys=True)
    analysed = {k: v for k, v in rest.items() if k not in ("fetched_at", "duplicates")}
    basis = json.dumps(analysed, ensure_ascii=False, sort_keys=True) + doc.lemmas + doc.html
    basis += json.dumps(doc.signature)
    fetched = doc.fetched_at.isoformat()
    return Row(
        id=doc.id, url=doc.url, canonical_url=doc.canonical_url, source=doc.source,
        lang=doc.lang, title=doc.title, published=doc.published, fetched_at=fetched,
        day=_day(doc.published) or fetched[:10],
        content_hash=doc.content_hash or content_hash(doc),
        record_hash=hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest(),
        story_id=doc.story_id, members=" ".join(sorted(doc.members)), text=doc.text,
        lemmas=doc.lemmas, html=doc.html, signature=json.dumps(doc.signature), record=record,
        media_type=doc.shown_media_type,
    )


def _day(published: str | None) -> str | None:
    """The ISO date of ``published``, or None when it is missing or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).isoformat()
    except ValueError:
        return None


DOC_SELECT = "SELECT record, text, lemmas, html, signature FROM documents"


def from_row(row: sqlite3.Row | tuple[Any, ...]) -> Document:
    """Rebuild from ``DOC_SELECT`` columns."""
    rec: dict[str, Any] = json.loads(row[0])
    rec["text"], rec["lemmas"], rec["html"] = row[1], row[2], row[3]
    rec["signature"] = json.loads(row[4])
    return document_from_record(rec)


def band_hashes(signature: list[int], rows: int = LSH_ROWS) -> list[tuple[int, int]]:
    """(band number, signed 64-bit hash) for each full band of the signature."""
    out: list[tuple[int, int]] = []
    for band in range(len(signature) // rows):
        chunk = signature[band * rows:(band + 1) * rows]
        digest = hashlib.blake2b(repr(chunk).encode(), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "big", signed=True)))
    return out
