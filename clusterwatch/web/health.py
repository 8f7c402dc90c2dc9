"""The sources page's rows: ``clusterwatch.ops.health`` verdicts plus the last crawl per source.

The health check reads each source's newest articles (fill rates over two windows), so its result
is cached for ``HEALTH_TTL`` seconds: runs are recorded a few times a day at most.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from clusterwatch.ops.health import HealthFlag, SourceHealth, source_health
from clusterwatch.ops.status import status_json as ops_status_json
from index.base import RunRecord, SearchQuery, SortOrder, SourceRunStats, Store
from pipeline.settings import AppConfig

log = logging.getLogger(__name__)

RUN_HISTORY = 50  # run records read (the health check's own default)
HEALTH_TTL = 120.0  # seconds


class SourceState(str, Enum):
    OK = "ok"
    SILENT = "silent"  # no new article for `nightly.silent_days`
    UNREACHED = "unreached"  # the last crawl could not reach it
    LAYOUT = "layout"  # fill rates dropped: the portal's layout probably changed
    REFUSED = "refused"  # answered 403/429: it turns our crawler away
    UNMATCHED = "unmatched"  # listings answer, no URL matches `articles` any more
    NEVER = "never"  # no crawl recorded yet
    DISABLED = "disabled"


# the most telling first: a site answering 403/429 is also unreached, and says why
_FLAG_STATE = [(HealthFlag.REFUSED, SourceState.REFUSED),
               (HealthFlag.FAILED, SourceState.UNREACHED),
               (HealthFlag.UNMATCHED, SourceState.UNMATCHED),
               (HealthFlag.SILENT, SourceState.SILENT),
               (HealthFlag.FILL_RATE_DROP, SourceState.LAYOUT)]


@dataclass
class SourceRow:
    health: SourceHealth
    state: SourceState
    last_run: RunRecord | None = None
    last_stats: SourceRunStats | None = None
    latest_published: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.health.source, "name": self.health.name, "state": self.state.value,
                "documents": self.health.articles,
                "last_crawl": self.last_run.started.isoformat() if self.last_run else None,
                "last_stats": asdict(self.last_stats) if self.last_stats else None,
                "latest_published": self.latest_published}


def _last_crawl(runs: list[RunRecord], source: str
                ) -> tuple[RunRecord | None, SourceRunStats | None]:
    for run in runs:  # newest first
        for stats in run.sources:
            if stats.source == source:
                return run, stats
    return None, None


def _state(h: SourceHealth, crawled: bool) -> SourceState:
    if not h.enabled:
        return SourceState.DISABLED
    for flag, state in _FLAG_STATE:
        if flag in h.flags:
            return state
    return SourceState.OK if crawled else SourceState.NEVER


def latest_published(store: Store, source: str) -> str | None:
    result = store.search(SearchQuery(sources=[source], sort=SortOrder.DATE, limit=1))
    return result.hits[0].published if result.hits else None


@dataclass
class Snapshot:
    runs: list[RunRecord]
    health: list[SourceHealth]
    rows: list[SourceRow]


def snapshot(config: AppConfig, store: Store) -> Snapshot:
    runs = store.runs(RUN_HISTORY)
    health = source_health(store, config, runs=runs)
    rows: list[SourceRow] = []
    for h in health:
        run, stats = _last_crawl(runs, h.source)
        rows.append(SourceRow(h, _state(h, stats is not None), run, stats,
                              latest_published(store, h.source)))
    return Snapshot(runs, health, rows)


@dataclass
class HealthCache:
    """The latest snapshot. Older than ``ttl`` seconds: served while a thread recomputes it."""

    ttl: float = HEALTH_TTL
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _compute: threading.Lock = field(default_factory=threading.Lock)
    _value: Snapshot | None = None
    _at: float = 0.0
    _refreshing: bool = False

    def get(self, config: AppConfig, store: Store) -> Snapshot:
        with self._lock:
            value, stale = self._value, time.monotonic() - self._at > self.ttl
            start = value is not None and stale and not self._refreshing
            self._refreshing = self._refreshing or start
        if start:
            threading.Thread(target=self.refresh, args=(config, store), daemon=True,
                             name="health-refresh").start()
        return value if value is not None else self.refresh(config, store)

    def refresh(self, config: AppConfig, store: Store) -> Snapshot:
        """Compute now (one computation at a time) and keep the result."""
        with self._compute:
            try:
                snap = snapshot(config, store)
            finally:
                with self._lock:
                    self._refreshing = False
            with self._lock:
                self._value, self._at = snap, time.monotonic()
            return snap

    def warm(self, config: AppConfig, store: Store) -> None:
        """Compute in the background (at start-up), so the first page need not wait."""
        def run() -> None:
            try:
                self.refresh(config, store)
            except Exception as exc:  # logged; the page will try again and show the error
                log.warning("source health not precomputed: %s", exc)

        threading.Thread(target=run, daemon=True, name="health-warm").start()


def status_json(config: AppConfig, store: Store, snap: Snapshot, runs_shown: int = 10
                ) -> dict[str, Any]:
    """``/api/status``: the ``status --json`` object plus each source's state (``sources``)."""
    out = ops_status_json(store, config, runs=snap.runs, health=snap.health,
                          recent_runs=runs_shown)
    out["sources"] = [r.to_json() for r in snap.rows]
    return out
