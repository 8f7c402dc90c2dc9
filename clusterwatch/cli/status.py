"""`clusterwatch status`: store, document counts, last run per source"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("status", help="store, document counts, last run per source")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch status is not implemented yet")
