"""`clusterwatch status`: store, document counts, last run per source"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from clusterwatch.cli.nightly import printable
from clusterwatch.ops.status import safe_url, status_json
from crawler.drops import describe, lost_count

__all__ = ["register", "run", "safe_url", "status_json"]

def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "status", help="store, document counts, last run per source")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, reads_only=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    status = status_json(ctx.store, ctx.config)
    if args.json:
        print_json(status)
    else:
        print_status(status)
    return 1 if status["store"].get("error") else 0


def print_status(status: dict[str, Any]) -> None:
    out = sys.stdout
    st = status["store"]
    out.write(f"store:      {st['url']} ({st['backend']}, schema {st['schema_version']})\n")
    if st.get("error"):
        out.write(printable(f"UNREACHABLE: {st['error']}") + "\n")
    documents = "unknown" if status["documents"] is None else status["documents"]
    out.write(f"documents:  {documents}  (pending {status['pending']})\n")
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
                     _dropped(r.get("dropped")), "FLAGGED" if src in flagged else ""))
    if rows:
        print_table(("source", "documents", "last run", "status", "new", "failed", "dropped",
                     "health"), rows)
        for src in sources:
            dropped = runs.get(src, {}).get("dropped")
            if dropped:
                out.write(printable(f"{src}: dropped: {describe(dropped)}") + "\n")


def _dropped(dropped: dict[str, int] | None) -> str:
    if dropped is None:
        return ""
    total, lost = sum(dropped.values()), lost_count(dropped)
    return f"{total} ({lost} lost)" if lost else str(total)
