"""`clusterwatch serve`: the search web UI and its JSON API"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("serve", help="the search web UI and its JSON API")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch serve is not implemented yet")
