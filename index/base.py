"""The Store interface every backend implements, and the typed queries and results it speaks.

Backends: ``index.sqlite`` (embedded, the default) and ``index.elastic`` (Elasticsearch).
Both are exercised by the same behavioural suite (tests/index/test_store_contract.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from pipeline.document import Document


class StoreError(RuntimeError):
    """The store cannot be reached or refused a request. The message says which and why."""


class SortOrder(str, Enum):
    RELEVANCE = "relevance"
    DATE = "date"


class Interval(str, Enum):
    DAY = "day"
    WEEK = "week"  # buckets start on Monday
    MONTH = "month"
    YEAR = "year"


class MentionUnit(str, Enum):
    COPIES = "copies"  # every stored document counts
    STORIES = "stories"  # syndicated copies of one story count once


class UpsertOutcome(str, Enum):
    NEW = "new"
    UPDATED = "updated"  # content changed; the previous version is kept as a revision
    UNCHANGED = "unchanged"


@dataclass
class StoreOptions:
    """Backend options from settings (backends ignore what does not concern them)."""

    data_dir: str = "data"  # where spools, locks and reports live
    shards: int = 1
    replicas: int = 0
    index_prefix: str = "clusterwatch"
    ca_file: str | None = None
    verify_certs: bool = True
    timeout: float = 30.0


@dataclass
class SearchQuery:
    text: str = ""
    # lemmas of the query, filled by the caller with pipeline.nlp.query_lemmas, so a base-form
    # query matches inflected text through the documents' lemma field
    lemmas: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # any of
    langs: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    since: date | None = None  # published on or after
    until: date | None = None  # published on or before
    sort: SortOrder = SortOrder.RELEVANCE
    limit: int = 20
    offset: int = 0
    facets: bool = False  # also count hits per member, source and language
    # more matches than this: facet counts are estimated from a spread sample of about this
    # many (SearchResult.facets_estimated); 0: count every match. A backend whose counting
    # costs little (Elasticsearch's aggregations) may always count exactly.
    facet_sample: int = 0


@dataclass
class Hit:
    id: str
    url: str
    title: str | None
    source: str
    lang: str | None
    published: str | None
    snippet: str  # HTML-escaped text with <mark>…</mark> around matches
    members: list[str]
    score: float
    media_type: str = "text/html"  # application/pdf, …: the page a snippet is on can be named

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # member/source/lang -> counts
    facets_estimated: bool = False  # counts scaled up from a sample (SearchQuery.facet_sample)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"total": self.total, "hits": [h.to_json() for h in self.hits]}
        if self.facets:
            out["facets"] = self.facets
        if self.facets_estimated:
            out["facets_estimated"] = True
        return out


@dataclass
class MentionsQuery:
    members: list[str] = field(default_factory=list)  # empty: every member mentioned
    interval: Interval = Interval.MONTH
    since: date | None = None
    until: date | None = None
    sources: list[str] = field(default_factory=list)
    unit: MentionUnit = MentionUnit.COPIES
    names: dict[str, str] = field(default_factory=dict)  # member id -> display name


@dataclass
class Bucket:
    date: str  # ISO date of the bucket's first day
    mentions: int  # mention spans
    documents: int  # documents (or stories) with at least one mention


@dataclass
class Series:
    member: str
    name: str
    buckets: list[Bucket]


@dataclass
class MentionsResult:
    interval: Interval
    series: list[Series]

    def to_json(self) -> dict[str, Any]:
        return {"interval": self.interval.value,
                "series": [{"member": s.member, "name": s.name,
                            "buckets": [asdict(b) for b in s.buckets]} for s in self.series]}


@dataclass
class Revision:
    doc_id: str
    content_hash: str
    seen_at: datetime
    title: str | None
    text: str


@dataclass
class SourceRunStats:
    source: str
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    reached: bool = True
    errors: list[str] = field(default_factory=list)  # the first few, for the report


@dataclass
class RunRecord:
    id: str
    kind: str  # "crawl", "nightly", "ingest", "reprocess"
    started: datetime
    finished: datetime | None = None
    status: str = "running"  # running, ok, failed, partial
    sources: list[SourceRunStats] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["started"] = self.started.isoformat()
        d["finished"] = self.finished.isoformat() if self.finished else None
        return d


@dataclass
class StoreStats:
    backend: str  # "sqlite" or "elasticsearch"
    url: str  # with credentials removed
    documents: int
    by_source: dict[str, int] = field(default_factory=dict)
    by_lang: dict[str, int] = field(default_factory=dict)
    last_published: str | None = None
    last_fetched: str | None = None
    pending: int = 0  # documents waiting to be sent (a spool, after an outage)
    schema_version: int | None = None


@runtime_checkable
class Store(Protocol):
    """Where documents live. Every method may raise StoreError."""

    url: str

    def upsert(self, doc: Document) -> UpsertOutcome:
        """Insert or replace by ``doc.id``; a changed content hash keeps the old version."""

    def upsert_many(self, docs: Iterable[Document]) -> list[UpsertOutcome]: ...

    def get(self, doc_id: str) -> Document | None:
        """The stored Document with ``duplicates`` filled from its story."""

    def get_by_url(self, url: str) -> Document | None: ...

    def delete(self, doc_id: str) -> bool: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def mentions(self, query: MentionsQuery) -> MentionsResult: ...

    def co_mentions(self, member: str, limit: int = 10) -> list[tuple[str, int]]:
        """Members most often mentioned in the same documents as ``member``."""

    def export(self, since: date | None = None, sources: list[str] | None = None
               ) -> Iterator[Document]:
        """Every document (published, else fetched, on or after ``since``), in id order."""

    def revisions(self, doc_id: str) -> list[Revision]: ...

    def prune_revisions(self, keep: int) -> int:
        """Drop all but the newest ``keep`` revisions of every document; how many went."""

    def recent_documents(self, source: str, limit: int) -> list[Document]:
        """The source's newest ``limit`` documents by ``fetched_at``, newest first (ties: id
        descending); ``duplicates`` is not filled. For the health check (one index read)."""

    def near_duplicates(self, doc: Document, threshold: float = 0.8) -> list[str]:
        """Ids of stored documents whose MinHash signature is at least ``threshold`` similar."""

    def stats(self) -> StoreStats: ...

    def add_run(self, run: RunRecord) -> None:
        """Insert or replace a run record by its id."""

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The latest runs, newest first."""

    def close(self) -> None: ...
