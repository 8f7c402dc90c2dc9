"""Retention (settings.retention): old raw WARC archives and surplus document revisions go."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.base import Store, StoreError
from pipeline.settings import RetentionSettings

log = logging.getLogger(__name__)

ARCHIVE_DIR = "archive"
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
DAY = 86400.0


@dataclass
class RetentionResult:
    archives_removed: list[str] = field(default_factory=list)
    archive_bytes_freed: int = 0
    revisions_removed: int | None = None  # None: not asked, or the store failed
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def prune_archives(archive_dir: Path, days: int, now: float | None = None,
                   result: RetentionResult | None = None) -> RetentionResult:
    """Remove WARC files under ``archive_dir`` last written more than ``days`` days ago."""
    result = result or RetentionResult()
    if not archive_dir.is_dir():
        return result
    cutoff = (time.time() if now is None else now) - days * DAY
    for path in sorted(archive_dir.rglob("*")):
        if not path.is_file() or not path.name.endswith(ARCHIVE_SUFFIXES):
            continue
        try:
            st = path.stat()
            if st.st_mtime >= cutoff:
                continue
            path.unlink()
        except OSError as exc:
            log.warning("retention: cannot remove %s: %s", path, exc)
            continue
        result.archives_removed.append(str(path))
        result.archive_bytes_freed += st.st_size
    if result.archives_removed:
        log.info("retention: removed %d archive file(s) older than %d days, %d bytes",
                 len(result.archives_removed), days, result.archive_bytes_freed)
    return result


def apply_retention(settings: RetentionSettings, data_dir: str | Path, store: Store,
                    now: float | None = None) -> RetentionResult:
    """Apply both rules; problems are logged and noted, never raised."""
    result = RetentionResult()
    if settings.archive_days is not None:
        prune_archives(Path(data_dir) / ARCHIVE_DIR, settings.archive_days, now, result)
    if settings.revisions is not None:
        try:
            result.revisions_removed = store.prune_revisions(settings.revisions)
        except StoreError as exc:  # an outage: kept until the next run
            log.error("retention: pruning revisions failed: %s", exc)
            result.notes.append(f"pruning revisions failed: {exc}")
        else:
            log.info("retention: removed %d old revision(s)", result.revisions_removed)
    return result
