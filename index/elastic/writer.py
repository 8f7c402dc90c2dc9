"""The write path: outcomes from the stored content hashes, revisions, bulk, spool on outage."""

from __future__ import annotations

import logging
import time
from typing import Any

from elasticsearch import Elasticsearch

from index.base import Revision, StoreError, UpsertOutcome
from index.elastic import documents as docsrc
from index.elastic.bulk import Action, BulkReport, Op, Spool, send
from index.elastic.client import ERRORS, describe, is_outage
from index.elastic.mappings import IndexNames, Kind
from pipeline.document import Document

log = logging.getLogger(__name__)

PREVIOUS_FIELDS = ["content_hash", "record_hash", "title", "body", "last_seen",
                   "record.fetched_at"]
MAX_REPORTED = 5


def outcome_and_revision(doc: Document, previous: dict[str, Any] | None
                         ) -> tuple[UpsertOutcome, Revision | None]:
    """NEW, UNCHANGED, or UPDATED with the previous version kept as a revision."""
    if previous is None:
        return UpsertOutcome.NEW, None
    if previous.get("content_hash") == docsrc.content_hash(doc):
        return UpsertOutcome.UNCHANGED, None
    seen = previous.get("last_seen") or (previous.get("record") or {}).get("fetched_at")
    rev = Revision(doc_id=doc.id, content_hash=str(previous.get("content_hash") or ""),
                   seen_at=_parse_dt(seen) if seen else doc.fetched_at,
                   title=previous.get("title"), text=str(previous.get("body") or ""))
    return UpsertOutcome.UPDATED, rev


def _parse_dt(value: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(value)


class Writer:
    def __init__(self, client: Elasticsearch, names: IndexNames, spool: Spool,
                 where: str) -> None:
        self.es, self.names, self.spool, self.where = client, names, spool, where
        self.dirty = False  # written since the last refresh: refresh before the next read
        self.rejected: list[str] = []  # ids refused by the last write
        self._seq = 0

    def write(self, docs: list[Document]) -> list[UpsertOutcome]:
        """Write a batch; on an outage spool it and answer NEW (it will be written later)."""
        try:
            outcomes, actions = self._plan(docs)
            report = send(self._bulk, actions)
        except StoreError as exc:
            if exc.__cause__ is None or not is_outage(exc.__cause__):
                raise
            n = self.spool.append(docs)
            log.warning("%s; %d document(s) spooled to %s", exc, n, self.spool.path)
            return [UpsertOutcome.NEW] * len(docs)
        self.dirty = True
        self._raise_failures(report)
        return outcomes

    def _plan(self, docs: list[Document]) -> tuple[list[UpsertOutcome], list[Action]]:
        previous = self._previous([d.id for d in docs])
        docs_index = self.names.alias(Kind.DOCS)
        rev_index = self.names.alias(Kind.REVISIONS)
        outcomes: list[UpsertOutcome] = []
        actions: list[Action] = []
        for doc in docs:  # a later copy of the same id in one batch sees the earlier one
            outcome, rev = outcome_and_revision(doc, previous.get(doc.id))
            outcomes.append(outcome)
            if rev is not None:
                self._seq += 1
                seq = time.time_ns() + self._seq
                rev_source = docsrc.revision_to_source(rev, seq)
                actions.append(Action(rev_index, f"{doc.id}-{seq}", rev_source))
            source = docsrc.doc_to_source(doc)
            old = previous.get(doc.id)
            if (outcome == UpsertOutcome.UNCHANGED and old is not None
                    and old.get("record_hash") == source["record_hash"]):
                # same content, same analysis: only note that it was seen again
                seen = {"last_seen": source["last_seen"]}
                actions.append(Action(docs_index, doc.id, seen, Op.UPDATE))
                old.update(seen)
                continue
            actions.append(Action(docs_index, doc.id, source))
            previous[doc.id] = {k: source[k] for k in PREVIOUS_FIELDS if k in source}
            previous[doc.id]["record"] = {"fetched_at": source["fetched_at"]}
        return outcomes, actions

    def _previous(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored content hash (and what a revision needs) of each id that exists."""
        unique = list(dict.fromkeys(ids))
        try:
            resp = self.es.mget(index=self.names.alias(Kind.DOCS), ids=unique,
                                source_includes=PREVIOUS_FIELDS)
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc
        return {d["_id"]: d.get("_source") or {} for d in resp["docs"] if d.get("found")}

    def _bulk(self, body: str) -> dict[str, Any]:
        try:
            return dict(self.es.bulk(operations=body).body)  # type: ignore[arg-type]
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc

    def _raise_failures(self, report: BulkReport) -> None:
        self.rejected = [doc_id for doc_id, _ in report.failures]
        if not report.failures:
            return
        for doc_id, reason in report.failures:
            log.error("document %s rejected by Elasticsearch: %s", doc_id, reason)
        shown = "; ".join(f"{i}: {r}" for i, r in report.failures[:MAX_REPORTED])
        raise StoreError(f"{len(report.failures)} document(s) rejected by Elasticsearch at "
                         f"{self.where} ({shown})")

    def flush_spool(self) -> int:
        """Send what an outage left in the spool; returns how many were sent."""
        docs = self.spool.take()
        if not docs:
            return 0
        log.info("sending %d spooled document(s)", len(docs))
        try:
            self.write(docs)  # on a new outage they go back to the spool
        except StoreError as exc:
            refused = set(self.rejected)
            keep = Spool(self.spool.path.with_name(self.spool.path.name + ".rejected"))
            keep.append(d for d in docs if d.id in refused)
            log.error("spooled documents refused (kept in %s): %s", keep.path, exc)
        finally:
            self.spool.done()
        return len(docs)

    def refresh_if_dirty(self) -> None:
        """Make this process's writes visible to its next search (reads are near real time)."""
        if not self.dirty:
            return
        index = ",".join(self.names.alias(k) for k in Kind)
        try:
            self.es.indices.refresh(index=index)
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc
        self.dirty = False
