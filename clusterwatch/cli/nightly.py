"""`clusterwatch nightly`: the scheduled job: crawl, report, never two at once."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from clusterwatch.cli.common import (
    add_workers_option,
    partition_arg,
    print_json,
    print_table,
    wait_seconds,
)
from clusterwatch.cli.context import Context
from clusterwatch.ops.lock import LockBusyError, RunLock
from clusterwatch.ops.logs import unattended_info
from clusterwatch.ops.nightly import NightlyResult, nightly_lock, run_nightly, shard_config
from clusterwatch.ops.partition import Partition
from crawler.drops import describe
from index.writer import Writer
from pipeline.settings import AppConfig, ConfigError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "nightly", help="the scheduled job: crawl every source, write a run report, "
                        "never two at once")
    p.add_argument("--wait", type=wait_seconds, default=0.0, metavar="SECONDS",
                   help="wait this long for a running job to finish (default: exit at once)")
    p.add_argument("--json", action="store_true", help="print the run report as JSON")
    p.add_argument("--shard", type=partition_arg, default=Partition(), metavar="I/N",
                   help="only the sources of shard I of N (a stable hash of the source id), "
                        "so N machines or processes share the sources")
    add_workers_option(p)
    p.set_defaults(func=run)


def take_lock(lock: RunLock, config: AppConfig, command: str) -> bool:
    """Acquire the run lock; False (after saying why) when another job holds it.

    An unusable data folder is a configuration problem (ConfigError, exit 2).
    """
    try:
        lock.acquire()
    except LockBusyError as exc:
        print(f"clusterwatch {command}: not started: {exc}", file=sys.stderr)
        return False
    except OSError as exc:
        raise ConfigError(config.dir / "settings.yaml", "data_dir",
                          f"cannot create the run lock {lock.path}: {exc.strerror or exc}"
                          ) from None
    return True


def printable(text: str) -> str:
    """One line of crawled or error text, safe for a terminal (no control characters)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _summary(result: NightlyResult) -> None:
    health = {h.source: h for h in result.health}
    rows = []
    for s in result.run.sources:
        h = health.get(s.source)
        flags = ",".join(f.value for f in h.flags) if h else ""
        rows.append([s.source, s.fetched, s.new, s.updated, s.unchanged, s.skipped, s.failed,
                     sum(s.dropped.values()), "yes" if s.reached else "NO", flags or "ok"])
    print_table(["source", "fetched", "new", "updated", "unchanged", "skipped", "failed",
                 "dropped", "reached", "health"], rows)
    for s in result.run.sources:
        if s.dropped:
            print(printable(f"{s.source}: dropped: {describe(s.dropped)}"))
    for h in result.health:
        for problem in h.problems:
            print(f"! {h.source}: {printable(problem)}")
    where = result.report_path or "not written (see the log)"
    print(f"run {result.run.id}: {result.run.status}; report {where}")


def run(args: argparse.Namespace, ctx: Context) -> int:
    unattended_info(args.verbose)
    config = shard_config(ctx.config, args.shard)
    lock = nightly_lock(config, args.wait, args.shard)
    if not take_lock(lock, config, "nightly"):  # before the store and the worker pool
        return 1
    try:
        store = ctx.store
        with ctx.pool(args.workers) as pool:
            writer = Writer(store, pool, ctx.templates)
            result = run_nightly(config, store, writer, lock=lock)
    finally:
        lock.release()
    if args.json:
        print_json(result.report)
    else:
        _summary(result)
    return result.exit_code
