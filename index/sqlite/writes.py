"""Writing documents: the idempotent upsert (new / updated with a revision / unchanged)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from index.base import Correction, CorrectionAction, UpsertOutcome
from index.corrections import apply_corrections, needs_applying
from index.sqlite.records import ROW_COLUMNS, Row, band_hashes, to_row
from index.sqlite.schema import entity_names
from pipeline.document import Document, document_to_record

_INSERT = (f"INSERT INTO documents ({', '.join(ROW_COLUMNS)}, last_seen) "
           f"VALUES ({', '.join('?' * len(ROW_COLUMNS))}, ?)")
_UPDATE = (f"UPDATE documents SET {', '.join(f'{c} = ?' for c in ROW_COLUMNS)}, last_seen = ? "
           "WHERE rowid = ?")


def upsert(conn: sqlite3.Connection, doc: Document) -> UpsertOutcome:
    """Write one document inside the caller's transaction (its corrections applied)."""
    corrections = corrections_of(conn, doc.ensure_id())
    if needs_applying(doc, corrections):
        apply_corrections(doc, corrections)
    row = to_row(doc)
    old = conn.execute(
        "SELECT rowid, content_hash, record_hash, title, text, fetched_at, last_seen "
        "FROM documents WHERE id = ?", (row.id,)).fetchone()
    if old is None:
        rowid = conn.execute(_INSERT, (*row.values(), row.fetched_at)).lastrowid
        assert rowid is not None
        _write_derived(conn, rowid, row, doc)
        return UpsertOutcome.NEW
    rowid, content_hash, record_hash, title, text, fetched_at, last_seen = old
    if content_hash == row.content_hash:
        if record_hash != row.record_hash:  # same content, new analysis (reprocess)
            conn.execute(_UPDATE, (*row.values(), row.fetched_at, rowid))
            _write_derived(conn, rowid, row, doc)
        else:
            conn.execute("UPDATE documents SET last_seen = ? WHERE rowid = ?",
                         (row.fetched_at, rowid))
        return UpsertOutcome.UNCHANGED
    conn.execute("INSERT INTO revisions VALUES (?, ?, ?, ?, ?)",
                 (row.id, content_hash, last_seen or fetched_at, title, text))
    conn.execute(_UPDATE, (*row.values(), row.fetched_at, rowid))
    _write_derived(conn, rowid, row, doc)
    return UpsertOutcome.UPDATED


def _write_derived(conn: sqlite3.Connection, rowid: int, row: Row, doc: Document) -> None:
    """Mentions and LSH bands of one document, replacing what it had."""
    conn.execute("DELETE FROM mentions WHERE doc = ?", (rowid,))
    story = row.story_id or row.id
    conn.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?)",
        [(rowid, member, row.day, row.source, story, int(n))
         for member, n in doc.members.items() if n > 0])
    conn.execute("DELETE FROM entities WHERE doc = ?", (rowid,))
    conn.executemany(
        "INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(rowid, kind, name, row.day, row.source, row.lang, int(bool(doc.members)))
         for kind, name in entity_names(document_to_record(doc))])
    conn.execute("DELETE FROM lsh WHERE doc = ?", (rowid,))
    conn.executemany("INSERT OR IGNORE INTO lsh VALUES (?, ?, ?)",
                     [(band, h, rowid) for band, h in band_hashes(doc.signature)])


def corrections_of(conn: sqlite3.Connection, doc_id: str) -> list[Correction]:
    rows = conn.execute("SELECT doc_id, member, action, who, why, at FROM corrections "
                        "WHERE doc_id = ?", (doc_id,)).fetchall()
    return [correction_from_row(r) for r in rows]


def correction_from_row(r: tuple[str, str, str, str, str, str]) -> Correction:
    return Correction(doc_id=r[0], member=r[1], action=CorrectionAction(r[2]), who=r[3],
                      why=r[4], at=datetime.fromisoformat(r[5]))
