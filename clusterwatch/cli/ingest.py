"""`clusterwatch ingest`: process local documents (.html, .htm, .txt, .md, .pdf, .docx, .odt;
folders recursively)

Every file goes through the same pipeline as a crawled page and into the store. Exit codes:
0 when every file was stored or deliberately skipped (not an article, empty, unsupported type);
1 when any file could not be read, processed or stored (it is logged and skipped, the others
still go in); 2 for bad usage (``--url`` with several files, an unknown ``--source``... ).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import uuid
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from clusterwatch.cli import UsageError
from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from clusterwatch.ops.progress import Progress
from index.base import RunRecord, SourceRunStats, StoreError
from pipeline.document import RawPage, utcnow
from pipeline.documents import SUFFIXES as DOCUMENT_SUFFIXES
from pipeline.documents import sniff_document

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".html", ".htm", ".txt", ".md", *DOCUMENT_SUFFIXES})
MAX_BYTES = 20_000_000  # larger files are not press articles


class Result(str, Enum):
    """What happened to one input file."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # deliberately: not an article, empty, unsupported
    FAILED = "failed"  # unreadable, processing or store error


@dataclass
class FileResult:
    path: str  # as given (or found under a given folder)
    result: Result
    reason: str = ""
    doc_json: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        if self.doc_json is None:
            return {"path": self.path, "skipped": self.reason}
        return {**self.doc_json, "path": self.path, "outcome": self.result.value}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "ingest", help="process local documents (.html, .htm, .txt, .md, .pdf, .docx, .odt; "
        "folders recursively)",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--source", default="local", metavar="ID",
                   help="source id the documents are filed under (default: local)")
    p.add_argument("--lang", default=None, metavar="CODE", help="language hint")
    p.add_argument("--url", default=None, metavar="URL",
                   help="the document's URL (one file only; default: its file:// URL)")
    p.add_argument("--json", action="store_true", help="one JSON line per input file")
    p.set_defaults(func=run)


def collect(paths: list[str]) -> list[tuple[str, Path | None, str]]:
    """(path as shown, file or None, reason) for every input; folders are walked in order."""
    out: list[tuple[str, Path | None, str]] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file())
            out.extend((str(f), f, "") for f in found)
        elif not p.exists():
            out.append((given, None, "not found"))
        elif p.suffix.lower() not in SUFFIXES:
            out.append((given, None, f"unsupported file type {p.suffix or '(none)'!r}"))
        else:
            out.append((given, p, ""))
    return out


def run(args: argparse.Namespace, ctx: Context) -> int:
    inputs = collect(args.paths)
    if args.url and len(inputs) != 1:
        raise UsageError(f"--url names one document, but {len(inputs)} files were given")
    _ = ctx.store, ctx.processor  # open the store, build the pipeline: their errors come first
    stats = SourceRunStats(source=args.source)
    run_record = RunRecord(id=f"ingest-{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
                           kind="ingest", started=utcnow(), sources=[stats])
    results: list[FileResult] = []
    with Progress("ingest", total=len(inputs)) as progress:
        for shown, path, reason in inputs:
            if path is None:
                res = FileResult(shown, Result.FAILED if reason == "not found" else
                                 Result.SKIPPED, reason)
            else:
                res = ingest_file(ctx, shown, path, args)
            _count(stats, res)
            results.append(res)
            if args.json:
                print_json(res.to_json())
                sys.stdout.flush()
            progress.advance()
    _finish(ctx, run_record, stats)
    if not args.json:
        _print_summary(results)
    return 1 if stats.failed else 0


def ingest_file(ctx: Context, shown: str, path: Path, args: argparse.Namespace) -> FileResult:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return FileResult(shown, Result.SKIPPED, f"too large ({size} bytes)")
        body = path.read_bytes()
    except OSError as exc:
        log.warning("cannot read %s: %s", shown, exc.strerror or exc)
        return FileResult(shown, Result.FAILED, f"unreadable: {exc.strerror or exc}")
    if not body.strip():
        return FileResult(shown, Result.SKIPPED, "empty")
    if looks_binary(body) and sniff_document(body) is None:
        return FileResult(shown, Result.SKIPPED, "not a text file (binary content)")
    url = args.url or path.resolve().as_uri()
    page = RawPage(url=url, body=body, source=args.source, path=os.fspath(path),
                   lang_hint=args.lang)
    try:
        doc = ctx.processor.process(page)
    except Exception as exc:  # a broken page must not stop the others
        log.error("cannot process %s: %s", shown, exc)
        log.debug("processing %s failed", shown, exc_info=True)
        return FileResult(shown, Result.FAILED, f"processing failed: {exc}")
    if doc.skip_reason or not doc.is_article:
        return FileResult(shown, Result.SKIPPED, doc.skip_reason or "not an article")
    if not doc.text.strip():
        return FileResult(shown, Result.SKIPPED, "empty")
    try:
        outcome = ctx.store.upsert(doc)
        stored = ctx.store.get(doc.id) or doc
    except StoreError as exc:
        log.error("cannot store %s: %s", shown, exc)
        return FileResult(shown, Result.FAILED, f"store error: {exc}")
    return FileResult(shown, Result(outcome.value), doc_json=stored.to_json())


def looks_binary(body: bytes) -> bool:
    """NUL bytes near the start of a file without a UTF-16/32 byte order mark."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return False
    return b"\x00" in body[:8192]


def _count(stats: SourceRunStats, res: FileResult) -> None:
    stats.fetched += 1
    if res.result == Result.FAILED:
        stats.failed += 1
        if len(stats.errors) < 5:
            stats.errors.append(f"{res.path}: {res.reason}")
    elif res.result == Result.SKIPPED:
        stats.skipped += 1
    else:  # new, updated, unchanged: the names of SourceRunStats' counters
        setattr(stats, res.result.value, getattr(stats, res.result.value) + 1)


def _finish(ctx: Context, record: RunRecord, stats: SourceRunStats) -> None:
    record.finished = utcnow()
    record.status = "ok" if not stats.failed else (
        "partial" if stats.fetched > stats.failed else "failed")
    try:
        ctx.store.add_run(record)
    except StoreError as exc:
        log.warning("could not record the ingest run: %s", exc)


def _print_summary(results: list[FileResult]) -> None:
    rows = []
    for r in results:
        doc = r.doc_json or {}
        members = ", ".join(m["id"] for m in doc.get("members", []))
        rows.append((r.path, r.result.value, r.reason or doc.get("id", ""),
                     doc.get("lang") or "", (doc.get("title") or "")[:60], members))
    print_table(("path", "result", "id / reason", "lang", "title", "members"), rows)
    counts = Counter(r.result.value for r in results)
    sys.stdout.write(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + "\n")
