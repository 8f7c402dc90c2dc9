"""`clusterwatch members`: the member registry: check for ambiguous or duplicate aliases"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("members", help="the member registry: check for ambiguous or duplicate aliases")

    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch members is not implemented yet")
