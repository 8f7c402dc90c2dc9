"""`clusterwatch ingest`: process local documents (.html, .htm, .txt, .md; folders recursively)"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("ingest", help="process local documents (.html, .htm, .txt, .md; folders recursively)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--source", default="local", metavar="ID")
    p.add_argument("--lang", default=None, metavar="CODE")
    p.add_argument("--url", default=None, metavar="URL")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch ingest is not implemented yet")
