"""`clusterwatch export`: every stored document as JSON Lines"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.common import iso_date
from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("export", help="every stored document as JSON Lines")
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE")
    p.add_argument("--source", action="append", default=[], metavar="ID")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch export is not implemented yet")
