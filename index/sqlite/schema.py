"""The SQLite schema: tables, FTS5 index, forward migrations and opening a connection.

``schema_version`` holds one row; every migration moves the file forward by one version in
its own transaction. A file written by a newer clusterwatch (a higher version) is refused.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from index.base import StoreError

log = logging.getLogger(__name__)

_V1 = """
CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    source TEXT NOT NULL,
    lang TEXT,
    title TEXT,
    published TEXT,
    fetched_at TEXT NOT NULL,
    day TEXT NOT NULL,             -- published, else the fetch date: for export and mentions
    content_hash TEXT NOT NULL,
    record_hash TEXT NOT NULL,     -- the whole record but fetched_at: detects re-analysis
    story_id TEXT,
    members TEXT NOT NULL DEFAULT '',   -- member ids, space-separated (hits need no JSON)
    text TEXT NOT NULL DEFAULT '',
    lemmas TEXT NOT NULL DEFAULT '',
    html TEXT NOT NULL DEFAULT '',
    signature TEXT NOT NULL DEFAULT '[]',
    record TEXT NOT NULL           -- JSON of every other Document field
);
CREATE INDEX documents_canonical ON documents(canonical_url);
CREATE INDEX documents_url ON documents(url);
CREATE INDEX documents_source_day ON documents(source, day);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_story ON documents(story_id) WHERE story_id IS NOT NULL;

CREATE VIRTUAL TABLE docs_fts USING fts5(
    title, text, lemmas,
    content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO docs_fts(rowid, title, text, lemmas)
    VALUES (new.rowid, coalesce(new.title, ''), new.text, new.lemmas);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title, text, lemmas)
    VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text, old.lemmas);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, text, lemmas ON documents BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title, text, lemmas)
    VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text, old.lemmas);
    INSERT INTO docs_fts(rowid, title, text, lemmas)
    VALUES (new.rowid, coalesce(new.title, ''), new.text, new.lemmas);
END;

CREATE TABLE mentions (
    doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    member TEXT NOT NULL,
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    story TEXT NOT NULL,           -- story_id, else the document id
    count INTEGER NOT NULL,
    PRIMARY KEY (doc, member)
) WITHOUT ROWID;
CREATE INDEX mentions_member_day ON mentions(member, day, count, story, source);

CREATE TABLE revisions (
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    title TEXT,
    text TEXT NOT NULL
);
CREATE INDEX revisions_doc ON revisions(doc_id, seen_at);

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    started TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX runs_started ON runs(started);
"""

# v2: locality-sensitive hashing bands of the MinHash signature, for near duplicates, and the
# time a document was last seen unchanged (a revision's seen_at)
_V2 = """
CREATE TABLE lsh (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, doc)
) WITHOUT ROWID;
CREATE INDEX lsh_doc ON lsh(doc);
ALTER TABLE documents ADD COLUMN last_seen TEXT;
"""

# v3: indexes for date-sorted listings and for stats (found by the 100,000-document benchmark)
_V3 = """
CREATE INDEX documents_published_id ON documents(published, id);
CREATE INDEX documents_lang ON documents(lang);
CREATE INDEX documents_fetched ON documents(fetched_at);
DROP INDEX documents_published;
"""

# v4: a narrow copy of the filter and sort columns: filtering FTS matches reads small rows
# instead of whole documents (about 10x faster at 100,000 documents)
_V4 = """
CREATE TABLE meta (
    rowid INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    lang TEXT,
    published TEXT
);
INSERT INTO meta SELECT rowid, id, source, lang, published FROM documents;
CREATE INDEX meta_published ON meta(published, id);
CREATE INDEX meta_source ON meta(source, published);
CREATE INDEX meta_lang ON meta(lang, published);
CREATE TRIGGER documents_meta_ai AFTER INSERT ON documents BEGIN
    INSERT INTO meta VALUES (new.rowid, new.id, new.source, new.lang, new.published);
END;
CREATE TRIGGER documents_meta_au AFTER UPDATE OF id, source, lang, published ON documents BEGIN
    UPDATE meta SET id = new.id, source = new.source, lang = new.lang,
                    published = new.published WHERE rowid = new.rowid;
END;
"""

# v5: member ids in meta too, so facets count members in the same single pass over the matches
_V5 = """
ALTER TABLE meta ADD COLUMN members TEXT NOT NULL DEFAULT '';
UPDATE meta SET members = (SELECT d.members FROM documents d WHERE d.rowid = meta.rowid);
DROP TRIGGER documents_meta_ai;
DROP TRIGGER documents_meta_au;
CREATE TRIGGER documents_meta_ai AFTER INSERT ON documents BEGIN
    INSERT INTO meta VALUES (new.rowid, new.id, new.source, new.lang, new.published,
                             new.members);
END;
CREATE TRIGGER documents_meta_au AFTER UPDATE OF id, source, lang, published, members
ON documents BEGIN
    UPDATE meta SET id = new.id, source = new.source, lang = new.lang,
                    published = new.published, members = new.members WHERE rowid = new.rowid;
END;
"""

# v6: stories-unit mentions group by (member, story) straight from an index
_V6 = """
CREATE INDEX mentions_member_story ON mentions(member, story, day, count, source);
"""

# v7: a source's newest documents by fetch time (recent_documents, for the health check)
_V7 = """
CREATE INDEX documents_source_fetched ON documents(source, fetched_at);
"""

# v8: saved searches (alerts) and the digests sent for them; an alert's window moves only in the
# transaction that records its send (see index/alerts.py)
_V8 = """
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL,          -- JSON of the definition (index.alerts.Alert)
    window_end TEXT,               -- fetch time covered so far, ISO; NULL: never sent
    last_sent TEXT,
    last_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE alert_sends (
    id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    record TEXT NOT NULL           -- JSON of index.alerts.AlertSend
);
CREATE INDEX alert_sends_alert ON alert_sends(alert_id, at);
"""


# v9: the analyst workbench: entity names per document (top names, new names, prospects) and
# people's corrections of member links (kept across reprocessing)
_V9 = """
CREATE TABLE entities (
    doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    kind TEXT NOT NULL,            -- org, place, person
    name TEXT NOT NULL,            -- base form as tagged
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    lang TEXT,
    with_members INTEGER NOT NULL, -- 1 when the document mentions a member
    PRIMARY KEY (kind, name, doc)
) WITHOUT ROWID;
CREATE INDEX entities_kind_day ON entities(kind, day, name, with_members, source, lang);
CREATE INDEX entities_name_day ON entities(kind, name, day, with_members, source, lang);
CREATE INDEX entities_doc ON entities(doc);
CREATE TABLE corrections (
    doc_id TEXT NOT NULL,
    member TEXT NOT NULL,
    action TEXT NOT NULL,
    who TEXT NOT NULL,
    why TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (doc_id, member)
);
CREATE INDEX corrections_at ON corrections(at);
"""


def _v9(conn: sqlite3.Connection) -> None:
    _script(_V9)(conn)
    rows = conn.execute("SELECT rowid, day, source, lang, members, record FROM documents")
    conn.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [e for row in rows for e in _entity_rows(*row)])


def _entity_rows(rowid: int, day: str, source: str, lang: str | None, members: str,
                 record: str) -> list[tuple[object, ...]]:
    rec = json.loads(record)
    return [(rowid, kind, name, day, source, lang, int(bool(members)))
            for kind, name in entity_names(rec)]


def entity_names(rec: dict[str, object]) -> list[tuple[str, str]]:
    """(kind, name) pairs of a document record, each once (names bounded in length)."""
    out: dict[tuple[str, str], None] = {}
    for kind, fld in (("org", "organisations"), ("place", "places"), ("person", "persons")):
        values = rec.get(fld)
        for name in values if isinstance(values, list) else []:
            if isinstance(name, str) and name.strip():
                out.setdefault((kind, name.strip()[:200]), None)
    return list(out)

# v10: the media type of each document (text/html, application/pdf, ...), for filters and stats;
# rows written before documents existed were pages or text files
_V10 = """
ALTER TABLE documents ADD COLUMN media_type TEXT NOT NULL DEFAULT '';
UPDATE documents SET media_type = CASE json_extract(record, '$.media')
    WHEN 'text' THEN 'text/plain' WHEN 'markdown' THEN 'text/markdown' ELSE 'text/html' END;
CREATE INDEX documents_media_type ON documents(media_type);
"""


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in _statements(sql):
            conn.execute(statement)
    return apply


def _statements(sql: str) -> list[str]:
    """Split a script into statements (triggers hold ';' inside BEGIN … END)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s.strip(" ;\n")]


# MIGRATIONS[i] moves a file from version i to version i + 1
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _script(_V1), _script(_V2), _script(_V3), _script(_V4), _script(_V5), _script(_V6),
    _script(_V7), _script(_V8), _v9, _script(_V10)]
SCHEMA_VERSION = len(MIGRATIONS)


def db_path(url: str) -> Path:
    """``sqlite:///relative/file.db`` or ``sqlite:////absolute/file.db`` -> the file's path."""
    if not url.startswith("sqlite:///"):
        raise StoreError(f"not an SQLite store URL: {url!r} (use sqlite:///PATH)")
    rest = url.removeprefix("sqlite:///").split("?", 1)[0]
    if not rest:
        raise StoreError(f"SQLite store URL {url!r} names no file")
    return Path(rest)


def connect(path: Path) -> sqlite3.Connection:
    """A new connection in autocommit mode (transactions are explicit), WAL, foreign keys."""
    try:
        conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA cache_size=-16000")  # KiB, per connection (one per thread)
        conn.execute("PRAGMA mmap_size=268435456")  # reads share the OS page cache
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open SQLite store {path}: {exc}") from None
    return conn


def prepare_file(path: Path) -> None:
    """Create the parent folder; refuse a path that is a folder or cannot be created."""
    if path.is_dir():
        raise StoreError(f"cannot open SQLite store {path}: it is a folder, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder for SQLite store {path}: {exc}") from None


def current_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'"
                       ).fetchone()
    if row is None:
        return 0
    got = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(got[0] or 0)


def migrate(conn: sqlite3.Connection, path: Path, target: int = SCHEMA_VERSION) -> int:
    """Bring the file to ``target``; returns the version it is at. Raises StoreError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = _migrate_locked(conn, path, target)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open SQLite store {path}: {exc}") from None
    return version


def _migrate_locked(conn: sqlite3.Connection, path: Path, target: int) -> int:
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(f"SQLite store {path} has schema version {version}, newer than this "
                         f"clusterwatch understands ({SCHEMA_VERSION}): upgrade clusterwatch")
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        if tables[0]:
            raise StoreError(f"{path} is an SQLite file but not a clusterwatch store "
                             "(no schema_version table)")
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                     "applied TEXT NOT NULL)")
    for step in range(version, target):
        log.info("migrating SQLite store %s to schema version %d", path, step + 1)
        MIGRATIONS[step](conn)
        conn.execute("INSERT INTO schema_version VALUES (?, datetime('now'))", (step + 1,))
    return max(version, target)
