"""`clusterwatch reprocess`: clean and tag stored documents (or the raw archive) again."""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from clusterwatch.cli.common import (
    add_workers_option,
    partition_arg,
    print_json,
    print_table,
    wait_seconds,
)
from clusterwatch.cli.context import Context
from clusterwatch.cli.nightly import printable, take_lock
from clusterwatch.ops.logs import unattended_info
from clusterwatch.ops.partition import Partition
from clusterwatch.ops.progress import Progress
from clusterwatch.ops.reprocess import (
    ReprocessOptions,
    Tally,
    reprocess_archive,
    reprocess_stored,
)
from clusterwatch.ops.retention import ARCHIVE_DIR
from clusterwatch.ops.runs import job_lock
from index.base import RunRecord, run_status
from index.writer import Writer

SHOWN_NON_ARTICLES = 20


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "reprocess", help="re-run cleaning and tagging over stored documents (or the raw archive)")
    p.add_argument("--source", action="append", default=[], metavar="ID",
                   help="only this source (repeatable)")
    p.add_argument("--from-archive", nargs="?", const="", default=None, metavar="PATH",
                   help="rebuild from the raw WARC archive (a file or folder; "
                        "default: DATA_DIR/archive)")
    p.add_argument("--drop-non-articles", action="store_true",
                   help="delete documents that are no longer articles (default: only report)")
    p.add_argument("--dry-run", action="store_true", help="count, store nothing")
    p.add_argument("--wait", type=wait_seconds, default=0.0, metavar="SECONDS",
                   help="wait this long for a running job (nightly) to finish")
    p.add_argument("--slice", type=partition_arg, default=Partition(), metavar="I/N",
                   help="only part I of N of the stored documents (stable hash of the id), "
                        "so N machines or processes share the work")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_workers_option(p)
    p.set_defaults(func=run)


def _archive_path(args: argparse.Namespace, data_dir: str) -> Path:
    from clusterwatch.cli import UsageError

    path = Path(args.from_archive) if args.from_archive else Path(data_dir) / ARCHIVE_DIR
    if not path.exists():
        raise UsageError(f"--from-archive: no archive at {path}")
    return path


def _work(args: argparse.Namespace, ctx: Context, opts: ReprocessOptions) -> Tally:
    store = ctx.store
    with ctx.pool(args.workers) as pool, Progress("reprocess") as progress:
        writer = Writer(store, pool, ctx.templates, dry_run=opts.dry_run)

        def advance() -> None:
            progress.advance()

        def total(n: int) -> None:
            progress.total = n

        if args.from_archive is None:
            return reprocess_stored(store, writer, opts, advance, total)
        from crawler.archive import iter_archive

        path = _archive_path(args, ctx.config.settings.data_dir)
        return reprocess_archive(path, store, writer, opts, iter_archive, advance, total)


def _report(tally: Tally, as_json: bool) -> None:
    tot = tally.total()
    if as_json:
        print_json({"total": tot.to_json(),
                    "sources": [c.to_json() for c in tally.by_source.values()],
                    "non_articles": tot.non_articles, "errors": tot.errors})
        return
    rows = [[c.source, c.seen, c.changed, c.unchanged, c.new, c.skipped, len(c.non_articles)]
            for c in [*tally.by_source.values(), tot]]
    print_table(["source", "seen", "changed", "unchanged", "new", "skipped", "non-articles"],
                rows)
    for item in tot.non_articles[:SHOWN_NON_ARTICLES]:
        print(printable(f"no longer an article: {item['id']} {item['url']} ({item['reason']})"))
    if len(tot.non_articles) > SHOWN_NON_ARTICLES:
        print(f"… and {len(tot.non_articles) - SHOWN_NON_ARTICLES} more (see --json)")
    for err in tot.errors[:SHOWN_NON_ARTICLES]:
        print(printable(f"error: {err}"), file=sys.stderr)


def _record(tally: Tally, started: datetime, args: argparse.Namespace) -> RunRecord:
    notes: dict[str, Any] = {"from_archive": args.from_archive is not None,
                             "dry_run": args.dry_run,
                             "non_articles": tally.total().non_articles[:200]}
    if args.slice.count > 1:
        notes["slice"] = str(args.slice)
    stats = [c.to_stats() for c in tally.by_source.values()]
    return RunRecord(f"reprocess-{uuid.uuid4().hex[:12]}", "reprocess", started,
                     datetime.now(timezone.utc), run_status(stats).value, stats, notes)


def run(args: argparse.Namespace, ctx: Context) -> int:
    unattended_info(args.verbose)
    config = ctx.config
    for sid in args.source:
        config.source(sid)  # ConfigError (exit 2) for an unknown id
    if args.from_archive is not None and args.slice.count > 1:
        from clusterwatch.cli import UsageError

        raise UsageError("--slice splits the stored documents; not with --from-archive")
    opts = ReprocessOptions(list(args.source), args.drop_non_articles, args.dry_run,
                            {s.id: s.language for s in config.sources if s.language},
                            args.slice)
    started = datetime.now(timezone.utc)
    lock = job_lock(config, "reprocess", args.wait, args.slice)
    if not take_lock(lock, config, "reprocess"):
        return 1
    from crawler.archive import ArchiveError

    try:
        tally = _work(args, ctx, opts)
        if not args.dry_run:
            ctx.store.add_run(_record(tally, started, args))
    except ArchiveError as exc:  # read in full before anything is stored: nothing changed
        print(printable(f"clusterwatch: error: {exc}; nothing was changed"), file=sys.stderr)
        return 1
    finally:
        lock.release()
    _report(tally, args.json)
    return 1 if tally.total().errors else 0
