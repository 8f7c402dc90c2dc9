"""`clusterwatch reindex`: copy every document from one store to another"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("reindex", help="copy every document from one store to another")
    p.add_argument("--from", dest="source_url", required=True, metavar="URL")
    p.add_argument("--to", dest="target_url", required=True, metavar="URL")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch reindex is not implemented yet")
