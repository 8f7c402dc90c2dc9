"""Reprocessing without crawling: stored documents (their decoded body is kept) or the WARC archive.

After a registry or pipeline change, every document is cleaned and tagged again; a document
whose result differs is stored again (the store keeps the previous version as a revision), one
that is no longer an article is reported (and removed only when asked).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from clusterwatch.ops.partition import Partition
from index.base import SourceRunStats, Store
from index.writer import Outcome, Writer, Written
from pipeline.document import Document, RawPage
from pipeline.pool import Job, Processed

log = logging.getLogger(__name__)

MAX_LISTED = 200  # ids listed in the report per kind; the counts are always complete
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")

Advance = Callable[[], None]
ArchiveReader = Callable[[Path], Iterator[RawPage]]


@dataclass
class ReprocessCounts:
    """Per-source counts, and the documents that need a person's eye."""

    source: str
    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    new: int = 0  # from the archive: not in the store before
    skipped: int = 0  # nothing to work on (no stored body), or the processing failed
    non_articles: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "seen": self.seen, "changed": self.changed,
                "unchanged": self.unchanged, "new": self.new, "skipped": self.skipped,
                "non_articles": len(self.non_articles), "errors": len(self.errors)}

    def to_stats(self) -> SourceRunStats:
        return SourceRunStats(self.source, fetched=self.seen, new=self.new, updated=self.changed,
                              unchanged=self.unchanged,
                              skipped=self.skipped + len(self.non_articles),
                              failed=len(self.errors), errors=self.errors[:5])


@dataclass
class ReprocessOptions:
    sources: list[str] = field(default_factory=list)  # empty: every source
    drop_non_articles: bool = False
    dry_run: bool = False
    lang_hints: dict[str, str] = field(default_factory=dict)  # source id -> configured language
    slice: Partition = field(default_factory=Partition)  # only the documents of this part


class Tally:
    """Counts per source, created on first use."""

    def __init__(self) -> None:
        self.by_source: dict[str, ReprocessCounts] = {}

    def __getitem__(self, source: str) -> ReprocessCounts:
        if source not in self.by_source:
            self.by_source[source] = ReprocessCounts(source)
        return self.by_source[source]

    def total(self) -> ReprocessCounts:
        out = ReprocessCounts("*")
        for c in self.by_source.values():
            out.seen += c.seen
            out.changed += c.changed
            out.unchanged += c.unchanged
            out.new += c.new
            out.skipped += c.skipped
            out.non_articles += c.non_articles
            out.errors += c.errors
        return out


def fresh_copy(doc: Document) -> Document:
    """A Document holding only what was fetched, so no stale derived field survives."""
    return Document(url=doc.url, source=doc.source, id=doc.id, canonical_url=doc.canonical_url,
                    fetched_at=doc.fetched_at, html=doc.html, media=doc.media,
                    encoding=doc.encoding, path=doc.path, story_id=doc.story_id)


def _non_article(counts: ReprocessCounts, doc: Document, store: Store,
                 opts: ReprocessOptions) -> None:
    reason = doc.skip_reason or "not an article"
    counts.non_articles.append({"id": doc.id, "url": doc.url, "reason": reason})
    log.warning("%s (%s) is no longer an article: %s", doc.id, doc.url, reason)
    if opts.drop_non_articles and not opts.dry_run:
        store.delete(doc.id)


def _settle(counts: ReprocessCounts, written: Written, old: Document | None, store: Store,
            opts: ReprocessOptions) -> None:
    """Count what the writer did; a document that is no longer an article is reported."""
    if written.outcome is Outcome.SKIPPED:
        if old is None or written.doc is None:  # never stored as an article: nothing to report
            counts.skipped += 1
        else:
            _non_article(counts, written.doc, store, opts)
    elif written.outcome is Outcome.FAILED:
        _fail(counts, old.id if old is not None else
              (written.doc.url if written.doc else "a page"), RuntimeError(written.reason))
    elif written.outcome is Outcome.UNCHANGED:
        counts.unchanged += 1
    elif old is None or written.outcome is Outcome.NEW:
        counts.new += 1
    else:
        counts.changed += 1


def _fail(counts: ReprocessCounts, what: str, exc: Exception) -> None:
    counts.skipped += 1
    if len(counts.errors) < MAX_LISTED:
        counts.errors.append(f"{what}: {exc}"[:300])
    log.error("reprocess: %s failed: %s", what, exc)


def reprocess_stored(store: Store, writer: Writer, opts: ReprocessOptions,
                     advance: Advance | None = None, total: Callable[[int], None] | None = None
                     ) -> Tally:
    """Re-run extraction and tagging on every stored document (of the chosen sources, of this
    slice); processing runs in the writer's pool, comparing and storing here."""
    tally = Tally()
    ids = [d.id for d in store.export(sources=opts.sources or None)
           if opts.slice.holds(d.id)]
    if total:
        total(len(ids))

    def jobs() -> Iterator[tuple[Job | None, Document | None]]:
        for doc_id in ids:
            old = store.get(doc_id)
            if old is None:  # deleted meanwhile
                yield None, None
                continue
            tally[old.source].seen += 1
            if not old.html.strip():
                tally[old.source].skipped += 1
                yield None, None
                continue
            yield Job(doc=fresh_copy(old), lang_hint=opts.lang_hints.get(old.source)), old

    def done(old: Document | None, processed: Processed | None) -> None:
        if advance:
            advance()
        if old is None or processed is None:
            return
        counts = tally[old.source]
        if processed.doc is None:
            _fail(counts, f"document {old.id}", RuntimeError(processed.error))
            return
        _settle(counts, writer.settle(processed, keep_id=old.id, previous=old), old, store,
                opts)

    writer.run(jobs(), done)
    return tally


def archive_files(path: Path) -> list[Path]:
    """A WARC file, or every WARC file under a folder, oldest name first."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise FileNotFoundError(f"no archive at {path}")
    return sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(ARCHIVE_SUFFIXES))


def _latest_versions(files: list[Path], read: ArchiveReader, sources: set[str]
                     ) -> dict[str, tuple[datetime, int, int]]:
    """url -> (fetched_at, file index, record index) of its newest archived response."""
    latest: dict[str, tuple[datetime, int, int]] = {}
    for fi, path in enumerate(files):
        for ri, page in enumerate(read(path)):
            if sources and page.source not in sources:
                continue
            key = (page.fetched_at, fi, ri)
            if page.url not in latest or key > latest[page.url]:
                latest[page.url] = key
    return latest


def reprocess_archive(path: Path, store: Store, writer: Writer, opts: ReprocessOptions,
                      read: ArchiveReader, advance: Advance | None = None,
                      total: Callable[[int], None] | None = None) -> Tally:
    """Rebuild documents from the newest archived response of every URL."""
    files = archive_files(path)
    latest = _latest_versions(files, read, set(opts.sources))
    if total:
        total(len(latest))
    wanted = {(fi, ri) for _, fi, ri in latest.values()}
    tally = Tally()

    def jobs() -> Iterator[tuple[Job | None, RawPage]]:
        for fi, file in enumerate(files):
            for ri, page in enumerate(read(file)):
                if (fi, ri) in wanted:
                    yield Job(page), page

    def done(page: RawPage, processed: Processed | None) -> None:
        if advance:
            advance()
        counts = tally[page.source]
        counts.seen += 1
        if processed is None or processed.doc is None:
            _fail(counts, page.url, RuntimeError(processed.error if processed else "?"))
            return
        old = store.get(processed.doc.ensure_id())
        _settle(counts, writer.settle(processed, previous=old), old, store, opts)

    writer.run(jobs(), done)
    return tally
