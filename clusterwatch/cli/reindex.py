"""`clusterwatch reindex`: copy every document from one store to another"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

from clusterwatch.cli.common import iso_date, positive_int
from clusterwatch.cli.context import Context
from clusterwatch.ops.progress import Progress
from index.base import Store, StoreError, StoreOptions, UpsertOutcome
from index.factory import open_store
from pipeline.document import Document

log = logging.getLogger(__name__)

BATCH = 500
MAX_FAILED_BATCHES = 3  # in a row: the target is refusing everything, stop


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "reindex", help="copy every document from one store to another",
        description="Copy every document (revisions are not copied) from one store to another: "
                    "sqlite:///PATH or http(s)://HOST:9200, in either direction. Documents "
                    "keep their ids, so running it again overwrites instead of duplicating.")
    p.add_argument("--from", dest="source_url", required=True, metavar="URL")
    p.add_argument("--to", dest="target_url", required=True, metavar="URL")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE",
                   help="only documents published (else fetched) on or after DATE")
    p.add_argument("--source", dest="sources", action="append", default=[], metavar="ID",
                   help="only this source (repeatable)")
    p.add_argument("--to-index-prefix", default=None, metavar="PREFIX",
                   help="Elasticsearch index prefix of the target (default: settings)")
    p.add_argument("--batch", type=positive_int, default=BATCH, metavar="N")
    p.set_defaults(func=run)


@dataclass
class Tally:
    read: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, outcomes: list[UpsertOutcome]) -> None:
        for o in outcomes:
            self.outcomes[o.value] = self.outcomes.get(o.value, 0) + 1

    def summary(self) -> str:
        shown = [o for o in UpsertOutcome
                 if o is not UpsertOutcome.SPOOLED or self.outcomes.get(o.value)]
        parts = ", ".join(f"{self.outcomes.get(o.value, 0)} {o.value}" for o in shown)
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.read} documents read: {parts}{failed}"


def _batches(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while batch := list(islice(docs, size)):
        yield batch


def copy(source: Store, target: Store, args: argparse.Namespace, total: int | None) -> Tally:
    """Export from ``source``, upsert into ``target`` batch by batch, with a progress bar."""
    tally = Tally()
    failed_in_row = 0
    with Progress("reindex", total=total) as progress:
        for batch in _batches(source.export(args.since, args.sources or None), args.batch):
            tally.read += len(batch)
            try:
                tally.add(target.upsert_many(batch))
                failed_in_row = 0
            except StoreError as exc:
                tally.failed += len(batch)
                tally.errors.append(str(exc))
                log.error("reindex: a batch of %d failed: %s", len(batch), exc)
                failed_in_row += 1
                if failed_in_row >= MAX_FAILED_BATCHES:
                    raise StoreError(f"the target refused {failed_in_row} batches in a row; "
                                     f"last error: {exc}") from None
            progress.advance(len(batch))
    return tally


def _same(a: str, b: str, a_opts: StoreOptions, b_opts: StoreOptions) -> bool:
    return a.rstrip("/") == b.rstrip("/") and a_opts.index_prefix == b_opts.index_prefix


def run(args: argparse.Namespace, ctx: Context) -> int:
    from clusterwatch.cli import UsageError

    options = ctx.store_options()
    target_options = options
    if args.to_index_prefix:
        target_options = replace(options, index_prefix=args.to_index_prefix)
    if _same(args.source_url, args.target_url, options, target_options):
        raise UsageError("--from and --to name the same store")
    source = open_store(args.source_url, options)
    try:
        target = open_store(args.target_url, target_options)
        try:
            filtered = bool(args.since or args.sources)
            total = None if filtered else source.stats().documents
            tally = copy(source, target, args, total)
            pending, unreachable = _pending(target)
        finally:
            target.close()
    finally:
        source.close()
    print(f"reindex {source.url} -> {target.url}: {tally.summary()}")
    if pending or unreachable:
        count = f"{pending} document(s)" if pending else "the documents"
        print(f"clusterwatch: {count} wait in the spool (the target was unreachable: "
              f"{unreachable or 'partly'}); they are sent when the target is next opened",
              file=sys.stderr)
        return 1
    return 1 if tally.failed else 0


def _pending(target: Store) -> tuple[int, str]:
    """Documents waiting in the target's spool, and why the target could not say (if so)."""
    try:
        return target.stats().pending, ""
    except StoreError as exc:
        spool = getattr(getattr(target, "writer", None), "spool", None)
        return (spool.pending() if spool is not None else 0), str(exc)
