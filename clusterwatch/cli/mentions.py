"""`clusterwatch mentions`: member mentions over time"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from clusterwatch.cli.common import iso_date, print_json, print_table
from clusterwatch.cli.context import Context
from index.base import (
    MENTIONS_CSV_COLUMNS,
    Interval,
    MentionsQuery,
    MentionsResult,
    MentionUnit,
)


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("mentions", help="member mentions over time")
    p.add_argument("--member", action="append", default=[], metavar="ID",
                   help="repeatable; default: every member mentioned")
    p.add_argument("--interval", choices=[i.value for i in Interval], default="month")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--until", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--source", action="append", default=[], metavar="ID")
    p.add_argument("--unit", choices=[u.value for u in MentionUnit], default="copies",
                   help="copies: every stored copy counts; stories: syndicated copies count once")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=run, reads_only=True)


def build_query(args: argparse.Namespace, ctx: Context) -> MentionsQuery:
    ctx.config.check_members(args.member, "mentions --member")
    names = {m.id: m.name for m in ctx.config.registry}
    return MentionsQuery(members=args.member, interval=Interval(args.interval),
                         since=args.since, until=args.until, sources=args.source,
                         unit=MentionUnit(args.unit), names=names)


def run(args: argparse.Namespace, ctx: Context) -> int:
    query = build_query(args, ctx)  # a bad option (exit 2) before the store is opened
    result = ctx.store.mentions(query)
    if args.format == "json":
        print_json(result.to_json())
    elif args.format == "csv":
        write_csv(result)
    else:
        rows = list(_rows(result))
        if rows:
            print_table(MENTIONS_CSV_COLUMNS, rows)
        else:
            sys.stdout.write("no mentions found\n")
    return 0


def _rows(result: MentionsResult) -> list[tuple[str, str, str, int, int]]:
    return [(s.member, s.name, b.date, b.mentions, b.documents)
            for s in result.series for b in s.buckets]


def write_csv(result: MentionsResult) -> None:
    """Cells a spreadsheet would run as formulas are quoted (as in the web export)."""
    csv.writer(sys.stdout, lineterminator="\n").writerows(result.csv_rows())
