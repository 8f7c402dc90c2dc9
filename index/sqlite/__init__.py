"""The embedded store: one SQLite file (WAL), FTS5 with bm25, mentions and LSH tables.

Thread-safe: each thread gets its own connection; writes are ``BEGIN IMMEDIATE`` transactions,
so several threads or processes may write the same file (they wait on the busy timeout).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from index.alerts import Alert, AlertSend
from index.base import (
    Bucket,
    Correction,
    EntitiesQuery,
    EntityCount,
    Interval,
    MentionsQuery,
    MentionsResult,
    Revision,
    RunRecord,
    SearchQuery,
    SearchResult,
    SourceRunStats,
    StoreError,
    StoreOptions,
    StoreStats,
    UpsertOutcome,
)
from index.query_text import analysed
from index.sqlite import alerts as _alerts
from index.sqlite import mentions as _mentions
from index.sqlite import schema
from index.sqlite import search as _search
from index.sqlite import workbench as _workbench
from index.sqlite.records import DOC_SELECT, band_hashes, from_row
from index.sqlite.writes import upsert as _upsert
from pipeline.document import Document
from pipeline.identity import similarity

log = logging.getLogger(__name__)
T = TypeVar("T")
_BATCH = 500

__all__ = ["SqliteStore"]


class SqliteStore:
    """``SqliteStore("sqlite:///data/clusterwatch.db", StoreOptions())``. Raises StoreError."""

    def __init__(self, url: str, options: StoreOptions | None = None) -> None:
        self.url = url
        self.options = options or StoreOptions()
        self.path = schema.db_path(url)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._conns: list[sqlite3.Connection] = []
        self._closed = False
        # bumped on every change seen (own writes, other connections' commits): CountCache
        self._generation = 0
        self._counts = _search.CountCache()
        if not self.options.create and not self.path.exists():
            raise StoreError(f"no SQLite store at {self.path} (check --store, "
                             "CLUSTERWATCH_STORE or settings.yaml; crawl or ingest create it)")
        schema.prepare_file(self.path)
        self.schema_version = schema.migrate(self._conn(), self.path)

    # connections and transactions -------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError(f"SQLite store {self.path} is closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = schema.connect(self.path)
            self._local.conn = conn
            self._local.data_version = None
            with self._lock:
                self._conns.append(conn)
                self._generation += 1  # a new connection's baseline may miss earlier commits
        return conn

    def _current_generation(self, conn: sqlite3.Connection) -> int:
        """Bump the generation when another connection (thread, process) committed."""
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._local.data_version:
            with self._lock:
                if self._local.data_version is not None:
                    self._generation += 1
                self._local.data_version = version
        return self._generation

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
                with self._lock:
                    self._generation += 1
            except BaseException:
                _rollback(conn, self.path)
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite store {self.path}: write failed: {exc}") from None

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return fn(self._conn())
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite store {self.path}: read failed: {exc}") from None

    # documents ----------------------------------------------------------------------------

    def upsert(self, doc: Document) -> UpsertOutcome:
        with self._write() as conn:
            return _upsert(conn, doc)

    def upsert_many(self, docs: Iterable[Document]) -> list[UpsertOutcome]:
        out: list[UpsertOutcome] = []
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= _BATCH:
                out.extend(self._upsert_batch(batch))
                batch = []
        if batch:
            out.extend(self._upsert_batch(batch))
        return out

    def _upsert_batch(self, docs: list[Document]) -> list[UpsertOutcome]:
        with self._write() as conn:
            return [_upsert(conn, d) for d in docs]

    def get(self, doc_id: str) -> Document | None:
        return self._read(lambda c: self._get_where(c, "id = ?", doc_id))

    def get_by_url(self, url: str) -> Document | None:
        def find(c: sqlite3.Connection) -> Document | None:
            return (self._get_where(c, "url = ?", url)
                    or self._get_where(c, "canonical_url = ?", url))
        return self._read(find)

    def _get_where(self, conn: sqlite3.Connection, where: str, value: str) -> Document | None:
        row = conn.execute(f"{DOC_SELECT} WHERE {where} LIMIT 1", (value,)).fetchone()
        if row is None:
            return None
        doc = from_row(row)
        doc.duplicates = []
        if doc.story_id:
            dups = conn.execute(
                "SELECT id FROM documents WHERE story_id = ? AND id != ? "
                "ORDER BY day, fetched_at, id", (doc.story_id, doc.id))
            doc.duplicates = [r[0] for r in dups]
        return doc

    def delete(self, doc_id: str) -> bool:
        with self._write() as conn:
            conn.execute("DELETE FROM revisions WHERE doc_id = ?", (doc_id,))
            return conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount > 0

    def revisions(self, doc_id: str) -> list[Revision]:
        rows = self._read(lambda c: c.execute(
            "SELECT doc_id, content_hash, seen_at, title, text FROM revisions "
            "WHERE doc_id = ? ORDER BY seen_at, rowid", (doc_id,)).fetchall())
        return [Revision(r[0], r[1], datetime.fromisoformat(r[2]), r[3], r[4]) for r in rows]

    def prune_revisions(self, keep: int) -> int:
        """Keep the newest ``keep`` revisions of every document; returns how many went."""
        sql = ("DELETE FROM revisions WHERE rowid IN (SELECT rowid FROM (SELECT rowid, "
               "row_number() OVER (PARTITION BY doc_id ORDER BY seen_at DESC, rowid DESC) AS n "
               "FROM revisions) WHERE n > ?)")
        with self._write() as conn:
            return int(conn.execute(sql, (max(0, keep),)).rowcount)

    def recent_documents(self, source: str, limit: int) -> list[Document]:
        """The source's newest ``limit`` documents by ``fetched_at``, newest first (ties by id,
        descending); read through the (source, fetched_at) index."""
        if limit <= 0:
            return []
        sql = (f"{DOC_SELECT} WHERE source = ? ORDER BY fetched_at DESC, id DESC LIMIT ?")
        return [from_row(r) for r in self._fetch(sql, [source, limit])]

    def export(self, since: date | None = None, sources: list[str] | None = None
               ) -> Iterator[Document]:
        """In id order, fetched in batches so callers may write to the store meanwhile."""
        where, params = ["id > ?"], [""]
        if since:
            where.append("day >= ?")
            params.append(since.isoformat())
        if sources:
            where.append(f"source IN ({','.join('?' * len(sources))})")
            params.extend(sources)
        sql = (f"SELECT record, text, lemmas, html, signature, id FROM documents "
               f"WHERE {' AND '.join(where)} ORDER BY id LIMIT {_BATCH}")
        while True:
            rows = self._fetch(sql, params)
            docs = [from_row(row) for row in rows]
            self._fill_duplicates(docs)
            yield from docs
            if len(rows) < _BATCH:
                return
            params[0] = rows[-1][-1]

    def _fill_duplicates(self, docs: list[Document]) -> None:
        """``duplicates`` of a batch as ``get`` fills them: one query for the batch's stories."""
        stories = sorted({d.story_id for d in docs if d.story_id})
        members: dict[str, list[str]] = {}
        for start in range(0, len(stories), _BATCH):
            chunk = stories[start:start + _BATCH]
            sql = (f"SELECT story_id, id FROM documents WHERE story_id IN "
                   f"({','.join('?' * len(chunk))}) ORDER BY day, fetched_at, id")
            for story, doc_id in self._fetch(sql, list(chunk)):
                members.setdefault(story, []).append(doc_id)
        for doc in docs:
            doc.duplicates = [i for i in members.get(doc.story_id or "", []) if i != doc.id]

    def _fetch(self, sql: str, params: list[Any]) -> list[Any]:
        return self._read(lambda c: c.execute(sql, params).fetchall())

    # queries ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        query = analysed(query)

        def run(c: sqlite3.Connection) -> SearchResult:
            return _search.search(c, query, self._counts, self._current_generation(c))
        return self._read(run)

    def search_histogram(self, query: SearchQuery, interval: Interval) -> list[Bucket]:
        query = analysed(query)
        return self._read(lambda c: _search.histogram(c, query, interval))

    def mentions(self, query: MentionsQuery) -> MentionsResult:
        """Answers are kept until the next change (a compare page asks for every member's
        mentions at each view, to work out shares of voice)."""
        def run(c: sqlite3.Connection) -> MentionsResult:
            key = _mentions.cache_key(query)
            generation = self._current_generation(c)
            found: MentionsResult | None = self._counts.get(key, generation)
            if found is None:
                found = _mentions.mentions(c, query)
                self._counts.put(key, generation, found)
            return _mentions.copy_result(found)
        return self._read(run)

    def co_mentions(self, member: str, limit: int = 10) -> list[tuple[str, int]]:
        return self._read(lambda c: _mentions.co_mentions(c, member, limit))

    def entities(self, query: EntitiesQuery) -> list[EntityCount]:
        return self._read(lambda c: _workbench.entities(c, query))

    def add_correction(self, correction: Correction) -> Document | None:
        with self._write() as conn:
            return _workbench.add_correction(conn, correction)

    def delete_correction(self, doc_id: str, member: str) -> bool:
        with self._write() as conn:
            return _workbench.delete_correction(conn, doc_id, member)

    def corrections(self, doc_id: str | None = None, limit: int = 1000) -> list[Correction]:
        return self._read(lambda c: _workbench.corrections(c, doc_id, limit))

    def near_duplicates(self, doc: Document, threshold: float = 0.8) -> list[str]:
        bands = band_hashes(doc.signature)
        if not bands:
            return []
        where = " OR ".join("(l.band = ? AND l.hash = ?)" for _ in bands)
        params = [v for pair in bands for v in pair]
        sql = (f"SELECT DISTINCT d.id, d.signature FROM lsh l JOIN documents d ON d.rowid = l.doc "
               f"WHERE {where}")
        rows = self._fetch(sql, params)
        scored = [(similarity(doc.signature, json.loads(sig)), did) for did, sig in rows
                  if did != doc.id]
        return [did for s, did in sorted(scored, key=lambda p: (-p[0], p[1])) if s >= threshold]

    def stats(self) -> StoreStats:
        return self._read(self._stats)

    def _stats(self, conn: sqlite3.Connection) -> StoreStats:
        def one(sql: str) -> Any:  # separate queries: each is answered by one index
            return conn.execute(sql).fetchone()[0]
        total = one("SELECT count(*) FROM meta")
        last_pub = one("SELECT max(published) FROM meta")
        last_fetch = one("SELECT max(fetched_at) FROM documents")
        by_source = dict(conn.execute(
            "SELECT source, count(*) FROM meta GROUP BY source ORDER BY source"))
        by_lang = dict(conn.execute(
            "SELECT coalesce(lang, ''), count(*) FROM meta GROUP BY lang ORDER BY lang"))
        return StoreStats(backend="sqlite", url=self.url, documents=int(total),
                          by_source=by_source, by_lang=by_lang, last_published=last_pub,
                          last_fetched=last_fetch, pending=0,
                          schema_version=schema.current_version(conn))

    # runs ---------------------------------------------------------------------------------

    def add_run(self, run: RunRecord) -> None:
        record = json.dumps(run.to_json(), ensure_ascii=False)
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)",
                         (run.id, run.kind, run.started.isoformat(), record))

    def runs(self, limit: int = 20) -> list[RunRecord]:
        rows = self._read(lambda c: c.execute(
            "SELECT record FROM runs ORDER BY started DESC, id DESC LIMIT ?",
            (max(0, limit),)).fetchall())
        return [run_from_json(json.loads(r[0])) for r in rows]

    # alerts -------------------------------------------------------------------------------

    def save_alert(self, alert: Alert) -> None:
        with self._write() as conn:
            _alerts.save_alert(conn, alert)

    def alerts(self) -> list[Alert]:
        return self._read(_alerts.list_alerts)

    def get_alert(self, alert_id: str) -> Alert | None:
        return self._read(lambda c: _alerts.get_alert(c, alert_id))

    def delete_alert(self, alert_id: str) -> bool:
        with self._write() as conn:
            return _alerts.delete_alert(conn, alert_id)

    def claim_alert_window(self, send: AlertSend, expected_end: datetime | None) -> bool:
        with self._write() as conn:
            return _alerts.claim_window(conn, send, expected_end)

    def finish_alert_send(self, send: AlertSend) -> None:
        with self._write() as conn:
            _alerts.finish_send(conn, send)

    def alert_sends(self, alert_id: str, limit: int = 20) -> list[AlertSend]:
        return self._read(lambda c: _alerts.list_sends(c, alert_id, limit))

    def close(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
            self._closed = True
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error as exc:  # pragma: no cover - closing never matters much
                log.debug("closing %s: %s", self.path, exc)


def _rollback(conn: sqlite3.Connection, path: object) -> None:
    """Undo the open transaction; SQLite may already have rolled it back itself (a full disk
    ends the transaction), and that must not hide the error that caused it."""
    if not conn.in_transaction:
        return
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:  # the original error is what the caller reports
        log.warning("SQLite store %s: rollback failed: %s", path, exc)


def run_from_json(data: dict[str, Any]) -> RunRecord:
    finished = data.get("finished")
    return RunRecord(
        id=data["id"], kind=data["kind"], started=datetime.fromisoformat(data["started"]),
        finished=datetime.fromisoformat(finished) if finished else None,
        status=data.get("status", "running"),
        sources=[SourceRunStats(**s) for s in data.get("sources", [])],
        notes=dict(data.get("notes") or {}))
