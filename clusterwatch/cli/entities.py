"""`clusterwatch entities`: the most named organisations, places and persons (base forms), with
the change against the previous period and "new" marks; `--prospects`: non-member
organisations named next to members."""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.common import iso_date, positive_int, print_rows
from clusterwatch.cli.context import Context
from clusterwatch.workbench.entities import MAX_TOP, entity_report, member_names
from clusterwatch.workbench.tables import entity_rows
from index.base import EntitiesQuery, EntityKind


def _top(value: str) -> int:
    n = positive_int(value)
    if n > MAX_TOP:
        raise argparse.ArgumentTypeError(f"at most {MAX_TOP}: {value!r}")
    return n


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "entities", help="most named organisations, places or persons; prospects")
    p.add_argument("--kind", choices=[k.value for k in EntityKind], default="org")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE",
                   help="with a start, each name is compared with the previous period")
    p.add_argument("--until", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--source", action="append", default=[], metavar="ID")
    p.add_argument("--lang", action="append", default=[], metavar="CODE")
    p.add_argument("--top", type=_top, default=20, metavar="N")
    p.add_argument("--prospects", action="store_true",
                   help="non-member organisations in documents that mention a member")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=run, reads_only=True)


def build_query(args: argparse.Namespace, ctx: Context) -> EntitiesQuery:
    if args.since and args.until and args.since > args.until:
        from clusterwatch.cli import UsageError

        raise UsageError("entities: --since is after --until")
    kind = EntityKind.ORG if args.prospects else EntityKind(args.kind)
    return EntitiesQuery(kind=kind, since=args.since, until=args.until, sources=args.source,
                         langs=args.lang, top=args.top, with_members=args.prospects,
                         exclude=member_names(ctx.config.registry) if args.prospects else [])


def run(args: argparse.Namespace, ctx: Context) -> int:
    report = entity_report(ctx.store, build_query(args, ctx))
    header, rows = entity_rows(report)
    fmt = "json" if args.json else args.format
    print_rows(fmt, report.to_json(), header, rows, "no names found")
    return 0
