"""ElasticStore: the Store interface on Elasticsearch 8.x/9.x, through the official client."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import elasticsearch

from index.alerts import Alert, AlertSend
from index.base import (
    Bucket,
    Correction,
    EntitiesQuery,
    EntityCount,
    Interval,
    MentionsQuery,
    MentionsResult,
    Revision,
    RunRecord,
    SearchQuery,
    SearchResult,
    StoreError,
    StoreOptions,
    StoreStats,
    UpsertOutcome,
)
from index.elastic import documents as docsrc
from index.elastic import maintenance
from index.elastic import mentions as ment
from index.elastic import queries as qry
from index.elastic import workbench as wb
from index.elastic.admin import Admin
from index.elastic.alerts import AlertsIndex
from index.elastic.bulk import Spool
from index.elastic.client import ERRORS, call, describe, is_outage, make_client, parse_url
from index.elastic.mappings import IndexNames, Kind, check_prefix
from index.elastic.runspool import RunSpool
from index.elastic.writer import Writer
from index.query_text import analysed
from pipeline.document import Document
from pipeline.identity import similarity

log = logging.getLogger(__name__)

SPOOL_RETRY_SECONDS = 30.0


class ElasticStore:
    """Documents in ``{prefix}-docs``, revisions and runs in their own small indices."""

    backend = "elasticsearch"

    def __init__(self, url: str, options: StoreOptions | None = None) -> None:
        self.options = options or StoreOptions()
        endpoint = parse_url(url)
        self.url = endpoint.redacted
        try:
            self.names = IndexNames(check_prefix(self.options.index_prefix))
        except ValueError as exc:
            raise StoreError(f"elasticsearch.index_prefix: {exc}") from None
        self.es = make_client(endpoint, self.options)
        self.admin = Admin(self.es, self.names, self.options, self.url)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{endpoint.host.split('://', 1)[1]}")
        spool_path = Path(self.options.data_dir) / "es-spool" / f"{safe}-{self.names.prefix}.jsonl"
        self.writer = Writer(self.es, self.names, Spool(spool_path), self.url)
        self.run_spool = RunSpool(spool_path.with_name(f"{spool_path.stem}.runs.ndjson"))
        self._alerts = AlertsIndex(self.es, self.names.alias(Kind.ALERTS), self.url)
        self._ready = False
        self._down = False  # the last attempt found the cluster unreachable
        self._down_reason = ""
        self._last_try = 0.0
        self._dup_outage_logged = False
        self._prepare(quiet=True)

    # -- lifecycle --------------------------------------------------------------------------

    def _prepare(self, quiet: bool = False) -> bool:
        """Create missing indices and send the spool; False while the cluster is unreachable."""
        self._last_try = time.monotonic()
        try:
            if not self._ready:
                if self.options.create:  # a command that only reads never writes
                    self.admin.init()
                self._ready = True
            flushed = self.options.create and bool(self.writer.spool.pending())
            if flushed:
                self.send_pending()
        except StoreError as exc:
            if self._mark_outage(exc) and quiet:
                log.warning("Elasticsearch unreachable (%s): writes are spooled", exc)
                return False
            raise
        self._down = flushed and self.writer.outage
        return not self._down

    def send_pending(self) -> int:
        """Send the spooled documents, then the run records kept during an outage; how many
        documents were sent."""
        sent = self.writer.flush_spool()
        self._flush_runs()
        return sent

    def _flush_runs(self) -> None:
        """Run records kept during an outage go to the cluster (before any newer write)."""
        for run in reversed(self.run_spool.runs()):
            call(self.url, self.es.index, index=self.names.alias(Kind.RUNS), id=run.id,
                 document=docsrc.run_to_source(run))
        if self.run_spool.path.exists():
            self.run_spool.clear()
            self.writer.dirty = True

    def _unreachable(self, exc: StoreError) -> bool:
        """The error is an outage (now, or still within the retry pause)."""
        return self._mark_outage(exc) or (self._down and exc.__cause__ is None)

    def _mark_outage(self, exc: StoreError) -> bool:
        """Note an unreachable cluster (reads fail fast until the next retry); True if so."""
        if exc.__cause__ is None or not is_outage(exc.__cause__):
            return False
        self._down, self._down_reason, self._last_try = True, str(exc), time.monotonic()
        return True

    def _read_ready(self) -> None:
        """Indices exist, own writes are visible; fails fast while the cluster is down (a
        crawl must not wait out the client's retries on every page)."""
        if self._down and time.monotonic() - self._last_try < SPOOL_RETRY_SECONDS:
            raise StoreError(f"{self._down_reason} (next try within "
                             f"{SPOOL_RETRY_SECONDS:.0f}s)")
        if not self._ready or self._down:
            self._prepare()
        try:
            self.writer.refresh_if_dirty()
        except StoreError as exc:
            self._mark_outage(exc)
            raise

    def drop_all(self) -> None:
        """Delete this store's own indices (every version) and forget the spool."""
        self.admin.drop_all()
        self._ready = False
        if self.writer.spool.take():
            self.writer.spool.done()

    def close(self) -> None:
        self.es.close()

    # -- writes -----------------------------------------------------------------------------

    def upsert(self, doc: Document) -> UpsertOutcome:
        return self.upsert_many([doc])[0]

    def upsert_many(self, docs: Iterable[Document]) -> list[UpsertOutcome]:
        batch = list(docs)
        for doc in batch:
            doc.ensure_id()
        if not batch:
            return []
        down = self._down and time.monotonic() - self._last_try < SPOOL_RETRY_SECONDS
        if not down and (not self._ready or self._down or self.writer.spool.pending()):
            down = not self._prepare(quiet=True)
        if down:  # no new attempt for a while: a crawl must not wait on every page
            self.writer.spool.append(batch)
            return [UpsertOutcome.SPOOLED] * len(batch)
        outcomes = self.writer.write(batch)
        if self.writer.outage:
            self._down, self._last_try = True, time.monotonic()
            self._down_reason = f"Elasticsearch at {self.url} became unreachable"
        return outcomes

    def delete(self, doc_id: str) -> bool:
        self._read_ready()
        try:
            resp = self.es.delete(index=self.names.alias(Kind.DOCS), id=doc_id)
        except elasticsearch.NotFoundError as exc:
            if "index_not_found" in str(exc.body):
                raise StoreError(describe(exc, self.url)) from exc
            return False
        except ERRORS as exc:
            raise StoreError(describe(exc, self.url)) from exc
        call(self.url, self.es.delete_by_query, index=self.names.alias(Kind.REVISIONS),
             query={"term": {"doc_id": doc_id}}, conflicts="proceed", refresh=True)
        self.writer.dirty = True
        return bool(resp.get("result") == "deleted")

    def add_run(self, run: RunRecord) -> None:
        """Index the run record; during an outage it is kept on disk and sent later."""
        try:
            self._read_ready()
            call(self.url, self.es.index, index=self.names.alias(Kind.RUNS), id=run.id,
                 document=docsrc.run_to_source(run))
        except StoreError as exc:
            if not self._unreachable(exc):
                raise
            self.run_spool.append(run)
            log.warning("run %s kept in %s until Elasticsearch is back (%s)", run.id,
                        self.run_spool.path, exc)
        self.writer.dirty = True

    # -- reads ------------------------------------------------------------------------------

    def _search(self, kind: Kind, body: dict[str, Any]) -> dict[str, Any]:
        self._read_ready()
        try:
            resp = call(self.url, self.es.search, index=self.names.alias(kind), **body)
        except StoreError as exc:
            self._mark_outage(exc)
            raise
        return dict(resp.body)

    def get(self, doc_id: str) -> Document | None:
        self._read_ready()
        try:
            resp = self.es.get(index=self.names.alias(Kind.DOCS), id=doc_id)
        except elasticsearch.NotFoundError as exc:
            if "index_not_found" in str(exc.body):
                raise StoreError(describe(exc, self.url)) from exc
            return None
        except ERRORS as exc:
            err = StoreError(describe(exc, self.url))
            err.__cause__ = exc
            self._mark_outage(err)
            raise err from exc
        return self._with_duplicates(docsrc.doc_from_source(resp["_source"]))

    def get_by_url(self, url: str) -> Document | None:
        for field in ("url", "canonical_url"):
            hits = self._search(Kind.DOCS, qry.by_url_body(field, url))["hits"]["hits"]
            if hits:
                return self._with_duplicates(docsrc.doc_from_source(hits[0]["_source"]))
        return None

    def _with_duplicates(self, doc: Document) -> Document:
        doc.duplicates = []
        if doc.story_id:
            resp = self._search(Kind.DOCS, qry.story_body(doc.story_id, doc.id))
            doc.duplicates = [h["_source"]["id"] for h in resp["hits"]["hits"]]
        return doc

    def search(self, query: SearchQuery) -> SearchResult:
        if qry.nothing_can_match(query):
            return SearchResult(total=0, hits=[])
        query = analysed(query)
        if qry.nothing_can_match(query):
            return SearchResult(total=0, hits=[])
        try:
            body = qry.search_body(query)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        result = qry.search_result(self._search(Kind.DOCS, body), query)
        self._fallback_snippets(result, query)
        return result

    def _fallback_snippets(self, result: SearchResult, query: SearchQuery) -> None:
        """Hits without a marked body fragment (matched through the title or the lemmas, or no
        words asked): the first words, with words sharing a stem marked, as the embedded store
        does; escaped here, never taken unescaped from the server."""
        plain = [h for h in result.hits if qry.MARK_OPEN not in h.snippet]
        if not plain:
            return
        stems = qry.query_stems(query)
        resp = call(self.url, self.es.mget, index=self.names.alias(Kind.DOCS),
                    ids=[h.id for h in plain], source_includes=["body"])
        bodies = {d["_id"]: (d.get("_source") or {}).get("body") or "" for d in resp["docs"]}
        for h in plain:
            h.snippet = qry.stem_snippet(bodies.get(h.id, "")[:qry.FALLBACK_CHARS], stems)

    def search_histogram(self, query: SearchQuery, interval: Interval) -> list[Bucket]:
        if qry.nothing_can_match(query):
            return []
        try:
            body = qry.histogram_body(analysed(query), interval)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        return qry.histogram_from(self._search(Kind.DOCS, body), interval)

    def mentions(self, query: MentionsQuery) -> MentionsResult:
        acc = ment.MentionsAccumulator(query.interval)
        after: dict[str, Any] | None = None
        while True:
            resp = self._search(Kind.DOCS, ment.mentions_body(query, after))
            groups, after = ment.composite_page(resp)
            acc.add(groups)
            if after is None or len(groups) < ment.COMPOSITE_PAGE:
                break
        return acc.result(query)

    def co_mentions(self, member: str, limit: int = 10) -> list[tuple[str, int]]:
        if limit <= 0:
            return []
        return ment.co_mentions_from(self._search(Kind.DOCS, ment.co_mentions_body(member, limit)))

    def entities(self, query: EntitiesQuery) -> list[EntityCount]:
        if not query.names and query.top <= 0:
            return []
        return wb.entities_from(self._search(Kind.DOCS, wb.entities_body(query)), query)

    def add_correction(self, correction: Correction) -> Document | None:
        doc = self.get(correction.doc_id)
        if doc is None:
            return None
        call(self.url, self.es.index, index=self.names.alias(Kind.CORRECTIONS),
             id=wb.correction_id(correction.doc_id, correction.member),
             document=wb.correction_to_source(correction), refresh=True)
        self.upsert(doc)  # the writer applies every correction of the document
        self.writer.dirty = True
        return doc

    def delete_correction(self, doc_id: str, member: str) -> bool:
        self._read_ready()
        try:
            self.es.delete(index=self.names.alias(Kind.CORRECTIONS),
                           id=wb.correction_id(doc_id, member), refresh=True)
        except elasticsearch.NotFoundError as exc:
            if "index_not_found" in str(exc.body):
                raise StoreError(describe(exc, self.url)) from exc
            return False
        except ERRORS as exc:
            raise StoreError(describe(exc, self.url)) from exc
        doc = self.get(doc_id)
        if doc is not None:
            self.upsert(doc)
        return True

    def corrections(self, doc_id: str | None = None, limit: int = 1000) -> list[Correction]:
        if limit <= 0:
            return []
        body = wb.corrections_body([doc_id] if doc_id is not None else None, limit)
        hits = self._search(Kind.CORRECTIONS, body)["hits"]["hits"]
        return [wb.correction_from_source(h["_source"]) for h in hits]

    def export(self, since: date | None = None, sources: list[str] | None = None
               ) -> Iterator[Document]:
        self._read_ready()
        from index.elastic.export import export_documents

        yield from export_documents(self.es, self.names.alias(Kind.DOCS), self.url, since, sources)

    def revisions(self, doc_id: str) -> list[Revision]:
        hits = self._search(Kind.REVISIONS, qry.revisions_body(doc_id))["hits"]["hits"]
        return [docsrc.revision_from_source(h["_source"]) for h in hits]

    def prune_revisions(self, keep: int) -> int:
        """Keep the newest ``keep`` revisions of every document; returns how many went."""
        def delete_ids(ids: list[str]) -> int:
            resp = call(self.url, self.es.delete_by_query, index=self.names.alias(Kind.REVISIONS),
                        query=qry.ids_query(ids), conflicts="proceed", refresh=True)
            return int(resp.get("deleted") or 0)
        return maintenance.prune(lambda body: self._search(Kind.REVISIONS, body), delete_ids,
                                 keep)

    def recent_documents(self, source: str, limit: int) -> list[Document]:
        if limit <= 0:
            return []
        hits = self._search(Kind.DOCS, qry.recent_body(source, limit))["hits"]["hits"]
        return [docsrc.doc_from_source(h["_source"]) for h in hits]

    def near_duplicates(self, doc: Document, threshold: float = 0.8) -> list[str]:
        """During an outage: no known duplicates (logged once per outage), so the crawler goes
        on to ``upsert``, whose spool keeps the page. Other errors are raised."""
        sig = list(doc.signature)
        if not sig:
            return []
        body = qry.near_duplicates_body(sig, threshold, doc.id or doc.ensure_id())
        try:
            resp = self._search(Kind.DOCS, body)
        except StoreError as exc:
            if not self._down:
                raise
            if not self._dup_outage_logged:
                log.warning("near duplicates not looked up while Elasticsearch is "
                            "unreachable (%s); documents keep their own story", exc)
                self._dup_outage_logged = True
            return []
        self._dup_outage_logged = False
        scored = []
        for h in resp["hits"]["hits"]:
            other = docsrc.signature_from_source(h["_source"])
            sim = similarity(sig, other)
            if sim + 1e-9 >= threshold:
                scored.append((-sim, h["_source"]["id"]))
        return [i for _, i in sorted(scored)]

    def stats(self) -> StoreStats:
        """Counts; during an outage only the pending count, with the reason in ``error``."""
        pending = self.writer.spool.pending()
        try:
            resp = self._search(Kind.DOCS, qry.stats_body())
        except StoreError as exc:
            if not self._unreachable(exc):
                raise
            return StoreStats(backend=self.backend, url=self.url, documents=0,
                              pending=pending, error=str(exc))
        aggs = resp.get("aggregations") or {}
        last = (aggs.get("last_fetched") or {}).get("hits", {}).get("hits") or []
        st = self.admin.state(Kind.DOCS)
        return StoreStats(
            backend=self.backend, url=self.url, documents=qry.total_of(resp),
            by_source=qry.terms_counts(aggs.get("by_source")),
            by_lang=qry.lang_counts(aggs, "by_lang"),
            last_published=(aggs.get("last_published") or {}).get("value_as_string"),
            last_fetched=last[0]["_source"]["record"]["fetched_at"] if last else None,
            pending=pending, schema_version=st.version)

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The latest runs; during an outage, the ones kept on disk meanwhile."""
        if limit <= 0:
            return []
        try:
            hits = self._search(Kind.RUNS, qry.runs_body(limit))["hits"]["hits"]
        except StoreError as exc:
            if not self._unreachable(exc):
                raise
            return self.run_spool.runs()[:limit]
        return [docsrc.run_from_source(h["_source"]) for h in hits]

    # -- alerts (read and written straight through: never spooled) ----------------------------

    def _alerts_ready(self) -> AlertsIndex:
        if not self._ready:
            self._prepare()
        return self._alerts

    def save_alert(self, alert: Alert) -> None:
        self._alerts_ready().save(alert)

    def alerts(self) -> list[Alert]:
        return self._alerts_ready().all()

    def get_alert(self, alert_id: str) -> Alert | None:
        return self._alerts_ready().get(alert_id)

    def delete_alert(self, alert_id: str) -> bool:
        return self._alerts_ready().delete(alert_id)

    def claim_alert_window(self, send: AlertSend, expected_end: datetime | None) -> bool:
        return self._alerts_ready().claim(send, expected_end)

    def finish_alert_send(self, send: AlertSend) -> None:
        self._alerts_ready().finish(send)

    def alert_sends(self, alert_id: str, limit: int = 20) -> list[AlertSend]:
        return self._alerts_ready().sends(alert_id, limit)
