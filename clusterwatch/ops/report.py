"""The JSON run report written next to the store: reports/run-<id>.json and reports/latest.json."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from clusterwatch.ops.health import SourceHealth, health_to_json
from crawler.drops import lost_count
from index.base import RunRecord

log = logging.getLogger(__name__)

REPORTS_DIR = "reports"
LATEST = "latest.json"
REPORT_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def reports_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / REPORTS_DIR


def redact_url(url: str) -> str:
    """A store URL without user, password or query string (where tokens hide)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return url.split("?", 1)[0]
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _totals(run: RunRecord) -> dict[str, Any]:
    keys = ("fetched", "new", "updated", "unchanged", "skipped", "failed")
    totals: dict[str, Any] = {k: sum(int(getattr(s, k)) for s in run.sources) for k in keys}
    dropped: dict[str, int] = {}
    for s in run.sources:
        for reason, n in s.dropped.items():
            dropped[reason] = dropped.get(reason, 0) + n
    totals["dropped"] = dropped
    totals["lost"] = lost_count(dropped)
    return totals


def build_report(run: RunRecord, health: list[SourceHealth], exit_code: int,
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything a person needs in the morning, as one JSON object."""
    failed = [s.source for s in run.sources if not s.reached]
    return {
        "version": REPORT_VERSION,
        "run": run.to_json(),
        "totals": _totals(run),
        "failed_sources": failed,
        "health": health_to_json(health),
        "exit_code": exit_code,
        **(extra or {}),
    }


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def write_report(data_dir: str | Path, report: dict[str, Any]) -> Path:
    """Write the run's report and replace latest.json with it; the run's file path."""
    folder = reports_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    run_id = _UNSAFE.sub("_", str(report["run"]["id"]))[:120] or "run"
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    path = folder / f"run-{run_id}.json"
    _write_atomic(path, text)
    _write_atomic(folder / LATEST, text)
    log.info("run report written: %s", path)
    return path


def read_latest(data_dir: str | Path) -> dict[str, Any] | None:
    """The latest run report, or None when there is none (or it is unreadable)."""
    path = reports_dir(data_dir) / LATEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("cannot read %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) else None
