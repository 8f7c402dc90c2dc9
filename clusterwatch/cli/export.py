"""`clusterwatch export`: every stored document as JSON Lines (one `show --json` object a line)"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from clusterwatch.cli.common import iso_date, print_json
from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "export", help="every stored document as JSON Lines")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE",
                   help="published (else fetched) on or after DATE")
    p.add_argument("--source", action="append", default=[], metavar="ID")
    p.set_defaults(func=run, reads_only=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    for doc in ctx.store.export(since=args.since, sources=args.source or None):
        print_json(doc.to_json())
    sys.stdout.flush()
    return 0
