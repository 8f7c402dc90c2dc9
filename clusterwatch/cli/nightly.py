"""`clusterwatch nightly`: the scheduled job: crawl every source, write a run report, never two at once"""

from __future__ import annotations

import argparse
from typing import Any

from clusterwatch.cli.context import Context


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("nightly", help="the scheduled job: crawl every source, write a run report, never two at once")

    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    raise NotImplementedError("clusterwatch nightly is not implemented yet")
