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
from typing import TYPE_CHECKING, Any

from index.base import SourceRunStats, Store, UpsertOutcome
from pipeline.document import Document, RawPage

if TYPE_CHECKING:
    from pipeline.process import Processor

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


def fingerprint(doc: Document) -> tuple[Any, ...]:
    """What reprocessing may change and a reader would notice."""
    ents = tuple((e.text, e.label, e.start, e.end, e.canonical, e.member, e.field)
                 for e in doc.entities)
    return (doc.content_hash, doc.title, doc.author, doc.published, doc.updated, doc.lead,
            doc.section, doc.source_line, tuple(doc.captions), doc.lang,
            tuple(doc.paragraph_langs), tuple(sorted(doc.members.items())), ents,
            tuple(doc.organisations), tuple(doc.places), tuple(doc.persons), doc.lemmas,
            doc.media_type, tuple((p.page, p.start, p.end, p.origin) for p in doc.pages))


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


def _settle(counts: ReprocessCounts, new: Document, old: Document | None, store: Store,
            opts: ReprocessOptions) -> None:
    """Compare with the stored version and store when changed."""
    if old is not None and fingerprint(old) == fingerprint(new):
        counts.unchanged += 1
        return
    if opts.dry_run:
        counts.changed += old is not None
        counts.new += old is None
        return
    outcome = store.upsert(new)
    if old is None or outcome is UpsertOutcome.NEW:
        counts.new += 1
    else:
        counts.changed += 1


def _fail(counts: ReprocessCounts, what: str, exc: Exception) -> None:
    counts.skipped += 1
    if len(counts.errors) < MAX_LISTED:
        counts.errors.append(f"{what}: {type(exc).__name__}: {exc}"[:300])
    log.error("reprocess: %s failed: %s", what, exc)


def reprocess_stored(store: Store, processor: Processor, opts: ReprocessOptions,
                     advance: Advance | None = None, total: Callable[[int], None] | None = None
                     ) -> Tally:
    """Re-run extraction and tagging on every stored document (of the chosen sources)."""
    tally = Tally()
    ids = [d.id for d in store.export(sources=opts.sources or None)]
    if total:
        total(len(ids))
    for doc_id in ids:
        old = store.get(doc_id)
        if advance:
            advance()
        if old is None:  # deleted meanwhile
            continue
        counts = tally[old.source]
        counts.seen += 1
        if not old.html.strip():
            counts.skipped += 1
            continue
        try:
            new = processor.process_document(fresh_copy(old), opts.lang_hints.get(old.source))
        except Exception as exc:  # one broken document never stops the rest
            _fail(counts, f"document {doc_id}", exc)
            continue
        new.id = old.id
        if new.skip_reason or not new.is_article:
            _non_article(counts, new, store, opts)
            continue
        _settle(counts, new, old, store, opts)
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


def reprocess_archive(path: Path, store: Store, processor: Processor, opts: ReprocessOptions,
                      read: ArchiveReader, advance: Advance | None = None,
                      total: Callable[[int], None] | None = None) -> Tally:
    """Rebuild documents from the newest archived response of every URL."""
    files = archive_files(path)
    latest = _latest_versions(files, read, set(opts.sources))
    if total:
        total(len(latest))
    wanted = {(fi, ri) for _, fi, ri in latest.values()}
    tally = Tally()
    for fi, file in enumerate(files):
        for ri, page in enumerate(read(file)):
            if (fi, ri) not in wanted:
                continue
            if advance:
                advance()
            _rebuild(tally[page.source], page, store, processor, opts)
    return tally


def _rebuild(counts: ReprocessCounts, page: RawPage, store: Store, processor: Processor,
             opts: ReprocessOptions) -> None:
    counts.seen += 1
    try:
        doc = processor.process(page)
    except Exception as exc:
        _fail(counts, page.url, exc)
        return
    old = store.get(doc.ensure_id())
    if doc.skip_reason or not doc.is_article:
        if old is not None:  # it was stored as an article before
            _non_article(counts, doc, store, opts)
        else:
            counts.skipped += 1
        return
    _settle(counts, doc, old, store, opts)
