"""Logging for people (plain lines) and for machines (JSON lines)."""

from __future__ import annotations

import json
import logging
import sys
from typing import TextIO


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
               "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def setup_logging(verbose: int = 0, json_lines: bool = False) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines
                         else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("scrapy", "twisted", "elastic_transport", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


# our own packages: raised to INFO in unattended runs, so their progress lines reach the log
APP_LOGGERS = ("clusterwatch", "crawler", "index", "pipeline")


def unattended_info(verbose: int, stream: TextIO | None = None) -> bool:
    """Without -v and without a terminal (cron, systemd), log our INFO lines anyway.

    Long jobs then leave their steps and progress in the log; third-party libraries stay quiet.
    True when the levels were raised.
    """
    if verbose > 0 or (stream or sys.stderr).isatty():
        return False
    for name in APP_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    return True
