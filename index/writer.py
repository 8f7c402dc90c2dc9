"""The one path from page to stored document: process -> story grouping -> upsert -> counts.

``crawl``, ``ingest`` and ``reprocess`` only say where pages come from; each hands ``Job``s to
a ``Writer``. Processing runs in a ``ProcessorPool`` (worker processes, or the caller's own
with one worker); everything that touches the store (story grouping, upsert, template memory)
runs here, in the caller's process, so the store is written from one place.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from index.base import SourceRunStats, Store, StoreError, UpsertOutcome
from pipeline.document import Document
from pipeline.extract import TemplateMemory
from pipeline.identity import DUPLICATE_THRESHOLD, similarity
from pipeline.pool import Job, Processed, ProcessorPool

log = logging.getLogger(__name__)
T = TypeVar("T")


class Outcome(str, Enum):
    """What happened to one page (the first three are ``UpsertOutcome``'s)."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SPOOLED = "spooled"  # the store is unreachable: kept in its spool, sent later (not lost)
    SKIPPED = "skipped"  # deliberately: not an article, empty
    FAILED = "failed"  # processing or store error


@dataclass
class Written:
    outcome: Outcome
    doc: Document | None = None  # the processed document (also when skipped)
    reason: str = ""


def fingerprint(doc: Document) -> tuple[Any, ...]:
    """What processing may change and a reader would notice (member links as the machine
    made them: people's corrections are applied by the store)."""
    members = doc.machine_members if doc.machine_members is not None else doc.members
    ents = tuple((e.text, e.label, e.start, e.end, e.canonical, e.member, e.field)
                 for e in doc.entities)
    return (doc.content_hash, doc.title, doc.author, doc.published, doc.updated, doc.lead,
            doc.section, doc.source_line, tuple(doc.captions), doc.lang,
            tuple(doc.paragraph_langs), tuple(sorted(members.items())), ents,
            tuple(doc.organisations), tuple(doc.places), tuple(doc.persons), doc.lemmas,
            doc.media_type, tuple((p.page, p.start, p.end, p.origin) for p in doc.pages),
            None if doc.story_id == doc.id else doc.story_id)  # no story = a story of its own


def count(stats: SourceRunStats, outcome: Outcome) -> None:
    """Add one outcome to a source's run statistics (``fetched`` is the caller's)."""
    name = outcome.value
    setattr(stats, name, getattr(stats, name) + 1)


class Writer:
    """``submit`` a job (processed in the pool), then ``settle`` its result (written here)."""

    def __init__(self, store: Store, pool: ProcessorPool, memory: TemplateMemory | None = None,
                 dry_run: bool = False) -> None:
        self.store, self.pool, self.memory, self.dry_run = store, pool, memory, dry_run

    def submit(self, job: Job) -> Future[Processed]:
        return self.pool.submit(job)

    def settle(self, processed: Processed, keep_id: str | None = None,
               previous: Document | None = None) -> Written:
        """Store a processed page: ``keep_id`` files it under that id (reprocessing),
        ``previous`` (the stored version) makes an unchanged result a no-op."""
        self._learn(processed)
        doc = processed.doc
        if doc is None:
            return Written(Outcome.FAILED, reason=f"processing failed: {processed.error}")
        if keep_id:
            doc.id = keep_id
        if doc.skip_reason or not doc.is_article:
            return Written(Outcome.SKIPPED, doc, doc.skip_reason or "not an article")
        if not doc.text.strip():
            return Written(Outcome.SKIPPED, doc, "empty")
        self._assign_story(doc)
        if previous is not None and fingerprint(previous) == fingerprint(doc):
            return Written(Outcome.UNCHANGED, doc)
        if self.dry_run:
            return Written(Outcome.NEW if previous is None else Outcome.UPDATED, doc)
        try:
            outcome = self.store.upsert(doc)
        except StoreError as exc:
            log.error("%s: store refused %s: %s", doc.source, doc.url, exc)
            return Written(Outcome.FAILED, doc, f"store error: {exc}")
        if previous is not None and outcome is UpsertOutcome.UNCHANGED:
            return Written(Outcome.UPDATED, doc)  # stored again: a field outside the hash
        return Written(Outcome(outcome.value), doc)

    def write(self, job: Job, keep_id: str | None = None,
              previous: Document | None = None) -> Written:
        return self.settle(self.submit(job).result(), keep_id, previous)

    def run(self, items: Iterable[tuple[Job | None, T]],
            done: Callable[[T, Processed | None], None], in_flight: int | None = None) -> None:
        """Submit every job, at most ``in_flight`` at once (default: 4 a worker), and call
        ``done(tag, processed)`` in submission order, so what is written does not depend on
        which worker finished first. A ``None`` job (nothing to process) keeps its place."""
        limit = in_flight or 4 * self.pool.workers
        window: deque[tuple[Future[Processed] | None, T]] = deque()
        for job, tag in items:
            window.append((None if job is None else self.submit(job), tag))
            while len(window) >= limit:
                fut, first = window.popleft()
                done(first, _result(fut))
        while window:
            fut, first = window.popleft()
            done(first, _result(fut))

    def _learn(self, processed: Processed) -> None:
        if self.memory is None or self.dry_run:
            return
        for source, paragraphs, page in processed.observed:
            self.memory.observe(source, paragraphs, page)

    def _assign_story(self, doc: Document) -> None:
        """Syndicated copies share one story id: the id of the earliest-published copy.

        A store that cannot answer (an outage) leaves the document its own story, so the upsert
        still happens (and goes to the spool) instead of losing the page."""
        try:
            self._group_copies(doc)
        except StoreError as exc:
            log.warning("%s: story grouping skipped for %s: %s", doc.source, doc.url, exc)
            doc.story_id = doc.story_id or doc.id

    def _group_copies(self, doc: Document) -> None:
        store = self.store
        doc.ensure_id()
        copies: list[Document] = []
        for other_id in store.near_duplicates(doc, DUPLICATE_THRESHOLD):
            if other_id == doc.id:
                continue
            other = store.get(other_id)
            if other is not None and \
                    similarity(doc.signature, other.signature) >= DUPLICATE_THRESHOLD:
                copies.append(other)
        if not copies:
            doc.story_id = doc.story_id or doc.id
            return
        first = min([doc, *copies], key=_publication_order)
        doc.story_id = first.id
        for other in copies:
            if other.story_id != first.id and not self.dry_run:
                other.story_id = first.id
                store.upsert(other)


def _publication_order(doc: Document) -> tuple[str, str, str]:
    return (doc.published or "9999-12-31", doc.fetched_at.isoformat(), doc.id)


def _result(fut: Future[Processed] | None) -> Processed | None:
    return None if fut is None else worker_result(fut)


def worker_result(fut: Future[Processed]) -> Processed:
    """The result of a done future; a dead worker becomes a failed page."""
    try:
        return fut.result()
    except Exception as exc:  # the worker process died (BrokenProcessPool) or could not start
        return Processed(None, f"{type(exc).__name__}: {exc}")
