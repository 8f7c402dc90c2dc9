"""Closing the run records a killed job left "running" (clusterwatch.ops.runs), over a real
SQLite store: which records count as dead, and an outage while reading them."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from clusterwatch.ops.lock import RunLock
from clusterwatch.ops.runs import close_interrupted, job_lock, run_locked
from index.base import RunRecord, StoreError
from index.sqlite import SqliteStore
from tests.ops.helpers import make_config, open_test_store

T0 = datetime.now(timezone.utc) - timedelta(hours=2)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_dead_records_closed_live_and_foreign_ones_kept(tmp_path: Path) -> None:
    store = open_test_store(make_config(tmp_path, ["nowiny"]))
    dead, host = _dead_pid(), socket.gethostname()
    records = {
        "crawl-no-pid": RunRecord("crawl-no-pid", "crawl", T0),  # a locked kind: dead
        "ingest-no-pid": RunRecord("ingest-no-pid", "ingest", T0),  # not locked: unknown
        "crawl-dead": RunRecord("crawl-dead", "crawl", T0, notes={"pid": dead, "host": host}),
        "ingest-dead": RunRecord("ingest-dead", "ingest", T0, notes={"pid": dead}),
        "crawl-live": RunRecord("crawl-live", "crawl", T0, notes={"pid": 1, "host": host}),
        "elsewhere": RunRecord("elsewhere", "nightly", T0,
                               notes={"pid": dead, "host": f"not-{host}"}),
        "finished": RunRecord("finished", "crawl", T0, T0, "ok", notes={"pid": dead}),
    }
    for run in records.values():
        store.add_run(run)
    closed = close_interrupted(store)
    assert sorted(closed) == ["crawl-dead", "crawl-no-pid", "ingest-dead"]
    after = {r.id: r for r in store.runs()}
    for rid in closed:
        assert after[rid].status == "failed" and after[rid].notes["interrupted"] is True
        assert after[rid].finished is not None
    for rid in ("ingest-no-pid", "crawl-live", "elsewhere"):
        assert after[rid].status == "running"
    assert after["finished"].status == "ok"
    store.close()


class _Down(SqliteStore):
    def runs(self, limit: int = 20) -> list[RunRecord]:
        raise StoreError("cannot reach the store: connection refused")


def test_outage_closes_nothing_and_the_crawl_still_runs(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = _Down(config.settings.store)
    assert close_interrupted(store) == []
    assert "cannot read earlier runs" in caplog.text
    with job_lock(config, "crawl") as lock:
        run = run_locked(store, lock, lambda: RunRecord("r1", "crawl", T0, T0, "ok"))
    assert run.notes["pid"] > 0 and "closed_interrupted" not in run.notes
    assert SqliteStore.runs(store)[0].id == "r1"  # saved through the real store
    store.close()


def test_run_locked_needs_the_lock_held(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)
    lock: RunLock = job_lock(config, "crawl")
    with pytest.raises(RuntimeError, match="must be held"):
        run_locked(store, lock, lambda: RunRecord("r", "crawl", T0))
    assert store.runs() == []
    store.close()
