"""A run lock: one job at a time per data folder (``fcntl.flock`` on a file holding the pid).

The kernel drops a ``flock`` when its holder dies (even by SIGKILL), so a lock file left behind
by a dead process is taken over by the next start; the pid and start time written inside are
only for the message shown to the one who has to wait.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)

LOCK_NAME = "nightly.lock"


class LockBusyError(RuntimeError):
    """Another live process holds the lock. The message names it."""

    def __init__(self, path: Path, holder: dict[str, Any]) -> None:
        self.path, self.holder = path, holder
        who = f"pid {holder.get('pid', '?')}"
        if holder.get("job"):
            who = f"{holder['job']} ({who})"
        since = f", started {holder['started']}" if holder.get("started") else ""
        super().__init__(f"another job is running: {who}{since}; lock file {path}")


def lock_path(data_dir: str | Path) -> Path:
    """Where the run lock of a data folder lives."""
    return Path(data_dir) / LOCK_NAME


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def read_holder(path: Path) -> dict[str, Any]:
    """What the lock file says about its (last) holder; empty when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class RunLock:
    """``with RunLock(path, job="nightly"):`` raises LockBusyError when a live process holds it.

    ``wait`` seconds (0: fail at once) are spent polling before giving up. Not re-entrant:
    a second RunLock on the same file in the same process is refused like any other.
    """

    def __init__(self, path: str | Path, job: str = "", wait: float = 0.0,
                 poll: float = 0.2) -> None:
        self.path, self.job, self.wait, self.poll = Path(path), job, wait, poll
        self._fd: int | None = None
        self.took_over: dict[str, Any] | None = None  # the dead holder, when its lock was stale

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> RunLock:
        if self._fd is not None:
            raise RuntimeError("lock already held by this object")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + max(self.wait, 0.0)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockBusyError(self.path, read_holder(self.path)) from None
                    time.sleep(self.poll)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._note_previous()
        self._write_holder(fd)
        return self

    def _note_previous(self) -> None:
        prev = read_holder(self.path)
        pid = prev.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and not prev.get("released"):
            self.took_over = prev
            state = "alive but not holding it" if pid_alive(pid) else "dead"
            log.warning("taking over a stale lock %s of pid %s (%s), started %s",
                        self.path, pid, state, prev.get("started", "?"))

    def _write_holder(self, fd: int) -> None:
        info = {"pid": os.getpid(), "job": self.job,
                "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        data = json.dumps(info).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        os.fsync(fd)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            holder = read_holder(self.path)
            holder["released"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
            data = json.dumps(holder).encode()
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError as exc:  # the lock itself still goes with the descriptor
            log.warning("cannot mark lock %s released: %s", self.path, exc)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
