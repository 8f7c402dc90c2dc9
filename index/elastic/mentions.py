"""Mentions over time and co-mentions: nested aggregations over ``mentions {member, count}``.

Each document carries one nested ``mentions`` object per member it names (count > 0), with
the document's day (published, else fetched) and its story. Aggregations are composite, paged
with ``after_key``, so no group is ever cut off:

* copies: (``date_histogram`` with ``calendar_interval``, member) -> ``sum`` of counts is the
  mention spans, the group's ``doc_count`` the documents (calendar weeks start on Monday);
* stories: (member, story) -> ``min`` day and ``max`` count: a syndicated story counts once,
  dated by its earliest copy, with the most mentions any copy has; those are bucketed here.

Buckets between a series' first and last non-empty bucket are filled with zeros.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from index.base import Bucket, Interval, MentionsQuery, MentionsResult, MentionUnit, Series
from index.buckets import bucket_start, fill_gaps
from index.elastic.mappings import DAY_FORMAT
from index.elastic.queries import range_clause

COMPOSITE_PAGE = 1000


def mentions_body(q: MentionsQuery, after: dict[str, Any] | None = None) -> dict[str, Any]:
    """``POST /{prefix}-docs/_search`` body: one page of composite groups."""
    filters: list[dict[str, Any]] = [{"exists": {"field": "mentioned"}}]
    if q.sources:
        filters.append({"terms": {"source": list(q.sources)}})
    if q.langs:
        filters.append({"terms": {"lang": list(q.langs)}})
    if q.members:
        filters.append({"terms": {"mentioned": list(dict.fromkeys(q.members))}})
    rng = range_clause("date", q.since, q.until)
    if rng is not None:
        filters.append(rng)
    member = {"member": {"terms": {"field": "mentions.member"}}}
    if q.unit == MentionUnit.STORIES:
        sources: list[dict[str, Any]] = [member, {"story": {"terms": {"field": "mentions.story"}}}]
        sub = {"first": {"min": {"field": "mentions.date", "format": DAY_FORMAT}},
               "spans": {"max": {"field": "mentions.count"}}}
    else:
        sources = [{"date": {"date_histogram": {"field": "mentions.date",
                                                "calendar_interval": q.interval.value,
                                                "format": DAY_FORMAT}}}, member]
        sub = {"spans": {"sum": {"field": "mentions.count"}}}
    composite: dict[str, Any] = {"size": COMPOSITE_PAGE, "sources": sources}
    if after is not None:
        composite["after"] = after
    wanted: list[dict[str, Any]] = []
    if q.members:
        wanted.append({"terms": {"mentions.member": list(dict.fromkeys(q.members))}})
    return {"size": 0, "query": {"bool": {"filter": filters}}, "aggs": {
        "mentions": {"nested": {"path": "mentions"}, "aggs": {
            "wanted": {"filter": {"bool": {"filter": wanted}}, "aggs": {
                "groups": {"composite": composite, "aggs": sub}}}}}}}


def composite_page(resp: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The groups of one page and the key to ask for the next (None: last page)."""
    groups = (((resp.get("aggregations") or {}).get("mentions") or {}).get("wanted") or {}
              ).get("groups") or {}
    buckets = list(groups.get("buckets") or [])
    after = groups.get("after_key") if buckets else None
    return buckets, after


class MentionsAccumulator:
    """Adds composite groups up into member -> bucket day -> [spans, documents]."""

    def __init__(self, interval: Interval) -> None:
        self.interval = interval
        self.cells: dict[str, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(lambda: [0, 0]))

    def add(self, groups: list[dict[str, Any]]) -> None:
        for g in groups:
            key = g["key"]
            spans = int((g.get("spans") or {}).get("value") or 0)
            if "story" in key:  # one story: bucketed by its earliest copy, counted once
                first = (g.get("first") or {}).get("value_as_string")
                if not first:
                    continue
                start = bucket_start(date.fromisoformat(first[:10]), self.interval).isoformat()
                cell, docs = self.cells[str(key["member"])][start], 1
            else:
                cell, docs = self.cells[str(key["member"])][str(key["date"])[:10]], g["doc_count"]
            cell[0] += spans
            cell[1] += int(docs)

    def result(self, q: MentionsQuery) -> MentionsResult:
        def total(m: str) -> int:
            return sum(v[0] for v in self.cells.get(m, {}).values())

        order = (list(dict.fromkeys(q.members)) if q.members
                 else sorted(self.cells, key=lambda m: (-total(m), m)))
        series = []
        for member in order:
            days = self.cells.get(member, {})
            buckets = [Bucket(date=d, mentions=v[0], documents=v[1])
                       for d, v in sorted(days.items())]
            series.append(Series(member=member, name=q.names.get(member, member),
                                 buckets=fill_gaps(buckets, q.interval)))
        return MentionsResult(interval=q.interval, series=series)


def co_mentions_body(member: str, limit: int) -> dict[str, Any]:
    """Members named in the same documents as ``member`` (itself excluded), most first."""
    return {"size": 0, "query": {"bool": {"filter": [{"term": {"mentioned": member}}]}},
            "aggs": {"co": {"terms": {"field": "mentioned", "size": limit,
                                      "exclude": [member],
                                      "order": [{"_count": "desc"}, {"_key": "asc"}]}}}}


def co_mentions_from(resp: dict[str, Any]) -> list[tuple[str, int]]:
    buckets = ((resp.get("aggregations") or {}).get("co") or {}).get("buckets") or []
    return [(str(b["key"]), int(b["doc_count"])) for b in buckets]
