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
from pathlib import Path
from typing import Any

from clusterwatch.cli import UsageError
from clusterwatch.cli.common import add_workers_option, print_json, print_table
from clusterwatch.cli.context import Context
from clusterwatch.ops.progress import Progress
from index.base import RunRecord, SourceRunStats, StoreError, run_status
from index.writer import Outcome, Writer, count
from pipeline.document import RawPage, utcnow
from pipeline.documents import SUFFIXES as DOCUMENT_SUFFIXES
from pipeline.documents import sniff_document
from pipeline.pool import Job, Processed, default_workers

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".html", ".htm", ".txt", ".md", *DOCUMENT_SUFFIXES})
MAX_BYTES = 20_000_000  # larger files are not press articles


@dataclass
class FileResult:
    path: str  # as given (or found under a given folder)
    result: Outcome
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
    add_workers_option(p)
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
    stats = SourceRunStats(source=args.source)
    run_record = RunRecord(id=f"ingest-{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
                           kind="ingest", started=utcnow(), sources=[stats])
    results: list[FileResult] = []
    store = ctx.store  # open the store, build the pipeline: their errors come first
    # no more workers than files: one file is processed here, without starting a pool
    workers = min(args.workers or default_workers(), max(1, len(inputs)))
    with ctx.pool(workers) as pool, Progress("ingest", total=len(inputs)) as progress:
        writer = Writer(store, pool, ctx.templates)

        def done(first: FileResult, processed: Processed | None) -> None:
            res = first if processed is None else _settle(writer, first.path, processed)
            _count(stats, res)
            results.append(res)
            if args.json:
                print_json(res.to_json())
                sys.stdout.flush()
            progress.advance()

        writer.run((_job(shown, path, reason, args) for shown, path, reason in inputs), done)
    _finish(ctx, run_record, stats)
    if not args.json:
        _print_summary(results)
    return 1 if stats.failed else 0


def _job(shown: str, path: Path | None, reason: str, args: argparse.Namespace
         ) -> tuple[Job | None, FileResult]:
    """The job for one input, or None with the input's result when there is nothing to do."""
    if path is None:
        return None, FileResult(shown, Outcome.FAILED if reason == "not found" else
                                Outcome.SKIPPED, reason)
    page = read_file(shown, path, args)
    if isinstance(page, FileResult):
        return None, page
    return Job(page), FileResult(shown, Outcome.SKIPPED)


def read_file(shown: str, path: Path, args: argparse.Namespace) -> RawPage | FileResult:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return FileResult(shown, Outcome.SKIPPED, f"too large ({size} bytes)")
        body = path.read_bytes()
    except OSError as exc:
        log.warning("cannot read %s: %s", shown, exc.strerror or exc)
        return FileResult(shown, Outcome.FAILED, f"unreadable: {exc.strerror or exc}")
    if not body.strip():
        return FileResult(shown, Outcome.SKIPPED, "empty")
    if looks_binary(body) and sniff_document(body) is None:
        return FileResult(shown, Outcome.SKIPPED, "not a text file (binary content)")
    url = args.url or path.resolve().as_uri()
    return RawPage(url=url, body=body, source=args.source, path=os.fspath(path),
                   lang_hint=args.lang)


def _settle(writer: Writer, shown: str, processed: Processed) -> FileResult:
    written = writer.settle(processed)
    if written.outcome is Outcome.FAILED:
        log.error("cannot ingest %s: %s", shown, written.reason)
        return FileResult(shown, Outcome.FAILED, written.reason)
    if written.outcome is Outcome.SKIPPED or written.doc is None:
        return FileResult(shown, Outcome.SKIPPED, written.reason)
    if written.outcome is Outcome.SPOOLED:  # an outage: not readable back, not lost
        return FileResult(shown, Outcome.SPOOLED, doc_json=written.doc.to_json())
    try:
        stored = writer.store.get(written.doc.id) or written.doc
    except StoreError:  # stored (or spooled); shown as processed
        stored = written.doc
    return FileResult(shown, written.outcome, doc_json=stored.to_json())


def looks_binary(body: bytes) -> bool:
    """NUL bytes near the start of a file without a UTF-16/32 byte order mark."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return False
    return b"\x00" in body[:8192]


def _count(stats: SourceRunStats, res: FileResult) -> None:
    stats.fetched += 1
    count(stats, res.result)
    if res.result == Outcome.FAILED and len(stats.errors) < 5:
        stats.errors.append(f"{res.path}: {res.reason}")


def _finish(ctx: Context, record: RunRecord, stats: SourceRunStats) -> None:
    record.finished = utcnow()
    record.status = run_status([stats]).value
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
