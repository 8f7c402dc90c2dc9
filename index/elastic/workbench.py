"""Request bodies of the analyst workbench on Elasticsearch: entity counts (a ``terms``
aggregation over the document's organisations, places or persons keyword field) and
corrections of member links (their own small index, one document per document and member)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from index.base import Correction, EntitiesQuery, EntityCount
from index.elastic.queries import range_clause

MAX_CORRECTIONS = 10_000  # one request's worth; corrections are made by hand


def entities_body(q: EntitiesQuery) -> dict[str, Any]:
    """``POST /{prefix}-docs/_search``: documents per name, most first, ties by name."""
    filters: list[dict[str, Any]] = []
    rng = range_clause("date", q.since, q.until)
    if rng is not None:
        filters.append(rng)
    for field, values in (("source", q.sources), ("lang", q.langs)):
        if values:
            filters.append({"terms": {field: list(dict.fromkeys(values))}})
    if q.with_members:
        filters.append({"exists": {"field": "mentioned"}})
    size = len(q.names) if q.names else max(1, q.top)
    terms: dict[str, Any] = {"field": q.kind.field, "size": size,
                             "shard_size": max(size * 5, 100),
                             "order": [{"_count": "desc"}, {"_key": "asc"}]}
    if q.names:
        terms["include"] = list(dict.fromkeys(q.names))
    if q.exclude:
        terms["exclude"] = list(dict.fromkeys(q.exclude))
    return {"size": 0, "query": {"bool": {"filter": filters}},
            "aggs": {"names": {"terms": terms}}}


def entities_from(resp: dict[str, Any], q: EntitiesQuery) -> list[EntityCount]:
    if not q.names and q.top <= 0:
        return []
    buckets = ((resp.get("aggregations") or {}).get("names") or {}).get("buckets") or []
    return [EntityCount(str(b["key"]), int(b["doc_count"])) for b in buckets]


def correction_id(doc_id: str, member: str) -> str:
    return f"{doc_id}:{member}"


def correction_to_source(c: Correction) -> dict[str, Any]:
    return {"doc_id": c.doc_id, "member": c.member, "action": c.action.value, "who": c.who,
            "why": c.why, "at": (c.at or datetime.now().astimezone()).isoformat()}


def correction_from_source(source: dict[str, Any]) -> Correction:
    return Correction.from_json(source)


def corrections_body(doc_ids: list[str] | None, limit: int) -> dict[str, Any]:
    """Corrections of some documents (or all), newest first."""
    query: dict[str, Any] = ({"terms": {"doc_id": list(dict.fromkeys(doc_ids))}}
                             if doc_ids is not None else {"match_all": {}})
    return {"size": max(0, min(limit, MAX_CORRECTIONS)), "query": query,
            "sort": [{"at": "desc"}, {"doc_id": "asc"}, {"member": "asc"}]}
