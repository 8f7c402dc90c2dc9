"""Writing documents: the idempotent upsert (new / updated with a revision / unchanged)."""

from __future__ import annotations

import sqlite3

from index.base import UpsertOutcome
from index.sqlite.records import ROW_COLUMNS, Row, band_hashes, to_row
from pipeline.document import Document

_INSERT = (f"INSERT INTO documents ({', '.join(ROW_COLUMNS)}, last_seen) "
           f"VALUES ({', '.join('?' * len(ROW_COLUMNS))}, ?)")
_UPDATE = (f"UPDATE documents SET {', '.join(f'{c} = ?' for c in ROW_COLUMNS)}, last_seen = ? "
           "WHERE rowid = ?")


def upsert(conn: sqlite3.Connection, doc: Document) -> UpsertOutcome:
    """Write one document inside the caller's transaction."""
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
    conn.execute("DELETE FROM lsh WHERE doc = ?", (rowid,))
    conn.executemany("INSERT OR IGNORE INTO lsh VALUES (?, ?, ?)",
                     [(band, h, rowid) for band, h in band_hashes(doc.signature)])
