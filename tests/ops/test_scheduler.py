"""DailyScheduler: time arithmetic, a real background thread, overlap refused by the lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from clusterwatch.ops.lock import LockBusyError, RunLock
from clusterwatch.ops.scheduler import DailyScheduler, next_run, parse_hhmm


def test_parse_hhmm() -> None:
    assert parse_hhmm("02:30") == time(2, 30)
    assert parse_hhmm("7:05") == time(7, 5)
    for bad in ("24:00", "2:3", "noon", "12:60", ""):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_hhmm(bad)


def test_next_run_today_or_tomorrow() -> None:
    at = time(2, 30)
    assert next_run(at, datetime(2026, 3, 1, 1, 0)) == datetime(2026, 3, 1, 2, 30)
    assert next_run(at, datetime(2026, 3, 1, 2, 30)) == datetime(2026, 3, 2, 2, 30)
    assert next_run(at, datetime(2026, 12, 31, 23, 0)) == datetime(2027, 1, 1, 2, 30)


def _clock_due_in(seconds: float, at: str) -> tuple[str, Callable[[], datetime]]:
    """A clock shifted so that local ``at`` comes ``seconds`` from now."""
    target = datetime.combine(datetime.now().date(), time.fromisoformat(at))
    offset = target - datetime.now() - timedelta(seconds=seconds)
    return at, lambda: datetime.now() + offset


def test_job_runs_when_due_and_stop_ends_the_thread() -> None:
    ran = threading.Event()
    at, clock = _clock_due_in(0.3, "03:15")
    sched = DailyScheduler(at=at, job=ran.set, clock=clock)
    sched.start()
    try:
        assert ran.wait(10), "job did not run"
        assert sched.runs == 1
        nxt = sched.next_run()
        assert nxt.strftime("%H:%M") == "03:15" and nxt > sched.clock()
    finally:
        sched.stop()
    assert not sched.running


def test_run_skipped_while_another_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    calls: list[int] = []
    at, clock = _clock_due_in(0.2, "04:00")
    sched = DailyScheduler(at=at, job=lambda: calls.append(1), lock=path, clock=clock)
    with RunLock(path, job="manual nightly"):
        sched.start()
        deadline = datetime.now() + timedelta(seconds=10)
        while sched.runs == 0 and datetime.now() < deadline:
            threading.Event().wait(0.05)
        sched.stop()
    assert sched.runs == 1
    assert calls == []
    assert isinstance(sched.last_error, LockBusyError)


def test_failing_job_does_not_kill_the_scheduler() -> None:
    at, clock = _clock_due_in(0.1, "05:00")

    def boom() -> None:
        raise RuntimeError("crawl exploded")

    sched = DailyScheduler(at=at, job=boom, clock=clock)
    sched.start()
    deadline = datetime.now() + timedelta(seconds=10)
    while sched.runs == 0 and datetime.now() < deadline:
        threading.Event().wait(0.05)
    assert sched.running  # still waiting for tomorrow
    sched.stop()
    assert isinstance(sched.last_error, RuntimeError)
