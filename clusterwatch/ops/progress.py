"""Progress for long work: a bar on a terminal, plain log lines otherwise (cron)."""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import TextIO

log = logging.getLogger(__name__)


def _duration(seconds: float) -> str:
    s = int(seconds + 0.5)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


class Progress:
    """``with Progress("ingest", total=n) as p: p.advance()``."""

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None,
                 every: float = 10.0) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every
        self._start = self._last = time.monotonic()

    def __enter__(self) -> Progress:
        return self

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.tty and now - self._last >= 0.1:
            self._draw(now)
        elif not self.tty and now - self._last >= self.every:
            log.info("%s: %s", self.label, self._status(now))
            self._last = now

    def _status(self, now: float) -> str:
        rate = self.done / max(now - self._start, 1e-9)
        total = f"/{self.total}" if self.total is not None else ""
        eta = ""
        if self.total and rate > 0 and self.done < self.total:
            eta = f", {_duration((self.total - self.done) / rate)} left"
        return f"{self.done}{total} ({rate:.1f}/s{eta})"

    def _draw(self, now: float) -> None:
        self._last = now
        bar = ""
        if self.total:
            filled = int(30 * min(self.done / self.total, 1.0))
            bar = "[" + "#" * filled + "." * (30 - filled) + "] "
        self.stream.write(f"\r{self.label}: {bar}{self._status(now)}")
        self.stream.flush()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        now = time.monotonic()
        if self.tty:
            self._draw(now)
            self.stream.write("\n")
        log.info("%s: finished %s", self.label, self._status(now))
