"""Per-URL crawl state in a small SQLite file under ``data_dir``.

Why a separate SQLite file and not the document store: the state is keyed by the URL that was
fetched (a document is keyed by its canonical URL, and several fetched URLs may map to one
document, or to none when the page was not an article); it holds HTTP validators (ETag,
Last-Modified) and body hashes, which are transport facts, not document data; it must work the
same whatever the store backend (SQLite or Elasticsearch); and each row is committed on its own
right after the document's upsert, so a crawl killed halfway resumes without losing or
duplicating anything. SQLite gives that atomicity, indexed look-ups for hundreds of thousands of
URLs without holding them in memory, and WAL mode so `status` can read it during a crawl.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from index.base import StoreError

log = logging.getLogger(__name__)

STATE_FILE = "crawl_state.db"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    doc_id TEXT,
    outcome TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_fetched TEXT NOT NULL,
    last_changed TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_source ON pages(source);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class PageOutcome(str, Enum):
    STORED = "stored"  # an article in the store
    SKIPPED = "skipped"  # fetched, not an article (kept so an unchanged one is not reprocessed)


@dataclass(frozen=True)
class PageState:
    url: str
    source: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    doc_id: str | None
    outcome: PageOutcome
    last_fetched: str


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def still_stored(prev: PageState, has_doc: Callable[[str], bool]) -> bool:
    """False when a page recorded as stored has no document any more (another or a new store,
    a deletion): such a page must be fetched and processed in full again.

    A store that cannot answer (an Elasticsearch outage) is taken at its word from the last run:
    the page is asked for conditionally, and a changed body still goes to the store's spool.
    """
    if prev.outcome is not PageOutcome.STORED:
        return True
    if prev.doc_id is None:
        return False
    try:
        return has_doc(prev.doc_id)
    except StoreError as exc:
        log.warning("store unreachable, trusting the crawl state for %s: %s", prev.doc_id, exc)
        return True


class CrawlState:
    """Open (creating) ``data_dir/crawl_state.db``."""

    def __init__(self, data_dir: Path | str) -> None:
        path = Path(data_dir)
        path.mkdir(parents=True, exist_ok=True)
        self.path = path / STATE_FILE
        try:
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            # no fsync per page (a commit per page blocked the reactor for one disk flush
            # each); WAL with NORMAL still survives a killed process, as the store's file does
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                             (str(SCHEMA_VERSION),))
            self._db.commit()
        except sqlite3.Error as exc:
            raise OSError(f"cannot open the crawl state {self.path}: {exc}") from None
        self.write_error: str | None = None

    def get(self, url: str) -> PageState | None:
        row = self._db.execute(
            "SELECT url, source, etag, last_modified, body_hash, doc_id, outcome, last_fetched"
            " FROM pages WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return PageState(row[0], row[1], row[2], row[3], row[4], row[5], PageOutcome(row[6]),
                         row[7])

    def _commit(self, sql: str, params: tuple[object, ...]) -> None:
        """One statement, committed. A failed write (disk full) is logged once and kept in
        ``write_error``: the page is fetched again next time, nothing else is lost."""
        try:
            self._db.execute(sql, params)
            self._db.commit()
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                try:
                    self._db.rollback()
                except sqlite3.Error:
                    log.debug("crawl state rollback failed", exc_info=True)
            if self.write_error is None:
                self.write_error = f"cannot write the crawl state {self.path}: {exc}"
                log.error("%s", self.write_error)

    def record(self, url: str, source: str, *, etag: str | None, last_modified: str | None,
               body_hash: str, doc_id: str | None, outcome: PageOutcome) -> None:
        """A fetched body (after its document, if any, was stored). Committed at once."""
        now = _now()
        self._commit(
            "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            " source=excluded.source, etag=excluded.etag, last_modified=excluded.last_modified,"
            " last_changed=CASE WHEN pages.body_hash IS excluded.body_hash THEN pages.last_changed"
            " ELSE excluded.last_changed END, body_hash=excluded.body_hash,"
            " doc_id=excluded.doc_id, outcome=excluded.outcome,"
            " last_fetched=excluded.last_fetched",
            (url, source, etag, last_modified, body_hash, doc_id, outcome.value, now, now, now))

    def touch(self, url: str) -> None:
        """A 304 or an unchanged body: only the time of the last check changes."""
        self._commit("UPDATE pages SET last_fetched = ? WHERE url = ?", (_now(), url))

    def count(self, source: str | None = None) -> int:
        if source is None:
            return int(self._db.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
        return int(self._db.execute("SELECT COUNT(*) FROM pages WHERE source = ?",
                                    (source,)).fetchone()[0])

    def close(self) -> None:
        self._db.close()
