"""`clusterwatch demo`: serve the bundled sample portal, crawl it, and serve the UI"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("demo", help="serve the bundled sample portal, crawl it, and serve the UI")

    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch demo is not implemented yet")
