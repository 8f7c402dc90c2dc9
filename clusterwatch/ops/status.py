"""The ``status --json`` object, served the same by the CLI and by ``/api/status``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from clusterwatch.ops.health import SourceHealth, health_to_json, source_health
from crawler.drops import lost_count
from index.base import RunRecord, Store, StoreError
from pipeline.settings import AppConfig

RUNS_LOOKED_AT = 200  # the last run of every source is among the latest runs


def safe_url(url: str) -> str:
    """A store URL without user, password or query (where tokens hide)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return url.split("?", 1)[0]
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def last_runs(runs: list[RunRecord]) -> list[dict[str, Any]]:
    """The newest run of every source (``runs`` newest first), in source order."""
    seen: dict[str, dict[str, Any]] = {}
    for run in runs:
        for s in run.sources:
            if s.source in seen:
                continue
            seen[s.source] = {"source": s.source, "run": run.id, "kind": run.kind,
                              "status": run.status, "started": run.started.isoformat(),
                              "finished": run.finished.isoformat() if run.finished else None,
                              "reached": s.reached, "fetched": s.fetched, "new": s.new,
                              "updated": s.updated, "unchanged": s.unchanged,
                              "skipped": s.skipped, "failed": s.failed,
                              "dropped": dict(s.dropped), "lost": lost_count(s.dropped),
                              "errors": list(s.errors)}
    return [seen[k] for k in sorted(seen)]


def status_json(store: Store, config: AppConfig, runs: list[RunRecord] | None = None,
                health: list[SourceHealth] | None = None,
                recent_runs: int = 10) -> dict[str, Any]:
    """Store, counts, the last run per source, source health and the latest runs.

    ``runs`` (newest first) and ``health`` may be given when the caller has them already
    (the web server caches the health check: a store read per source).
    """
    stats = store.stats()
    if runs is None:
        runs = store.runs(limit=RUNS_LOOKED_AT)
    health_error = None
    if health is None:
        try:
            health = source_health(store, config, runs=runs)
        except StoreError as exc:  # an outage: counts and runs still shown, health later
            health, health_error = [], str(exc)
    documents = None if stats.error else stats.documents  # unknown while unreachable
    out: dict[str, Any] = {
        "store": {"backend": stats.backend, "url": safe_url(stats.url),
                  "schema_version": stats.schema_version, "documents": documents,
                  "last_published": stats.last_published, "last_fetched": stats.last_fetched,
                  **({"error": stats.error} if stats.error else {})},
        "documents": documents,
        "by_source": stats.by_source,
        "by_lang": stats.by_lang,
        "pending": stats.pending,
        "runs": last_runs(runs),
        "health": health_to_json(health),
        "recent_runs": [r.to_json() for r in runs[:recent_runs]],
    }
    if health_error:
        out["health_error"] = health_error
    return out
