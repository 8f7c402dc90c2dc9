"""`clusterwatch es`: Elasticsearch index management: init, migrate"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("es", help="Elasticsearch index management: init, migrate")

    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch es is not implemented yet")
