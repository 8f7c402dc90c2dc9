"""Every document in id order: search_after over a point in time, never ``from`` past 10,000."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

import elasticsearch
from elasticsearch import Elasticsearch

from index.elastic import documents as docsrc
from index.elastic import queries as qry
from index.elastic.client import ERRORS, call
from pipeline.document import Document

log = logging.getLogger(__name__)

def _open_pit(es: Elasticsearch, index: str, where: str) -> str | None:
    """A point in time, or None where the server or the user's privileges do not offer it."""
    try:
        return str(es.open_point_in_time(index=index, keep_alive=qry.PIT_KEEP_ALIVE)["id"])
    except (elasticsearch.BadRequestError, elasticsearch.AuthorizationException,
            elasticsearch.NotFoundError) as exc:
        if "index_not_found" in str(getattr(exc, "body", "")):
            call(where, es.count, index=index)  # raises the clear "index missing" error
        log.info("no point in time at %s (%s): paging without one", where, exc.message)
        return None


def _fill_duplicates(es: Elasticsearch, index: str, where: str, docs: list[Document]) -> None:
    """``duplicates`` of one page of documents as ``get`` fills them, with one search."""
    stories = sorted({d.story_id for d in docs if d.story_id})
    members: dict[str, list[str]] = {}
    if stories:
        resp = call(where, es.search, index=index, **qry.stories_body(stories))
        for h in resp["hits"]["hits"]:
            src = h["_source"]
            members.setdefault(str(src.get("story_id")), []).append(str(src["id"]))
    for doc in docs:
        doc.duplicates = [i for i in members.get(doc.story_id or "", []) if i != doc.id]


def export_documents(es: Elasticsearch, index: str, where: str, since: date | None,
                     sources: list[str] | None) -> Iterator[Document]:
    pit = _open_pit(es, index, where)
    after: list[Any] | None = None
    try:
        while True:
            body = qry.export_body(since, sources, after, pit)
            resp = (call(where, es.search, **body) if pit is not None
                    else call(where, es.search, index=index, **body))
            pit = resp.get("pit_id", pit)
            hits = resp["hits"]["hits"]
            docs = [docsrc.doc_from_source(h["_source"]) for h in hits]
            _fill_duplicates(es, index, where, docs)
            yield from docs
            if len(hits) < qry.PAGE:
                return
            after = hits[-1]["sort"]
    finally:
        if pit is not None:
            try:
                es.close_point_in_time(id=pit)
            except ERRORS as exc:  # it expires on its own
                log.debug("closing the point in time failed: %s", exc)
