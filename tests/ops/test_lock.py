"""The run lock across threads and real processes, including a holder killed by SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clusterwatch.ops.lock import LockBusyError, RunLock, lock_path, read_holder

_HOLD = """
import sys, time
from clusterwatch.ops.lock import RunLock
lock = RunLock(sys.argv[1], job="holder").acquire()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(path), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_lock_in_same_process_is_refused(tmp_path: Path) -> None:
    path = lock_path(tmp_path / "data")
    with RunLock(path, job="nightly") as first:
        assert first.held
        with pytest.raises(LockBusyError) as err:
            RunLock(path).acquire()
        assert f"pid {os.getpid()}" in str(err.value)
        assert "nightly" in str(err.value)
    assert not first.held
    with RunLock(path) as again:  # released: free again
        assert again.took_over is None


def test_live_holder_in_another_process_blocks(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    proc = _hold(path, 30)
    try:
        with pytest.raises(LockBusyError) as err:
            RunLock(path).acquire()
        assert err.value.holder["pid"] == proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_killed_process_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    proc = _hold(path, 30)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert read_holder(path)["pid"] == proc.pid  # the file is still there, naming the dead
    with RunLock(path) as lock:
        assert lock.took_over is not None and lock.took_over["pid"] == proc.pid
        assert read_holder(path)["pid"] == os.getpid()


def test_wait_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    proc = _hold(path, 0.5)
    start = time.monotonic()
    with RunLock(path, wait=20, poll=0.05) as lock:
        assert lock.held and lock.took_over is None  # released cleanly, not stale
    assert time.monotonic() - start < 20
    assert proc.wait(10) == 0
    assert json.loads(path.read_text())["released"]
