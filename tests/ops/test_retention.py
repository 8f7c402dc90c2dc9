"""Retention of raw WARC archives (real files, real mtimes) and of revisions."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import cast

from clusterwatch.ops.retention import apply_retention, prune_archives
from clusterwatch.settings import RetentionSettings
from index.base import Store

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


class _Plain:
    url = "x"


class _Pruning:
    url = "x"

    def __init__(self) -> None:
        self.kept: list[int] = []

    def prune_revisions(self, keep: int) -> int:
        self.kept.append(keep)
        return 4


def test_revisions_pruned_when_the_store_can(tmp_path: Path) -> None:
    settings = RetentionSettings(archive_days=None, revisions=3)
    store = _Pruning()
    res = apply_retention(settings, tmp_path, cast(Store, store))
    assert store.kept == [3] and res.revisions_removed == 4
    res2 = apply_retention(settings, tmp_path, cast(Store, _Plain()))
    assert res2.revisions_removed is None and "cannot prune" in res2.notes[0]


def test_nothing_configured_nothing_removed(tmp_path: Path) -> None:
    _file(tmp_path / "archive" / "a.warc.gz", 1000)
    res = apply_retention(RetentionSettings(), tmp_path, cast(Store, _Plain()))
    assert res.archives_removed == [] and res.revisions_removed is None
