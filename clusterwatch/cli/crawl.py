"""`clusterwatch crawl`: crawl the configured sources incrementally"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("crawl", help="crawl the configured sources incrementally")
    p.add_argument("--source", action="append", default=[], metavar="ID", help="only this source (repeatable)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch crawl is not implemented yet")
