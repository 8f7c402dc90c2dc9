"""Jobs under the run lock (``nightly``, ``crawl``): the lock, closing the run records a killed
process left "running", and stamping a finished record with who ran it.

Both commands follow the same steps: take the lock of the data folder (``job_lock``), close
interrupted runs (``close_interrupted``), crawl, then ``stamp`` the record and save it. A
record names its pid and host from the start (``crawler.runner`` writes them), so a run killed
by SIGKILL is recognised by the next job, whichever of the two it is.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timezone

from clusterwatch.ops.lock import RunLock, lock_path, pid_alive
from clusterwatch.ops.partition import Partition
from index.base import RunRecord, RunStatus, Store, StoreError
from pipeline.settings import AppConfig

log = logging.getLogger(__name__)

# kinds of run that only ever run under the lock: a "running" record of these kinds found by
# the lock's holder is dead even when it names no pid (records written before pids were)
LOCKED_KINDS = ("nightly", "crawl")
RUNS_LOOKED_AT = 20


def job_lock(config: AppConfig, job: str, wait: float = 0.0,
             part: Partition | None = None) -> RunLock:
    """The run lock of the config's data folder (not yet acquired), naming ``job``.

    A part of a job spread over processes (``nightly --shard``, ``reprocess --slice``) takes a
    lock of its own: the parts run side by side, each on its own sources or documents."""
    path = lock_path(config.settings.data_dir)
    if part is not None and part.count > 1:
        path = path.with_name(f"{path.name}.part-{part.index}-of-{part.count}")
    return RunLock(path, job=job, wait=wait)


def _is_dead(run: RunRecord, host: str) -> bool:
    """Whether a "running" record belongs to a process that is gone (the caller holds the lock).
    A record of another host is never judged from here: its pid means nothing on this one."""
    pid, where = run.notes.get("pid"), run.notes.get("host")
    if isinstance(where, str) and where != host:
        return False
    if isinstance(pid, int):
        return pid == os.getpid() or not pid_alive(pid)
    return run.kind in LOCKED_KINDS


def close_interrupted(store: Store) -> list[str]:
    """Mark runs left "running" by a dead process (killed mid-run) as failed, interrupted.

    Called while holding the run lock, so no other locked job is running. The ids closed; an
    outage is logged and closes nothing (the next run will).
    """
    closed: list[str] = []
    try:
        runs = store.runs(limit=RUNS_LOOKED_AT)
    except StoreError as exc:  # an outage: the crawl goes on and spools; close them next time
        log.warning("cannot read earlier runs: %s", exc)
        return closed
    host = socket.gethostname()
    for run in runs:
        if run.status != RunStatus.RUNNING or not _is_dead(run, host):
            continue
        run.status = RunStatus.FAILED.value
        run.notes["interrupted"] = True
        run.finished = run.finished or datetime.now(timezone.utc)
        try:
            store.add_run(run)
        except StoreError as exc:
            log.warning("cannot close interrupted run %s: %s", run.id, exc)
            break
        closed.append(run.id)
        log.warning("run %s (%s, started %s) was interrupted; marked failed",
                    run.id, run.kind, run.started.isoformat(timespec="seconds"))
    return closed


def stamp(run: RunRecord, closed: list[str], lock: RunLock) -> None:
    """Note on a finished record who ran it, what it closed and whose stale lock it took."""
    run.notes.update({"pid": os.getpid(), "host": socket.gethostname()})
    if closed:
        run.notes["closed_interrupted"] = closed
    if lock.took_over:
        run.notes["stale_lock_of_pid"] = lock.took_over.get("pid")


def save_run(store: Store, run: RunRecord) -> bool:
    """Save the record; False (logged) when the store cannot be reached."""
    try:
        store.add_run(run)
    except StoreError as exc:
        log.error("cannot save the run record %s: %s", run.id, exc)
        return False
    return True


CrawlRun = Callable[[], RunRecord]


def run_locked(store: Store, lock: RunLock, crawl: CrawlRun) -> RunRecord:
    """``crawl`` under ``lock`` (already held): close interrupted runs first, then stamp and save
    the record the crawl returns. What ``clusterwatch crawl`` runs."""
    if not lock.held:
        raise RuntimeError("run_locked: the lock passed in must be held")
    closed = close_interrupted(store)
    run = crawl()
    stamp(run, closed, lock)
    save_run(store, run)
    return run
