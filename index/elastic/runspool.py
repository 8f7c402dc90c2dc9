"""Run records kept on disk while the cluster is down, sent with the document spool later.

A nightly run during an outage still has its record: ``status`` shows it (with the pending
documents) and it reaches the cluster on the first write or open after the outage.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from index.base import RunRecord
from index.elastic.documents import run_from_source, run_to_source

log = logging.getLogger(__name__)


class RunSpool:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, run: RunRecord) -> None:
        """Keep one version of a run record (a later line replaces an earlier one)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(run_to_source(run), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def runs(self) -> list[RunRecord]:
        """The kept runs (the latest version of each), newest first."""
        latest: dict[str, RunRecord] = {}
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    run = run_from_source(json.loads(line))
                except (ValueError, KeyError, TypeError) as exc:
                    log.error("run spool %s line %d unreadable, skipped: %s", self.path, n, exc)
                    continue
                latest[run.id] = run
        return sorted(latest.values(), key=lambda r: (r.started, r.id), reverse=True)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
