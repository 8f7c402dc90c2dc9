"""`clusterwatch mentions`: member mentions over time; compared as share of voice, broken down
by source or language."""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.common import iso_date, print_rows
from clusterwatch.cli.context import Context
from clusterwatch.workbench.tables import mention_rows
from index.alerts import Alert
from index.base import Interval, MentionsQuery, MentionUnit
from index.compare import Breakdown, compare, saved_search_series


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("mentions", help="member mentions over time")
    p.add_argument("--member", action="append", default=[], metavar="ID",
                   help="repeatable; default: every member mentioned")
    p.add_argument("--interval", choices=[i.value for i in Interval], default="month")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--until", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--source", action="append", default=[], metavar="ID")
    p.add_argument("--lang", action="append", default=[], metavar="CODE")
    p.add_argument("--unit", choices=[u.value for u in MentionUnit], default="copies",
                   help="copies: every stored copy counts; stories: syndicated copies count once")
    p.add_argument("--share", action="store_true",
                   help="add each member's share of all members' mentions per bucket")
    p.add_argument("--by", choices=[b.value for b in Breakdown], default=None,
                   help="one series per member and source (or language)")
    p.add_argument("--search", action="append", default=[], metavar="NAME",
                   help="a saved search (alert) as one more series: its matching articles")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=run, reads_only=True)


def build_query(args: argparse.Namespace, ctx: Context) -> MentionsQuery:
    ctx.config.check_members(args.member, "mentions --member")
    names = {m.id: m.name for m in ctx.config.registry}
    return MentionsQuery(members=args.member, interval=Interval(args.interval),
                         since=args.since, until=args.until, sources=args.source,
                         unit=MentionUnit(args.unit), names=names, langs=args.lang)


def run(args: argparse.Namespace, ctx: Context) -> int:
    by = Breakdown(args.by) if args.by else None
    query = build_query(args, ctx)  # a bad option (exit 2) before the store is opened
    result = compare(ctx.store, query, share=args.share, by=by)
    result.series += [saved_search_series(ctx.store, a, query) for a in _saved(ctx, args.search)]
    header, rows = mention_rows(result)
    print_rows(args.format, result.to_json(), header, rows, "no mentions found")
    return 0


def _saved(ctx: Context, names: list[str]) -> list[Alert]:
    """The saved searches named (exit 2 naming an unknown one)."""
    if not names:
        return []
    by_name = {a.name: a for a in ctx.store.alerts()}
    missing = [n for n in names if n not in by_name]
    if missing:
        from clusterwatch.cli import UsageError

        raise UsageError(f"mentions --search: no saved search named {missing[0]!r} "
                         f"(known: {', '.join(sorted(by_name)) or 'none'})")
    return [by_name[n] for n in dict.fromkeys(names)]
