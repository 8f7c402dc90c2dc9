"""`clusterwatch status`: store, document counts, last run per source"""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from clusterwatch.ops.health import health_to_json, source_health
from clusterwatch.settings import AppConfig
from index.base import RunRecord, Store

RUNS_LOOKED_AT = 200  # the last run of every source is among the latest runs


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "status", help="store, document counts, last run per source")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


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
                              "errors": list(s.errors)}
    return [seen[k] for k in sorted(seen)]


def status_json(store: Store, config: AppConfig) -> dict[str, Any]:
    """The ``status --json`` object; /api/status should serve the same (the contract)."""
    stats = store.stats()
    runs = store.runs(limit=RUNS_LOOKED_AT)
    return {
        "store": {"backend": stats.backend, "url": safe_url(stats.url),
                  "schema_version": stats.schema_version,
                  "last_published": stats.last_published, "last_fetched": stats.last_fetched},
        "documents": stats.documents,
        "by_source": stats.by_source,
        "by_lang": stats.by_lang,
        "pending": stats.pending,
        "runs": last_runs(runs),
        "health": health_to_json(source_health(store, config, runs=runs)),
    }


def run(args: argparse.Namespace, ctx: Context) -> int:
    status = status_json(ctx.store, ctx.config)
    if args.json:
        print_json(status)
    else:
        print_status(status)
    return 0


def print_status(status: dict[str, Any]) -> None:
    out = sys.stdout
    st = status["store"]
    out.write(f"store:      {st['url']} ({st['backend']}, schema {st['schema_version']})\n")
    out.write(f"documents:  {status['documents']}  (pending {status['pending']})\n")
    out.write(f"latest:     published {st['last_published'] or '-'}, "
              f"fetched {st['last_fetched'] or '-'}\n")
    langs = ", ".join(f"{k or '?'} {n}" for k, n in status["by_lang"].items())
    out.write(f"languages:  {langs or '-'}\n\n")
    runs = {r["source"]: r for r in status["runs"]}
    flagged = set(status.get("health", {}).get("flagged", []))
    sources = sorted(set(status["by_source"]) | set(runs))
    rows = []
    for src in sources:
        r = runs.get(src, {})
        rows.append((src, status["by_source"].get(src, 0), (r.get("started") or "-")[:19],
                     r.get("status", "-"), r.get("new", ""), r.get("failed", ""),
                     "FLAGGED" if src in flagged else ""))
    if rows:
        print_table(("source", "documents", "last run", "status", "new", "failed", "health"),
                    rows)
