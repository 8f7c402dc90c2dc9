"""The nightly job: lock, crawl every enabled source, health, retention, run report, webhook.

Used by ``clusterwatch nightly`` (cron, systemd) and, through a child process, by
``clusterwatch serve --nightly HH:MM`` (see :mod:`clusterwatch.ops.scheduler`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from clusterwatch.ops.health import SourceHealth, source_health
from clusterwatch.ops.lock import RunLock
from clusterwatch.ops.partition import Partition
from clusterwatch.ops.report import build_report, redact_url, write_report
from clusterwatch.ops.retention import RetentionResult, apply_retention
from clusterwatch.ops.runs import close_interrupted, job_lock, save_run, stamp
from clusterwatch.ops.webhook import post_json
from crawler.drops import STORAGE_ERRORS, lost_count
from index.base import RunRecord, RunStatus, SourceRunStats, Store, StoreError, run_status
from pipeline.settings import AppConfig, ConfigError

if TYPE_CHECKING:
    from index.writer import Writer

log = logging.getLogger(__name__)

KIND = "nightly"
MAX_ERROR_CHARS = 500


class CrawlFn(Protocol):
    def __call__(self, config: AppConfig, store: Store, writer: Writer,
                 source_ids: list[str] | None = None, kind: str = ...) -> RunRecord: ...


@dataclass
class NightlyResult:
    run: RunRecord
    health: list[SourceHealth]
    retention: RetentionResult
    report: dict[str, Any]
    report_path: Path | None  # None: the report could not be written (logged)
    exit_code: int
    webhook_sent: bool | None = None  # None: not configured or nothing to tell
    interrupted: list[str] = field(default_factory=list)  # earlier runs closed as interrupted


def default_crawl() -> CrawlFn:
    from crawler import run_crawl

    fn: CrawlFn = run_crawl
    return fn


def _own_started_run(store: Store, started: datetime) -> RunRecord | None:
    """The record the crawl saved as running before it crashed, if it got that far."""
    try:
        for run in store.runs(limit=5):
            if run.kind == KIND and run.status == RunStatus.RUNNING and run.started >= started:
                return run
    except StoreError:
        return None
    return None


def _crash_record(config: AppConfig, store: Store, started: datetime,
                  exc: BaseException) -> RunRecord:
    msg = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS]
    stats = [SourceRunStats(s.id, reached=False, errors=[f"crawl aborted: {msg}"])
             for s in config.sources if s.enabled]
    run = _own_started_run(store, started) or RunRecord(
        f"{KIND}-{uuid.uuid4().hex[:12]}", KIND, started)
    run.finished, run.status = datetime.now(timezone.utc), RunStatus.FAILED.value
    run.sources = stats
    run.notes["error"] = msg
    return run


def _crawl(crawl: CrawlFn | None, config: AppConfig, store: Store, writer: Writer
           ) -> tuple[RunRecord, bool]:
    """Run the crawl; a crash becomes a failed run record. (record, crashed)."""
    started = datetime.now(timezone.utc)
    ids = [s.id for s in config.sources if s.enabled]
    log.info("nightly: crawling %d source(s): %s", len(ids), ", ".join(ids))
    try:
        fn = crawl or default_crawl()
        return fn(config, store, writer, source_ids=ids, kind=KIND), False
    except (KeyboardInterrupt, SystemExit, ConfigError):
        raise  # bad configuration is exit 2, not a failed run
    except Exception as exc:  # one broken crawl still gets a report
        log.exception("nightly: the crawl failed")
        return _crash_record(config, store, started, exc), True


def exit_code_for(run: RunRecord, crashed: bool = False) -> int:
    """0 when every source was reached and the data folder took everything, 1 otherwise (the
    contract's "ran but failed")."""
    unreached = any(not s.reached for s in run.sources)
    storage = any(run.notes.get(key) for key in STORAGE_ERRORS)
    return 1 if crashed or unreached or storage else 0


def _webhook_payload(report: dict[str, Any], report_path: Path | None
                     ) -> dict[str, Any] | None:
    flagged = [h for h in report["health"]["sources"] if h["flags"]]
    failed = report["failed_sources"]
    if not flagged and not failed:
        return None
    lines = [f"{h['source']}: {', '.join(h['flags'])}: {'; '.join(h['problems'])}"
             for h in flagged]
    run = report["run"]
    summary = (f"clusterwatch nightly {run['id']} {run['status']}: "
               f"{len(failed)} source(s) failed, {len(flagged)} flagged")
    return {"event": "clusterwatch.nightly", "run": run["id"], "status": run["status"],
            "exit_code": report["exit_code"], "failed_sources": failed,
            "flagged": [{k: h[k] for k in ("source", "flags", "problems")} for h in flagged],
            "totals": report["totals"], "report": str(report_path) if report_path else None,
            "text": "\n".join([summary, *lines])}


def _finish_record(run: RunRecord, closed: list[str], lock: RunLock) -> None:
    run.kind = KIND
    run.finished = run.finished or datetime.now(timezone.utc)
    if run.status == RunStatus.RUNNING:
        run.status = run_status(run.sources, lambda s: lost_count(s.dropped)).value
    stamp(run, closed, lock)


def _health(store: Store, config: AppConfig, run: RunRecord,
            now: Callable[[], datetime] | None) -> list[SourceHealth]:
    try:
        runs = [run, *[r for r in store.runs(50) if r.id != run.id]]
        return source_health(store, config, now=now() if now else None, runs=runs)
    except StoreError as exc:  # the report is still written, without health
        log.error("nightly: health check failed: %s", exc)
        run.notes["health_error"] = str(exc)[:MAX_ERROR_CHARS]
        return []


def nightly_lock(config: AppConfig, wait: float = 0.0, shard: Partition | None = None
                 ) -> RunLock:
    """The run lock of the config's data folder (not yet acquired); a shard has its own."""
    return job_lock(config, KIND, wait, shard)


def shard_config(config: AppConfig, shard: Partition) -> AppConfig:
    """The config with only the sources of ``shard`` (a source is always on the same shard,
    a stable hash of its id, so its politeness limits hold across machines)."""
    if shard.count == 1:
        return config
    return replace(config, sources=[s for s in config.sources if shard.holds(s.id)])


def run_nightly(config: AppConfig, store: Store, writer: Writer,
                crawl: CrawlFn | None = None, wait: float = 0.0,
                now: Callable[[], datetime] | None = None,
                lock: RunLock | None = None) -> NightlyResult:
    """The whole job under the run lock. Raises LockBusyError when another job holds it.

    Pass ``lock`` already acquired (see :func:`nightly_lock`) to learn that the lock is busy
    before building anything expensive such as the worker pool; it is left held. For a shard,
    pass ``shard_config(config, shard)`` and the shard's lock.
    """
    if lock is not None:
        if not lock.held:
            raise RuntimeError("run_nightly: the lock passed in must be held")
        return _run_locked(config, store, writer, crawl, lock, now)
    with nightly_lock(config, wait) as own:
        return _run_locked(config, store, writer, crawl, own, now)


def _run_locked(config: AppConfig, store: Store, writer: Writer, crawl: CrawlFn | None,
                lock: RunLock, now: Callable[[], datetime] | None) -> NightlyResult:
    data_dir = config.settings.data_dir
    closed = close_interrupted(store)
    run, crashed = _crawl(crawl, config, store, writer)
    _finish_record(run, closed, lock)
    code = exit_code_for(run, crashed)
    health = _health(store, config, run, now)
    retention = apply_retention(config.settings.retention, data_dir, store)
    run.notes["flagged"] = [h.source for h in health if h.flags]
    if not save_run(store, run):
        code = 1
    from clusterwatch.alerts.nightly import run_due_alerts  # the mail and web parts: on use

    alerts = run_due_alerts(config, store)  # after the crawl: digests hold what it found
    if alerts["failed"] or alerts.get("error"):
        code = 1
    report = build_report(run, health, code, {"retention": retention.to_json(),
                                              "store": redact_url(store.url),
                                              "alerts": alerts})
    path: Path | None = None
    try:
        path = write_report(data_dir, report)
    except OSError as exc:  # disk full, permissions: the run itself is recorded in the store
        log.error("nightly: cannot write the run report: %s", exc)
        code = report["exit_code"] = 1
    result = NightlyResult(run, health, retention, report, path, code, None, closed)
    url = config.settings.nightly.webhook_url
    payload = _webhook_payload(report, path) if url else None
    if url and payload is not None:
        result.webhook_sent = post_json(url, payload, config.settings.nightly.webhook_timeout)
    return result
