"""`clusterwatch mentions`: member mentions over time"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.common import iso_date
from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("mentions", help="member mentions over time")
    p.add_argument("--member", action="append", default=[], metavar="ID")
    p.add_argument("--interval", choices=["day", "week", "month", "year"], default="month")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--until", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch mentions is not implemented yet")
