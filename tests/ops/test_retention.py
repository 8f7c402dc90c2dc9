"""Retention of raw WARC archives (real files, real mtimes) and of revisions."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest

from clusterwatch.ops.retention import apply_retention, prune_archives
from index.base import StoreError
from index.sqlite import SqliteStore
from pipeline.identity import identify
from pipeline.settings import RetentionSettings
from tests.ops.helpers import NOW, article, make_config, open_test_store

DAY = 86400


def _file(path: Path, age_days: float, size: int = 100) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    t = time.time() - age_days * DAY
    os.utime(path, (t, t))
    return path


def test_old_archives_go_new_ones_and_other_files_stay(tmp_path: Path) -> None:
    arch = tmp_path / "archive"
    old = _file(arch / "run-1.warc.gz", 40, 123)
    old_plain = _file(arch / "sub" / "run-0.warc", 100, 7)
    new = _file(arch / "run-2.warc.gz", 2)
    other = _file(arch / "notes.txt", 400)
    result = prune_archives(arch, 30)
    assert sorted(result.archives_removed) == sorted([str(old), str(old_plain)])
    assert result.archive_bytes_freed == 130
    assert new.exists() and other.exists() and not old.exists()


def test_missing_archive_folder_is_fine(tmp_path: Path) -> None:
    assert prune_archives(tmp_path / "nope", 1).archives_removed == []


def _store_with_revisions(tmp_path: Path, versions: int) -> SqliteStore:
    """A real store holding one article stored ``versions`` times with changed text."""
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)
    for v in range(versions):
        doc = article("nowiny", 1, NOW + timedelta(hours=v))
        doc.text = f"{doc.text} Wersja {v}."
        store.upsert(identify(doc))
    return store


class _Down(SqliteStore):
    """A store whose pruning meets an outage (everything else is the real store)."""

    def prune_revisions(self, keep: int) -> int:
        raise StoreError("cannot reach the store: connection refused")


def test_revisions_pruned_to_the_newest(tmp_path: Path) -> None:
    store = _store_with_revisions(tmp_path, 4)
    doc_id = next(store.export()).id
    assert len(store.revisions(doc_id)) == 3
    res = apply_retention(RetentionSettings(archive_days=None, revisions=1), tmp_path, store)
    assert res.revisions_removed == 2 and res.notes == []
    [kept] = store.revisions(doc_id)
    assert kept.text.endswith("Wersja 2.")  # the newest old version stays
    assert res.to_json()["revisions_removed"] == 2
    store.close()


def test_store_outage_while_pruning_is_noted_not_raised(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    _store_with_revisions(tmp_path, 3).close()
    store = _Down(make_config(tmp_path, ["nowiny"]).settings.store)
    old = _file(tmp_path / "archive" / "old.warc.gz", 40)
    res = apply_retention(RetentionSettings(archive_days=30, revisions=1), tmp_path, store)
    assert res.revisions_removed is None
    assert res.notes == ["pruning revisions failed: cannot reach the store: connection refused"]
    assert "pruning revisions failed" in caplog.text
    assert res.archives_removed == [str(old)]  # the other rule still ran
    assert len(store.revisions(next(store.export()).id)) == 2  # nothing went
    store.close()


def test_nothing_configured_nothing_removed(tmp_path: Path) -> None:
    _file(tmp_path / "archive" / "a.warc.gz", 1000)
    store = _store_with_revisions(tmp_path, 3)
    res = apply_retention(RetentionSettings(), tmp_path, store)
    assert res.archives_removed == [] and res.revisions_removed is None
    assert (tmp_path / "archive" / "a.warc.gz").exists()
    assert len(store.revisions(next(store.export()).id)) == 2
    store.close()
