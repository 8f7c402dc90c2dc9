"""Documents, revisions and runs as Elasticsearch sources, and back.

The searchable fields are derived from the Document; the full record (the decoded HTML
included) rides along in ``record``, an ``enabled: false`` object that is stored but never
parsed, so ``get`` rebuilds the Document exactly. The main text is kept once, in ``body``.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

from index.base import Revision, RunRecord, SourceRunStats
from pipeline import identity
from pipeline.document import Document, document_from_record, document_to_record

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# record fields kept elsewhere in the source (and put back by ``doc_from_source``)
_OUTSIDE_RECORD = ("text",)
# record fields that are not the result of analysis (a new sighting changes them)
_NOT_ANALYSIS = ("fetched_at", "duplicates")


def valid_day(value: str | None) -> str | None:
    """``YYYY-MM-DD`` that is a real date, else None (a bad date must not reject the doc)."""
    if not value or not _DAY.match(value):
        return None
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None
    return value


def effective_day(doc: Document) -> str:
    """The published day, else the day it was fetched."""
    return valid_day(doc.published) or doc.fetched_at.date().isoformat()


def content_hash(doc: Document) -> str:
    """The pipeline's hash, or the same recipe when a caller left it empty."""
    return doc.content_hash or identity.content_hash(doc)


def record_hash(record: dict[str, Any]) -> str:
    """Changes when the analysis changes (a reprocess) even if the content did not."""
    analysed = {k: v for k, v in record.items() if k not in _NOT_ANALYSIS}
    basis = json.dumps(analysed, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def doc_to_source(doc: Document) -> dict[str, Any]:
    """The ``_source`` of one document (``doc.id`` must be set)."""
    record = document_to_record(doc)
    for name in _OUTSIDE_RECORD:
        record.pop(name, None)
    day = effective_day(doc)
    story = doc.story_id or doc.id
    fetched = doc.fetched_at.isoformat()
    return {
        "id": doc.id, "url": doc.url, "canonical_url": doc.canonical_url or doc.url,
        "source": doc.source, "lang": doc.lang, "story_id": doc.story_id,
        "content_hash": content_hash(doc), "record_hash": record_hash(record),
        "section": doc.section, "author": doc.author,
        "media_type": doc.shown_media_type,
        "title": doc.title, "body": doc.text, "lemmas": doc.lemmas,
        "published": valid_day(doc.published), "fetched_at": fetched, "last_seen": fetched,
        "date": day,
        "members": sorted(doc.members),
        "mentioned": sorted(m for m, n in doc.members.items() if n > 0),
        "organisations": list(doc.organisations),
        "places": list(doc.places), "persons": list(doc.persons),
        "minhash": [f"{i}:{v}" for i, v in enumerate(doc.signature)],
        "minhash_len": len(doc.signature),
        "mentions": [{"member": m, "count": int(c), "date": day, "story": story}
                     for m, c in sorted(doc.members.items()) if c > 0],
        "record": record,
    }


def doc_from_source(source: dict[str, Any]) -> Document:
    record = dict(source.get("record") or {})
    record["text"] = source.get("body") or ""
    return document_from_record(record)


def signature_from_source(source: dict[str, Any]) -> list[int]:
    pairs = [str(t).split(":", 1) for t in source.get("minhash") or []]
    return [int(v) for _, v in sorted((int(i), v) for i, v in pairs)]


def revision_to_source(rev: Revision, seq: int) -> dict[str, Any]:
    return {"doc_id": rev.doc_id, "content_hash": rev.content_hash,
            "seen_at": rev.seen_at.isoformat(), "seq": seq,
            "record": {"title": rev.title, "text": rev.text,
                       "seen_at": rev.seen_at.isoformat()}}


def revision_from_source(source: dict[str, Any]) -> Revision:
    rec = source.get("record") or {}
    return Revision(doc_id=source["doc_id"], content_hash=source["content_hash"],
                    seen_at=datetime.fromisoformat(rec.get("seen_at") or source["seen_at"]),
                    title=rec.get("title"), text=rec.get("text") or "")


def run_to_source(run: RunRecord) -> dict[str, Any]:
    return {"id": run.id, "kind": run.kind, "status": run.status,
            "started": run.started.isoformat(), "record": run.to_json()}


def run_from_source(source: dict[str, Any]) -> RunRecord:
    rec = dict(source["record"])
    stats = [SourceRunStats(**s) for s in rec.get("sources") or []]
    finished = rec.get("finished")
    return RunRecord(id=rec["id"], kind=rec["kind"],
                     started=datetime.fromisoformat(rec["started"]),
                     finished=datetime.fromisoformat(finished) if finished else None,
                     status=rec.get("status", "running"), sources=stats,
                     notes=dict(rec.get("notes") or {}))
