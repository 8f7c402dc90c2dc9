"""The write path: outcomes from the stored content hashes, revisions, bulk, spool on outage."""

from __future__ import annotations

import logging
import time
from typing import Any

from elasticsearch import Elasticsearch

from index.base import Correction, Revision, StoreError, UpsertOutcome
from index.corrections import apply_corrections, needs_applying
from index.elastic import documents as docsrc
from index.elastic import workbench as wb
from index.elastic.bulk import CHUNK_DOCS, Action, Op, Spool, send
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


class RejectedError(StoreError):
    """Elasticsearch refused some documents (the others were written)."""

    def __init__(self, message: str, ids: list[str]) -> None:
        super().__init__(message)
        self.ids = ids


class Writer:
    def __init__(self, client: Elasticsearch, names: IndexNames, spool: Spool,
                 where: str) -> None:
        self.es, self.names, self.spool, self.where = client, names, spool, where
        self.dirty = False  # written since the last refresh: refresh before the next read
        self.outage = False  # the last write found the cluster unreachable (and spooled)
        self._seq = 0

    def write(self, docs: list[Document]) -> list[UpsertOutcome]:
        """Write batch by batch; from an outage on, the rest goes to the spool and is
        answered SPOOLED (it is written later). Refused documents raise RejectedError once every
        batch was tried."""
        self.outage = False
        outcomes: list[UpsertOutcome] = []
        failures: list[tuple[str, str]] = []
        for start in range(0, len(docs), CHUNK_DOCS):
            batch = docs[start:start + CHUNK_DOCS]
            if not self.outage:
                try:
                    planned, actions = self._plan(batch)
                    report = send(self._bulk, actions)
                except StoreError as exc:
                    if exc.__cause__ is None or not is_outage(exc.__cause__):
                        raise
                    self.outage = True
                    log.warning("%s; spooling to %s", exc, self.spool.path)
                else:
                    self.dirty = True
                    failures += report.failures
                    outcomes += planned
                    continue
            self.spool.append(batch)
            outcomes += [UpsertOutcome.SPOOLED] * len(batch)
        self._raise_failures(failures)
        return outcomes

    def _plan(self, docs: list[Document]) -> tuple[list[UpsertOutcome], list[Action]]:
        previous = self._previous([d.id for d in docs])
        corrections = self._corrections([d.id for d in docs])
        for doc in docs:  # people's corrections of member links survive every rewrite
            if needs_applying(doc, corrections.get(doc.id, [])):
                apply_corrections(doc, corrections.get(doc.id, []))
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

    def _corrections(self, ids: list[str]) -> dict[str, list[Correction]]:
        body = wb.corrections_body(list(dict.fromkeys(ids)), wb.MAX_CORRECTIONS)
        try:
            resp = self.es.search(index=self.names.alias(Kind.CORRECTIONS), **body)
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc
        out: dict[str, list[Correction]] = {}
        for hit in resp["hits"]["hits"]:
            c = wb.correction_from_source(hit["_source"])
            out.setdefault(c.doc_id, []).append(c)
        return out

    def _bulk(self, body: str) -> dict[str, Any]:
        try:
            return dict(self.es.bulk(operations=body).body)  # type: ignore[arg-type]
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc

    def _raise_failures(self, failures: list[tuple[str, str]]) -> None:
        if not failures:
            return
        for doc_id, reason in failures:
            log.error("document %s rejected by Elasticsearch: %s", doc_id, reason)
        shown = "; ".join(f"{i}: {r}" for i, r in failures[:MAX_REPORTED])
        raise RejectedError(f"{len(failures)} document(s) rejected by Elasticsearch at "
                            f"{self.where} ({shown})", [i for i, _ in failures])

    def flush_spool(self) -> int:
        """Send what an outage left in the spool, in order and batch by batch; what cannot
        be sent goes back to the spool, what the cluster refuses is kept aside."""
        if not self.spool.take():
            return 0
        self.outage = False
        rejected = Spool(self.spool.path.with_name(self.spool.path.name + ".rejected"))
        sent = 0
        try:
            for batch in self.spool.batches(CHUNK_DOCS):
                if self.outage:
                    self.spool.append(batch)
                    continue
                try:
                    self.write(batch)  # on an outage it spools the batch and sets outage
                except RejectedError as exc:
                    refused = set(exc.ids)
                    rejected.append(d for d in batch if d.id in refused)
                    log.error("spooled documents refused (kept in %s): %s", rejected.path, exc)
                except StoreError:
                    self.spool.append(batch)
                    self.outage = True  # the rest goes back too; the error is raised below
                    raise
                sent += 0 if self.outage else len(batch)
        finally:
            self._respool_rest()
            self.spool.done()
        if sent:
            log.info("sent %d spooled document(s)", sent)
        return sent

    def _respool_rest(self) -> None:
        """After an error in the middle of a flush: the batches not yet read stay spooled."""
        for batch in self.spool.remaining():
            self.spool.append(batch)

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
