"""`clusterwatch crawl`: crawl the configured sources incrementally, under the run lock that
``nightly`` takes too (never two crawls of one data folder at once)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from clusterwatch.cli.common import add_workers_option, print_json, print_table, wait_seconds
from clusterwatch.cli.context import Context
from clusterwatch.cli.nightly import printable, take_lock
from clusterwatch.ops.runs import job_lock, run_locked
from crawler.drops import STORAGE_ERRORS, describe, lost_count
from index.base import RunRecord
from index.writer import Writer

KIND = "crawl"

HEADERS = ("source", "reached", "fetched", "new", "updated", "unchanged", "skipped", "failed",
           "dropped", "first error")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "crawl", help="crawl the configured sources incrementally")
    p.add_argument("--source", action="append", default=[], metavar="ID",
                   help="only this source (repeatable)")
    p.add_argument("--wait", type=wait_seconds, default=0.0, metavar="SECONDS",
                   help="wait this long for a running job (crawl, nightly, reprocess) to "
                        "finish (default: exit at once)")
    p.add_argument("--json", action="store_true", help="print the run record as JSON")
    add_workers_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from crawler.runner import run_crawl, select_sources, storage_failed

    config = ctx.config
    select_sources(config, args.source)  # unknown ids: ConfigError (exit 2) before any work
    lock = job_lock(config, KIND, args.wait)
    if not take_lock(lock, config, KIND):  # before the store and the processor
        return 1
    try:
        store = ctx.store
        with ctx.pool(args.workers) as pool:
            writer = Writer(store, pool, ctx.templates)
            record = run_locked(store, lock, lambda: run_crawl(
                config, store, writer, args.source or None, kind=KIND))
    finally:
        lock.release()
    if args.json:
        print_json(record.to_json())
    else:
        print_summary(record)
    return 0 if all(s.reached for s in record.sources) and not storage_failed(record) else 1


def print_summary(record: RunRecord) -> None:
    rows = [(s.source, "yes" if s.reached else "NO", s.fetched, s.new, s.updated, s.unchanged,
             s.skipped, s.failed, _dropped_cell(s.dropped),
             (s.errors[0] if s.errors else "")[:100])
            for s in record.sources]
    print_table(HEADERS, rows)
    for s in record.sources:
        if s.dropped:
            sys.stdout.write(printable(f"{s.source}: dropped: {describe(s.dropped)}") + "\n")
    for key in STORAGE_ERRORS:
        if record.notes.get(key):
            sys.stdout.write(printable(f"! {record.notes[key]}") + "\n")
    archive = record.notes.get("archive")
    sys.stdout.write(f"run {record.id}: {record.status}"
                     + (f"; raw pages archived in {archive}" if archive else "") + "\n")


def _dropped_cell(dropped: dict[str, int]) -> str:
    total, lost = sum(dropped.values()), lost_count(dropped)
    return f"{total} ({lost} lost)" if lost else str(total)
