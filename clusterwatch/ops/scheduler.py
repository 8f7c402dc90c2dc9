"""In-process daily scheduling for single-box installs (``clusterwatch serve --nightly HH:MM``).

``DailyScheduler(at="02:30", job=callable).start()`` runs ``job`` every day at local 02:30 on a
background thread; ``.stop()`` ends it. Runs never overlap: the thread runs one job at a time,
and when ``lock`` is given (a path) a run is skipped while another process holds that lock.
For the crawl itself prefer :func:`subprocess_job`: the nightly runs in a child process (one
Twisted reactor per process, memory returned when it ends) and takes the run lock there.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from clusterwatch.ops.lock import LockBusyError, RunLock

log = logging.getLogger(__name__)

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_MAIN = "import sys; from clusterwatch.cli import main; sys.exit(main(sys.argv[1:]))"
MAX_SLEEP = 60.0  # re-check the clock at least this often (suspend, clock changes)


def parse_hhmm(value: str) -> time:
    """``"02:30"`` -> time(2, 30); ValueError with a clear message otherwise."""
    m = _HHMM.match(value.strip())
    if not m:
        raise ValueError(f"not a time of day HH:MM (00:00-23:59): {value!r}")
    return time(int(m[1]), int(m[2]))


def next_run(at: time, now: datetime) -> datetime:
    """The first local ``at`` strictly after ``now`` (naive local datetimes)."""
    candidate = datetime.combine(now.date(), at)
    if candidate <= now:
        candidate = datetime.combine(now.date() + timedelta(days=1), at)
    return candidate


class DailyScheduler:
    """Runs ``job`` daily at local ``at`` ("HH:MM") on a daemon thread."""

    def __init__(self, at: str, job: Callable[[], Any], lock: str | Path | None = None,
                 clock: Callable[[], datetime] = datetime.now, name: str = "nightly") -> None:
        self.at = parse_hhmm(at)
        self.job, self.name, self.clock = job, name, clock
        self.lock = Path(lock) if lock is not None else None
        self.runs = 0  # jobs started
        self.last_result: Any = None
        self.last_error: BaseException | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def next_run(self) -> datetime:
        return next_run(self.at, self.clock())

    def start(self) -> DailyScheduler:
        if self.running:
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=f"scheduler-{self.name}",
                                        daemon=True)
        self._thread.start()
        log.info("%s scheduled daily at %s; next run %s", self.name,
                 self.at.strftime("%H:%M"), self.next_run().isoformat(timespec="minutes"))
        return self

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop waiting for the next run; a job already running is left to finish."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _loop(self) -> None:
        due = self.next_run()
        while not self._stop.is_set():
            left = (due - self.clock()).total_seconds()
            if left > 0:
                self._stop.wait(min(left, MAX_SLEEP))
                continue
            self._run_once()
            due = self.next_run()

    def _run_once(self) -> None:
        self.runs += 1
        log.info("%s: scheduled run starting", self.name)
        try:
            if self.lock is None:
                self.last_result = self.job()
            else:
                with RunLock(self.lock, job=f"{self.name} (scheduled)"):
                    self.last_result = self.job()
            self.last_error = None
        except LockBusyError as exc:
            log.warning("%s: skipped this run: %s", self.name, exc)
            self.last_error = exc
        except Exception as exc:  # the scheduler outlives a failed job
            log.exception("%s: scheduled run failed", self.name)
            self.last_error = exc
        else:
            log.info("%s: scheduled run finished: %r", self.name, self.last_result)


def subprocess_job(config_dir: str, store_url: str | None = None, *extra: str,
                   timeout: float | None = None) -> Callable[[], int]:
    """A job that runs ``clusterwatch nightly`` in a child process and returns its exit code.

    The child takes the run lock itself, so do not also pass ``lock=`` to the scheduler.
    """
    cmd = [sys.executable, "-c", _MAIN, "--config", config_dir]
    if store_url:
        cmd += ["--store", store_url]
    cmd += ["nightly", *extra]

    def job() -> int:
        try:
            done = subprocess.run(cmd, check=False, timeout=timeout)
        except subprocess.TimeoutExpired:
            log.error("nightly child did not finish within %s s and was killed", timeout)
            return 1
        return done.returncode

    return job
