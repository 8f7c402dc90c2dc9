"""`clusterwatch show`: one document: text, metadata, entities, mentions, duplicates"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("show", help="one document: text, metadata, entities, mentions, duplicates")
    p.add_argument("doc_id", metavar="DOC_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch show is not implemented yet")
