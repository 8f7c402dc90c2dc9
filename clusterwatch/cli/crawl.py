"""`clusterwatch crawl`: crawl the configured sources incrementally"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from index.base import RunRecord

HEADERS = ("source", "reached", "fetched", "new", "updated", "unchanged", "skipped", "failed",
           "first error")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "crawl", help="crawl the configured sources incrementally")
    p.add_argument("--source", action="append", default=[], metavar="ID",
                   help="only this source (repeatable)")
    p.add_argument("--json", action="store_true", help="print the run record as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from crawler.runner import run_crawl, select_sources

    select_sources(ctx.config, args.source)  # unknown ids: ConfigError (exit 2) before any work
    record = run_crawl(ctx.config, ctx.store, ctx.processor, args.source or None)
    if args.json:
        print_json(record.to_json())
    else:
        print_summary(record)
    return 0 if all(s.reached for s in record.sources) else 1


def print_summary(record: RunRecord) -> None:
    rows = [(s.source, "yes" if s.reached else "NO", s.fetched, s.new, s.updated, s.unchanged,
             s.skipped, s.failed, (s.errors[0] if s.errors else "")[:100])
            for s in record.sources]
    print_table(HEADERS, rows)
    archive = record.notes.get("archive")
    sys.stdout.write(f"run {record.id}: {record.status}"
                     + (f"; raw pages archived in {archive}" if archive else "") + "\n")
