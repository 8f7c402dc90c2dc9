"""SQLite-specific behaviour: WAL, schema versions and migrations, bad files, concurrency."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from index.base import SearchQuery, SortOrder, StoreError, StoreOptions, UpsertOutcome
from index.factory import open_store
from index.sqlite import SqliteStore, schema
from pipeline.document import Document
from pipeline.identity import identify
from tests.conftest import ROOT


def _doc(i: int, source: str = "alpha", text: str = "") -> Document:
    body = text or f"Artykuł numer {i} o zakładach chemicznych w Kędzierzynie."
    return identify(Document(url=f"https://{source}.example/{i}", source=source,
                             title=f"Tytuł {i}", text=body, published="2024-01-10",
                             members={"azoty": 1}, lemmas=body.casefold()))


def _open(path: Path) -> SqliteStore:
    return SqliteStore(f"sqlite:///{path}", StoreOptions(data_dir=str(path.parent)))


def test_wal_mode_and_schema_version(tmp_path: Path) -> None:
    store = _open(tmp_path / "sub" / "dir" / "s.db")  # parent folders are created
    store.upsert(_doc(1))
    assert store.stats().schema_version == schema.SCHEMA_VERSION
    store.close()
    raw = sqlite3.connect(tmp_path / "sub" / "dir" / "s.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in raw.execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, schema.SCHEMA_VERSION + 1))
    raw.close()


def test_forward_migration_keeps_documents(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = schema.connect(path)
    assert schema.migrate(conn, path, target=1) == 1
    doc = _doc(7)
    row = dict(zip(("id", "url", "canonical_url", "source", "title", "fetched_at", "day",
                    "content_hash", "record_hash", "record"),
                   (doc.id, doc.url, doc.url, doc.source, doc.title, "2024-01-10T00:00:00",
                    "2024-01-10", doc.content_hash, "x",
                    json.dumps({"url": doc.url, "source": "alpha", "title": "Tytuł 7",
                                "id": doc.id, "fetched_at": "2024-01-10T00:00:00"})),
                   strict=True))
    conn.execute(f"INSERT INTO documents ({', '.join(row)}, text) VALUES "
                 f"({', '.join('?' * len(row))}, ?)", (*row.values(), doc.text))
    conn.close()
    store = _open(path)
    assert store.stats().schema_version == schema.SCHEMA_VERSION
    got = store.get(doc.id)
    assert got is not None and got.text == doc.text and got.title == "Tytuł 7"
    assert store.search(SearchQuery(text="chemicznych")).total == 1
    assert store.upsert(_doc(7)) == UpsertOutcome.UNCHANGED
    store.upsert(_doc(8, text=doc.text + " Dopisek."))
    store.close()


def test_migration_to_v8_fills_media_types(tmp_path: Path) -> None:
    """Rows written before documents existed get the media type of their body."""
    path = tmp_path / "v7.db"
    conn = schema.connect(path)
    assert schema.migrate(conn, path, target=7) == 7
    for n, media in ((1, "html"), (2, "text")):
        doc = _doc(n)
        record = json.dumps({"url": doc.url, "source": "alpha", "title": doc.title, "id": doc.id,
                             "fetched_at": "2024-01-10T00:00:00", "media": media})
        conn.execute("INSERT INTO documents (id, url, canonical_url, source, title, fetched_at, "
                     "day, content_hash, record_hash, record, text) VALUES "
                     "(?, ?, ?, 'alpha', ?, '2024-01-10T00:00:00', '2024-01-10', 'h', 'x', ?, ?)",
                     (doc.id, doc.url, doc.url, doc.title, record, doc.text))
    conn.close()
    store = _open(path)
    assert store.stats().schema_version == schema.SCHEMA_VERSION >= 8
    got = store.get(_doc(2).id)
    assert got is not None and got.to_json()["media_type"] == "text/plain"
    store.close()
    raw = sqlite3.connect(path)
    rows = dict(raw.execute("SELECT id, media_type FROM documents").fetchall())
    raw.close()
    assert rows == {_doc(1).id: "text/html", _doc(2).id: "text/plain"}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    _open(path).close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO schema_version VALUES (99, 'later')")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="schema version 99, newer"):
        _open(path)


@pytest.mark.parametrize(("prepare", "message"), [
    (lambda p: p.write_bytes(b"this is not a database at all" * 100), "not a database"),
    (lambda p: p.mkdir(), "it is a folder"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE other (x)").connection.commit(),
     "not a clusterwatch store"),
])
def test_bad_files_raise_store_error(tmp_path: Path, prepare: object, message: str) -> None:
    path = tmp_path / "bad.db"
    prepare(path)  # type: ignore[operator]
    with pytest.raises(StoreError, match=message):
        _open(path)


def test_bad_urls_and_closed_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="names no file"):
        open_store("sqlite:///")
    with pytest.raises(StoreError, match="cannot create the folder"):
        blocker = tmp_path / "file"
        blocker.write_text("x")
        open_store(f"sqlite:///{blocker / 'sub' / 's.db'}")
    store = _open(tmp_path / "s.db")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.search(SearchQuery(text="x"))


def test_threads_write_and_read_concurrently(tmp_path: Path) -> None:
    store = _open(tmp_path / "s.db")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(n * 100, n * 100 + 40):
                store.upsert(_doc(i))
                store.search(SearchQuery(text="chemicznych", limit=5))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats().documents == 160
    assert store.search(SearchQuery(text="chemicznych")).total == 160
    store.close()


def test_two_processes_write_one_file(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _open(path).close()
    code = ("import sys; sys.path.insert(0, sys.argv[2]); "
            "from tests.index.test_sqlite import _doc, _open; from pathlib import Path; "
            "s = _open(Path(sys.argv[1])); [s.upsert(_doc(i, 'beta')) for i in range(60)]; "
            "s.close()")
    child = subprocess.Popen([sys.executable, "-c", code, str(path), str(ROOT)])
    store = _open(path)
    outcomes = [store.upsert(_doc(i)) for i in range(60)]
    assert child.wait(timeout=120) == 0
    assert outcomes == [UpsertOutcome.NEW] * 60
    assert store.stats().by_source == {"alpha": 60, "beta": 60}
    store.close()


def test_forged_highlight_markers_stay_balanced(tmp_path: Path) -> None:
    store = _open(tmp_path / "s.db")
    hostile = "Tekst \ue001 zamknięcie \ue000 otwarcie o Azotach <b>i</b> Azoty tu."
    store.upsert(_doc(1, text=hostile))
    (hit,) = store.search(SearchQuery(text="Azoty")).hits
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") >= 1
    assert "<b>" not in hit.snippet
    store.close()


def test_prune_revisions_keeps_the_newest(tmp_path: Path) -> None:
    from datetime import timedelta

    store = _open(tmp_path / "s.db")
    base = _doc(1)
    for n in range(4):
        doc = _doc(1, text=f"Wersja {n} tekstu o zakładach.")
        doc.fetched_at = base.fetched_at + timedelta(days=n)
        store.upsert(doc)
    store.upsert(_doc(2))
    assert len(store.revisions(base.id)) == 3
    assert store.prune_revisions(1) == 2
    (kept,) = store.revisions(base.id)
    assert kept.text == "Wersja 2 tekstu o zakładach."
    assert store.prune_revisions(1) == 0
    store.close()


def test_malformed_published_dates_count_by_fetch_date(tmp_path: Path) -> None:
    from index.base import Interval, MentionsQuery

    store = _open(tmp_path / "s.db")
    doc = _doc(1)
    doc.published = "2016"
    store.upsert(doc)
    for interval in Interval:
        (series,) = store.mentions(MentionsQuery(interval=interval)).series
        assert [b.mentions for b in series.buckets] == [1]
    assert store.search(SearchQuery(text="chemicznych", sort=SortOrder.DATE)).total == 1
    store.close()


def test_huge_match_sets_rank_the_newest_window(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from index.sqlite import search as sqlite_search

    store = _open(tmp_path / "s.db")
    store.upsert_many([_doc(i) for i in range(30)])
    monkeypatch.setattr(sqlite_search, "RANK_WINDOW", 10)
    result = store.search(SearchQuery(text="chemicznych", limit=5))
    assert result.total == 30 and len(result.hits) == 5
    newest = {f"https://alpha.example/{i}" for i in range(19, 30)}
    assert {h.url for h in result.hits} <= newest
    deep = store.search(SearchQuery(text="chemicznych", limit=20))  # beyond the window
    assert len(deep.hits) == 20
    filtered = store.search(SearchQuery(text="chemicznych", sources=["alpha"], limit=30))
    assert len(filtered.hits) == 30
    store.close()


def test_accents_and_case_are_folded(tmp_path: Path) -> None:
    store = _open(tmp_path / "s.db")
    store.upsert(_doc(1, text="Spotkanie w Ústí nad Labem i w KĘDZIERZYNIE."))
    for query in ("usti", "kędzierzynie", "kedzierzynie", "ÚSTÍ"):
        assert store.search(SearchQuery(text=query)).total == 1, query
    store.close()


def test_cached_counts_follow_every_change(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store, other = _open(path), _open(path)  # other: another connection, as another process
    store.upsert_many([_doc(i) for i in range(3)])
    query = SearchQuery(text="chemicznych", facets=True)
    first = store.search(query)
    assert first.total == 3 and first.facets["source"] == {"alpha": 3}
    first.facets["source"]["alpha"] = 99  # a caller's change must not reach the cache
    assert store.search(query).facets["source"] == {"alpha": 3}
    store.upsert(_doc(3))  # own write
    assert store.search(query).total == 4
    other.upsert(_doc(4, source="beta"))  # someone else's commit
    again = store.search(query)
    assert again.total == 5 and again.facets["source"] == {"alpha": 4, "beta": 1}
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(store.search(query).total))
    other.delete(_doc(0).id)
    worker.start()
    worker.join()
    assert done == [4] and store.search(query).total == 4
    store.close()
    other.close()
