"""`clusterwatch crawl` under the run lock, end to end: real subprocesses crawling a fixture site
served on 127.0.0.1 into a real SQLite store; two at once, and a crawl killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable

import pytest

from clusterwatch.ops.lock import lock_path, read_holder
from tests.cli.rig import ARTICLES, Rig, holds_lock, wait_for

pytestmark = pytest.mark.slow


def test_two_crawls_at_once_one_exits_one_waits(rig_factory: Callable[..., Rig]) -> None:
    rig = rig_factory(slow={"/artykuly/3.html": 25})  # busy, under the 30 s timeout
    first = rig.start(command="crawl")
    wait_for(lambda: holds_lock(rig, first.pid))
    second = rig.run(command="crawl")  # exits at once with a message
    nightly = rig.run(command="nightly")  # the same lock: refused too
    waiter = rig.start("--wait", "120", "--json", command="crawl")  # runs after the first
    assert second.returncode == 1, second.stderr
    assert f"clusterwatch crawl: not started: another job is running: crawl (pid {first.pid}" \
        in second.stderr
    assert "Traceback" not in second.stderr
    assert nightly.returncode == 1
    assert f"another job is running: crawl (pid {first.pid}" in nightly.stderr
    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    w_out, w_err = waiter.communicate(timeout=300)
    assert waiter.returncode == 0, w_err
    record = json.loads(w_out)
    assert record["kind"] == "crawl" and record["status"] == "ok"
    assert record["notes"]["pid"] == waiter.pid
    assert [s["new"] for s in record["sources"]] == [0]  # the first one stored them all
    store = rig.store()
    assert store.stats().by_source == {"nowiny": 6}
    runs = store.runs()
    assert [(r.kind, r.status) for r in runs] == [("crawl", "ok"), ("crawl", "ok")]
    log = [(r.path, r.status) for r in rig.server.requests("nowiny")]
    assert all(rig.fetched(p) == 1 for p in ARTICLES), log  # the waiter got 304s, not bodies
    assert read_holder(lock_path(rig.data))["released"]
    store.close()


def test_killed_crawl_is_closed_by_the_next_crawl(rig_factory: Callable[..., Rig]) -> None:
    rig = rig_factory(slow={"/artykuly/6.html": 60})  # hangs until the kill
    victim = rig.start(command="crawl")
    wait_for(lambda: any(r.path == "/" for r in rig.server.requests("nowiny")), 120)
    store = rig.store()  # the victim has created and migrated it by now
    wait_for(lambda: store.stats().documents >= 5, 120)
    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=30)
    [half] = store.runs()
    assert half.status == "running" and half.kind == "crawl"  # killed mid-run, for sure
    assert half.notes["pid"] == victim.pid  # recorded from the start
    assert read_holder(lock_path(rig.data))["pid"] == victim.pid  # the lock file stays behind
    rig.restart_server()
    again = rig.run("--json", command="crawl")
    assert again.returncode == 0, again.stderr
    assert "taking over a stale lock" in again.stderr
    assert f"run {half.id} (crawl, started" in again.stderr  # said what it closed
    record = json.loads(again.stdout)
    assert record["notes"]["closed_interrupted"] == [half.id]
    assert record["notes"]["stale_lock_of_pid"] == victim.pid
    runs = {r.id: r for r in store.runs()}
    assert len(runs) == 2
    assert runs[half.id].status == "failed" and runs[half.id].notes["interrupted"] is True
    assert runs[half.id].finished is not None
    assert runs[record["id"]].status == "ok"
    assert store.stats().by_source == {"nowiny": 6}  # nothing lost, nothing doubled
    store.close()
