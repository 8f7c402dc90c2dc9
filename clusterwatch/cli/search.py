"""`clusterwatch search`: full-text search; a base-form query finds inflected forms"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from clusterwatch.cli.common import (
    MAX_COUNT,
    bounded_int,
    iso_date,
    positive_int,
    print_json,
    print_table,
)
from clusterwatch.cli.context import Context
from index.base import SearchQuery, SearchResult, SortOrder

_MARK = re.compile(r"</?mark>")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "search", help="full-text search; a base-form query finds inflected forms",
        description='Words must all match; "quoted phrases" match as written; -word excludes.')
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--member", action="append", default=[], metavar="ID",
                   help="only documents mentioning this member (repeatable: any of)")
    p.add_argument("--lang", action="append", default=[], metavar="CODE")
    p.add_argument("--source", action="append", default=[], metavar="ID")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--until", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--limit", type=positive_int, default=20, metavar="N")
    p.add_argument("--offset", type=bounded_int(0, MAX_COUNT), default=0, metavar="N",
                   help=f"skip the first N hits (at most {MAX_COUNT})")
    p.add_argument("--sort", choices=[s.value for s in SortOrder], default="relevance")
    p.add_argument("--facets", action="store_true", help="also count hits per member, source, lang")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, reads_only=True)


def build_query(args: argparse.Namespace, ctx: Context) -> SearchQuery:
    ctx.config.check_members(args.member, "search --member")
    return SearchQuery(text=args.query,
                       members=args.member, langs=args.lang, sources=args.source,
                       since=args.since, until=args.until, sort=SortOrder(args.sort),
                       limit=args.limit, offset=args.offset, facets=args.facets)


def run(args: argparse.Namespace, ctx: Context) -> int:
    query = build_query(args, ctx)  # a bad option (exit 2) before the store is opened
    result = ctx.store.search(query)
    if args.json:
        print_json(result.to_json())
    else:
        print_result(result)
    return 0


def print_result(result: SearchResult) -> None:
    out = sys.stdout
    if not result.hits:
        out.write(f"no documents found (total {result.total})\n")
        return
    rows = [(h.id, h.published or "", h.source, h.lang or "", f"{h.score:.2f}",
             (h.title or "")[:70], ", ".join(h.members)) for h in result.hits]
    print_table(("id", "published", "source", "lang", "score", "title", "members"), rows)
    out.write(f"{len(result.hits)} of {result.total} documents\n")
    for name, counts in sorted(result.facets.items()):
        pairs = ", ".join(f"{k or '?'} {n}" for k, n in sorted(counts.items(),
                                                                  key=lambda kv: -kv[1]))
        out.write(f"{name}: {pairs}\n")
