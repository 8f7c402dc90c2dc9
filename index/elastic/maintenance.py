"""Revision pruning on Elasticsearch: which revisions go, and removing them in batches.

The revisions index is walked once in (doc_id, newest first) order with ``search_after``;
everything past the newest ``keep`` of a document is removed with ``_delete_by_query`` on an
``ids`` query, a batch at a time (the ids are the revisions' own ``_id``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from index.elastic import queries as qry

log = logging.getLogger(__name__)

DELETE_BATCH = 1000

Search = Callable[[dict[str, Any]], dict[str, Any]]
DeleteIds = Callable[[list[str]], int]


def surplus_revisions(search: Search, keep: int) -> Iterator[str]:
    """The ``_id`` of every revision beyond the newest ``keep`` of its document."""
    after: list[Any] | None = None
    current, seen = None, 0
    while True:
        hits = search(qry.revision_scan_body(after))["hits"]["hits"]
        for h in hits:
            doc_id = h["sort"][0]
            if doc_id != current:
                current, seen = doc_id, 0
            seen += 1
            if seen > keep:
                yield str(h["_id"])
        if len(hits) < qry.PAGE:
            return
        after = list(hits[-1]["sort"])


def prune(search: Search, delete_ids: DeleteIds, keep: int) -> int:
    """Remove the surplus revisions; how many went. The ids are gathered first, so deleting
    never shifts the pages still to be read."""
    doomed = list(surplus_revisions(search, max(0, keep)))
    removed = 0
    for start in range(0, len(doomed), DELETE_BATCH):
        removed += delete_ids(doomed[start:start + DELETE_BATCH])
    log.debug("pruned %d of %d surplus revision(s)", removed, len(doomed))
    return removed
