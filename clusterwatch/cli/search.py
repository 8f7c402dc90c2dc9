"""`clusterwatch search`: full-text search; a base-form query finds inflected forms"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.common import iso_date, positive_int
from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("search", help="full-text search; a base-form query finds inflected forms")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--member", action="append", default=[], metavar="ID")
    p.add_argument("--lang", action="append", default=[], metavar="CODE")
    p.add_argument("--source", action="append", default=[], metavar="ID")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--until", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--limit", type=positive_int, default=20, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch search is not implemented yet")
