"""The JSON API: the CLI's ``--json`` shapes over HTTP (OpenAPI at /openapi.json)."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from clusterwatch.web.deps import ApiSearch, State, StoreDep
from clusterwatch.web.health import status_json
from clusterwatch.web.params import BadParameter, mention_params
from clusterwatch.web.routes.documents import load_document
from index.base import MentionsResult

router = APIRouter(prefix="/api", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "a bad parameter: `{\"status\": 400, \"error\": \"since: not a date…\"}`"},
    503: {"description": "the store is unavailable"},
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _ok(example: dict[str, Any], media: str = "application/json") -> dict[int | str, Any]:
    return {**ERRORS, 200: {"content": {media: {"example": example}}}}


SEARCH_EXAMPLE = {"total": 1, "hits": [{
    "id": "3f2a9c1d0b7e4a55", "url": "https://portal.example/art/1", "title": "…",
    "source": "nto", "lang": "pl", "published": "2024-03-14",
    "snippet": "… <mark>Azoty</mark> …", "members": ["grupa-azoty-zak"], "score": 7.1,
    "media_type": "text/html"}]}
DOCUMENT_EXAMPLE = {
    "id": "3f2a9c1d0b7e4a55", "url": "https://portal.example/art/1", "source": "nto",
    "lang": "pl", "title": "…", "author": None, "published": "2024-03-14", "text": "…",
    "members": [{"id": "grupa-azoty-zak", "count": 2}],
    "entities": [{"text": "Grupy Azoty ZAK", "label": "ORG", "start": 10, "end": 25,
                  "canonical": "Grupa Azoty ZAK", "member": "grupa-azoty-zak",
                  "field": "text"}],
    "organisations": ["Grupa Azoty ZAK"], "places": ["Kędzierzyn-Koźle"], "persons": [],
    "duplicates": []}
MENTIONS_EXAMPLE = {"interval": "month", "series": [{
    "member": "grupa-azoty-zak", "name": "Grupa Azoty …",
    "buckets": [{"date": "2024-03-01", "mentions": 3, "documents": 2}]}]}


def _flag(param: str, value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text in ("", "0", "false", "no"):
        return False
    if text in ("1", "true", "yes"):
        return True
    raise BadParameter(param, f"must be true or false, got {text[:20]!r}")


def mentions_csv(result: MentionsResult) -> str:
    """One row per member and bucket; cells that a spreadsheet would run as formulas are quoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["member", "name", "date", "mentions", "documents"])
    for s in result.series:
        name = f"'{s.name}" if s.name.startswith(_FORMULA_START) else s.name
        for b in s.buckets:
            writer.writerow([s.member, name, b.date, b.mentions, b.documents])
    return out.getvalue()


@router.get("/search", responses=_ok(SEARCH_EXAMPLE),
            summary="Full-text search (the `search --json` shape)")
def api_search(params: ApiSearch, store: StoreDep,
               facets: Annotated[str | None, Query(description="also count hits per member, "
                                                   "source and language")] = None) -> JSONResponse:
    result = store.search(params.to_query(facets=_flag("facets", facets)))
    return JSONResponse(result.to_json())


@router.get("/documents/{doc_id}",
            responses={**_ok(DOCUMENT_EXAMPLE), 404: {"description": "unknown id"}},
            summary="One document (the `show --json` shape)")
def api_document(doc_id: str, store: StoreDep) -> JSONResponse:
    return JSONResponse(load_document(store, doc_id).to_json())


@router.get("/mentions", responses={**_ok(MENTIONS_EXAMPLE), 200: {"content": {
                "application/json": {"example": MENTIONS_EXAMPLE},
                "text/csv": {"example": "member,name,date,mentions,documents\n"
                                        "grupa-azoty-zak,Grupa Azoty …,2024-03-01,3,2\n"}}}},
            summary="Member mentions over time (the `mentions --format json` shape, or CSV)")
def api_mentions(
    state: State,
    store: StoreDep,
    member: Annotated[list[str], Query(description="member id (repeatable; none: all)")] = [],  # noqa: B006
    interval: Annotated[str | None, Query(description="day, week, month (default) or year")] = None,
    unit: Annotated[str | None, Query(description="copies (default) or stories")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    format: Annotated[str | None, Query(description="json (default) or csv")] = None,
) -> Response:
    fmt = (format or "json").strip().lower()
    if fmt not in ("json", "csv"):
        raise BadParameter("format", f"must be json or csv, got {fmt[:20]!r}")
    p = mention_params(member, interval, unit, since, until, state.member_names)
    result = store.mentions(p.to_query(state.member_names))
    if fmt == "csv":
        name = f'mentions-{"-".join(p.members)[:80] or "all"}-{p.interval.value}.csv'
        return Response(mentions_csv(result), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}"'})
    return JSONResponse(result.to_json())


@router.get("/status", responses=ERRORS, summary="Store, document counts, last run per source")
def api_status(state: State, store: StoreDep) -> JSONResponse:
    return JSONResponse(status_json(state.config, store, state.health.get(state.config, store)))
