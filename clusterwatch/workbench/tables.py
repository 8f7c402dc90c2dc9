"""CSV of mentions and entity reports, one writer for the command line and the web: cells that
a spreadsheet would run as formulas (crawled names can start with ``=``) are quoted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from clusterwatch.workbench.entities import EntityReport
from index.base import MentionsResult

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def mention_rows(result: MentionsResult) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: one row per series and bucket (group and share columns when used)."""
    grouped = result.by is not None
    shared = any(b.share is not None for s in result.series for b in s.buckets)
    header = ["member", "name", *([result.by or "group"] if grouped else []),
              "date", "mentions", "documents", *(["share"] if shared else [])]
    rows: list[list[Any]] = []
    for s in result.series:
        for b in s.buckets:
            rows.append([s.member, s.name, *([s.group or ""] if grouped else []), b.date,
                         b.mentions, b.documents, *([b.share] if shared else [])])
    return header, rows


def entity_rows(report: EntityReport) -> tuple[list[str], list[list[Any]]]:
    header = ["name", "documents", "previous", "change", "new"]
    rows: list[list[Any]] = [
        [r.name, r.documents, "" if r.previous is None else r.previous,
         "" if r.change is None else r.change, "yes" if r.new else ""]
        for r in report.rows]
    return header, rows


def to_csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue()
