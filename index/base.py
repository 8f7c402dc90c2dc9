"""The Store interface every backend implements, and the typed queries and results it speaks.

Backends: ``index.sqlite`` (embedded, the default) and ``index.elastic`` (Elasticsearch).
Both are exercised by the same behavioural suite (tests/index/test_store_contract.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from index.alerts import Alert, AlertSend
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
    # the store is unreachable: the document waits in its spool (nothing lost) and is sent
    # on the next write or start once the store is back
    SPOOLED = "spooled"


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
    # False: a store that does not exist yet is an error, not created empty (commands that
    # only read: a mistyped path must not look like an empty store)
    create: bool = True


@dataclass
class SearchQuery:
    text: str = ""  # as the user typed it: the store's search analyses it (``analysed``)
    # lemmas of the query's words, filled by the store's search (index.query_text.analysed),
    # so a base-form query matches inflected text through the documents' lemma field
    lemmas: list[str] = field(default_factory=list)
    lang_hint: str | None = None  # the query's language (default: the one language filtered)
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
    # stored (fetched) after / up to and including these times: the window of an alert digest
    fetched_after: datetime | None = None
    fetched_until: datetime | None = None


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
    langs: list[str] = field(default_factory=list)  # documents in any of these languages


@dataclass
class Bucket:
    date: str  # ISO date of the bucket's first day
    mentions: int  # mention spans
    documents: int  # documents (or stories) with at least one mention
    share: float | None = None  # of all members' mentions in the bucket (index.compare)


@dataclass
class Series:
    member: str
    name: str
    buckets: list[Bucket]
    group: str | None = None  # the source or language of a broken-down series (index.compare)


@dataclass
class MentionsResult:
    interval: Interval
    series: list[Series]
    by: str | None = None  # "source" or "lang" when the series are broken down

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"interval": self.interval.value,
                               "series": [_series_json(s) for s in self.series]}
        if self.by:
            out["by"] = self.by
        return out


def _series_json(s: Series) -> dict[str, Any]:
    out: dict[str, Any] = {"member": s.member, "name": s.name}
    if s.group is not None:
        out["group"] = s.group
    buckets = []
    for b in s.buckets:
        row: dict[str, Any] = {"date": b.date, "mentions": b.mentions, "documents": b.documents}
        if b.share is not None:
            row["share"] = b.share
        buckets.append(row)
    out["buckets"] = buckets
    return out


class EntityKind(str, Enum):
    """The ``entities --kind`` values and the Document list each one reads."""

    ORG = "org"
    PLACE = "place"
    PERSON = "person"

    @property
    def field(self) -> str:
        return {"org": "organisations", "place": "places", "person": "persons"}[self.value]


@dataclass
class EntitiesQuery:
    """Names of one kind by the number of documents naming them (base forms, as tagged)."""

    kind: EntityKind = EntityKind.ORG
    since: date | None = None  # document day (published, else fetched) on or after
    until: date | None = None  # on or before
    sources: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    top: int = 20
    names: list[str] = field(default_factory=list)  # only these names (counting given names)
    exclude: list[str] = field(default_factory=list)  # never these (e.g. the members' names)
    with_members: bool = False  # only documents that mention at least one member


@dataclass
class EntityCount:
    name: str
    documents: int


class CorrectionAction(str, Enum):
    REMOVE = "remove"  # the machine's link is wrong: the member is not counted
    ADD = "add"  # the machine missed the member: counted once at least


@dataclass
class Correction:
    """A person's verdict on one member link of one document; kept across reprocessing."""

    doc_id: str
    member: str
    action: CorrectionAction
    who: str = ""
    why: str = ""
    at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "member": self.member, "action": self.action.value,
                "who": self.who, "why": self.why,
                "at": self.at.isoformat() if self.at else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Correction:
        at = data.get("at")
        return cls(doc_id=str(data["doc_id"]), member=str(data["member"]),
                   action=CorrectionAction(data["action"]), who=str(data.get("who") or ""),
                   why=str(data.get("why") or ""),
                   at=datetime.fromisoformat(at) if isinstance(at, str) else None)


@dataclass
class Revision:
    doc_id: str
    content_hash: str
    seen_at: datetime
    title: str | None
    text: str


class RunStatus(str, Enum):
    """``RunRecord.status`` values (stored as their plain string values)."""

    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    PARTIAL = "partial"


@dataclass
class SourceRunStats:
    source: str
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    spooled: int = 0  # kept in the store's spool during an outage (sent later, not lost)
    reached: bool = True
    errors: list[str] = field(default_factory=list)  # the first few, for the report
    # pages let go, by reason (crawler.drops.DropReason values): counted, never silent
    dropped: dict[str, int] = field(default_factory=dict)
    listings: int = 0  # listing, sitemap and feed pages that answered (2xx)
    refused: int = 0  # answers 403/429: the site turns our (undisguised) crawler away


@dataclass
class RunRecord:
    id: str
    kind: str  # "crawl", "nightly", "ingest", "reprocess"
    started: datetime
    finished: datetime | None = None
    status: str = RunStatus.RUNNING.value  # a RunStatus value
    sources: list[SourceRunStats] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["started"] = self.started.isoformat()
        d["finished"] = self.finished.isoformat() if self.finished else None
        return d


def run_status(stats: list[SourceRunStats],
               lost: Callable[[SourceRunStats], int] | None = None) -> RunStatus:
    """A run that dropped something is never ok: failed when nothing got through (no source
    reached, or every page of every source failed), partial when some source or page failed
    or ``lost`` counts pages of a source that were let go for a reason that loses them."""
    if stats and all(not s.reached or (s.fetched and s.failed >= s.fetched) for s in stats):
        return RunStatus.FAILED
    if any(not s.reached or s.failed or (lost is not None and lost(s)) for s in stats):
        return RunStatus.PARTIAL
    return RunStatus.OK


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
    error: str | None = None  # the store could not be read (an outage): why; pending counts


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

    def search_histogram(self, query: SearchQuery, interval: Interval) -> list[Bucket]:
        """Documents matching ``query`` (its text and filters; paging ignored) per bucket of
        their published date, zero buckets between the first and the last; undated documents
        are left out. A saved search on the compare chart."""

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

    def entities(self, query: EntitiesQuery) -> list[EntityCount]:
        """The ``query.top`` names of ``query.kind`` named in the most documents, most first
        (ties by name); with ``query.names``, the counts of just those names."""

    def add_correction(self, correction: Correction) -> Document | None:
        """Store (replace) the correction of (doc, member) and apply it to the stored document
        at once; the document as it is now, or None when the id is unknown (nothing stored)."""

    def delete_correction(self, doc_id: str, member: str) -> bool:
        """Undo: the machine's link for (doc, member) counts again. False if there was none."""

    def corrections(self, doc_id: str | None = None, limit: int = 1000) -> list[Correction]:
        """Corrections of one document, or all, newest first."""

    def save_alert(self, alert: Alert) -> None:
        """Insert an alert or replace its definition (its window and sends stay). Raises
        ``index.alerts.AlertExists`` when another alert has the same name."""

    def alerts(self) -> list[Alert]:
        """Every alert, by name."""

    def get_alert(self, alert_id: str) -> Alert | None: ...

    def delete_alert(self, alert_id: str) -> bool:
        """Remove the alert and its send records; False when there was none."""

    def claim_alert_window(self, send: AlertSend, expected_end: datetime | None) -> bool:
        """Atomically: if the alert's ``window_end`` is still ``expected_end``, move it to
        ``send.window_end`` and record ``send``; False (nothing written) otherwise, e.g. when
        another run or machine claimed the window first."""

    def finish_alert_send(self, send: AlertSend) -> None:
        """Record the outcome of a claimed send: SENT also sets the alert's last sent time and
        count; FAILED also gives the window back (to ``send.window_start``) unless it moved."""

    def alert_sends(self, alert_id: str, limit: int = 20) -> list[AlertSend]:
        """The alert's latest send records, newest first (a bounded history is kept)."""

    def close(self) -> None: ...
