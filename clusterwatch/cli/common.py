"""Helpers shared by the command modules: argument types, tables, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TextIO

from clusterwatch.ops.partition import Partition


def iso_date(value: str) -> date:
    """argparse type for DATE options (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


MAX_COUNT = 10_000  # the largest --limit (and deepest --offset) a command accepts


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """argparse type for a whole number in [low, high] (an error, never a traceback)."""

    def parse(value: str) -> int:
        text = value.strip()
        if len(text) > 12 or not text.lstrip("+-").isdigit():
            raise argparse.ArgumentTypeError(f"not a whole number from {low} to {high}: "
                                             f"{value[:30]!r}")
        n = int(text)
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}: {value[:30]!r}")
        return n

    parse.__name__ = "whole number"  # argparse names the type in its own messages
    return parse


positive_int = bounded_int(1, MAX_COUNT)
MAX_WAIT = 86_400.0  # a day: --wait never means "for ever"


def wait_seconds(value: str) -> float:
    """argparse type for ``--wait``: finite seconds from 0 to a day."""
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value[:30]!r}") from None
    if not 0 <= n <= MAX_WAIT:  # also false for nan
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_WAIT:.0f} seconds: "
                                         f"{value[:30]!r}")
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


def print_rows(fmt: str, as_json: Any, header: Sequence[str], rows: Sequence[Sequence[Any]],
               empty: str) -> None:
    """One report in the chosen format: ``json`` (the object), ``csv`` (formula-safe cells),
    else an aligned table (``empty`` when there is no row)."""
    from clusterwatch.workbench.tables import to_csv

    if fmt == "json":
        print_json(as_json)
    elif fmt == "csv":
        sys.stdout.write(to_csv(list(header), [list(r) for r in rows]))
    elif rows:
        print_table(header, rows)
    else:
        sys.stdout.write(empty + "\n")
