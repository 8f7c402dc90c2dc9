"""`clusterwatch reprocess`: re-run cleaning and tagging over stored documents (or the raw archive)"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("reprocess", help="re-run cleaning and tagging over stored documents (or the raw archive)")

    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch reprocess is not implemented yet")
