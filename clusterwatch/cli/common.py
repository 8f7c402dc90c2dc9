"""Helpers shared by the command modules: argument types, tables, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from clusterwatch.ops.partition import Partition


def iso_date(value: str) -> date:
    """argparse type for DATE options (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return n


def print_json(obj: Any, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(json.dumps(obj, ensure_ascii=False) + "\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]],
                stream: TextIO | None = None) -> None:
    """A plain aligned table (cells are single-line: control characters are replaced)."""
    out = stream or sys.stdout
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "".join(ch if ch.isprintable() else " " for ch in text)


def add_workers_option(p: argparse.ArgumentParser) -> None:
    """``--workers N``: processes that clean and tag pages (the store is written by one)."""
    p.add_argument("--workers", type=positive_int, default=None, metavar="N",
                   help="worker processes for cleaning and tagging (default: the machine's "
                        "cores); the store is written from this process")


def partition_arg(value: str) -> Partition:
    """argparse type for ``I/N`` (``--shard``, ``--slice``)."""
    try:
        return Partition.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
