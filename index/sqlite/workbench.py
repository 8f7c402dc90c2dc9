"""The analyst workbench's reads and writes on the embedded store: entity counts and
corrections of member links (the write path applies corrections: ``writes.upsert``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Any

from index.base import Correction, EntitiesQuery, EntityCount
from index.sqlite.records import DOC_SELECT, from_row
from index.sqlite.writes import correction_from_row, upsert
from pipeline.document import Document


def entities(conn: sqlite3.Connection, q: EntitiesQuery) -> list[EntityCount]:
    clauses, params = ["kind = ?"], [q.kind.value]
    if q.since:
        clauses.append("day >= ?")
        params.append(q.since.isoformat())
    if q.until:
        clauses.append("day <= ?")
        params.append(q.until.isoformat())
    for column, values in (("source", q.sources), ("lang", q.langs), ("name", q.names)):
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if q.exclude:
        clauses.append(f"name NOT IN ({','.join('?' * len(q.exclude))})")
        params.extend(q.exclude)
    if q.with_members:
        clauses.append("with_members = 1")
    limit = len(q.names) if q.names else max(0, q.top)
    # a period reads its day range of the covering index; the planner, left alone, walks every
    # name of the kind in primary-key order (no sort for GROUP BY) and reads far more rows
    index = "INDEXED BY entities_kind_day " if (q.since or q.until) and not q.names else ""
    sql = (f"SELECT name, count(*) AS n FROM entities {index}WHERE {' AND '.join(clauses)} "
           "GROUP BY name ORDER BY n DESC, name LIMIT ?")
    return [EntityCount(str(name), int(n)) for name, n in conn.execute(sql, [*params, limit])]


def add_correction(conn: sqlite3.Connection, c: Correction) -> Document | None:
    """Inside the caller's transaction: store the correction and rewrite the document."""
    doc = _document(conn, c.doc_id)
    if doc is None:
        return None
    at = (c.at or datetime.now(timezone.utc)).isoformat()
    conn.execute("INSERT OR REPLACE INTO corrections VALUES (?, ?, ?, ?, ?, ?)",
                 (c.doc_id, c.member, c.action.value, c.who, c.why, at))
    upsert(conn, doc)
    return doc


def delete_correction(conn: sqlite3.Connection, doc_id: str, member: str) -> bool:
    gone = conn.execute("DELETE FROM corrections WHERE doc_id = ? AND member = ?",
                        (doc_id, member)).rowcount > 0
    doc = _document(conn, doc_id) if gone else None
    if doc is not None:
        upsert(conn, doc)
    return gone


def corrections(conn: sqlite3.Connection, doc_id: str | None, limit: int) -> list[Correction]:
    where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
    rows = conn.execute(f"SELECT doc_id, member, action, who, why, at FROM corrections {where} "
                        "ORDER BY at DESC, doc_id, member LIMIT ?", [*params, max(0, limit)])
    return [correction_from_row(r) for r in rows]


def _document(conn: sqlite3.Connection, doc_id: str) -> Document | None:
    row: Any = conn.execute(f"{DOC_SELECT} WHERE id = ?", (doc_id,)).fetchone()
    return from_row(row) if row is not None else None
