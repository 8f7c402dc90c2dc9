"""The JSON API: the CLI's ``--json`` shapes over HTTP (OpenAPI at /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from clusterwatch.web.analysis import compare_params, entity_params
from clusterwatch.web.deps import ApiSearch, State, StoreDep
from clusterwatch.web.health import status_json
from clusterwatch.web.params import BadParameter
from clusterwatch.web.routes.documents import load_document
from clusterwatch.web.routes.workbench import compared
from clusterwatch.workbench.entities import entity_report, member_names
from clusterwatch.workbench.tables import entity_rows, mention_rows, to_csv

router = APIRouter(prefix="/api", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "a bad parameter: `{\"status\": 400, \"error\": \"since: not a date…\"}`"},
    503: {"description": "the store is unavailable"},
}


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
    source: Annotated[list[str], Query(description="source id (repeatable)")] = [],  # noqa: B006
    lang: Annotated[list[str], Query(description="language code (repeatable)")] = [],  # noqa: B006
    share: Annotated[str | None, Query(description="add each bucket's share of all members' "
                                                   "mentions (true/false)")] = None,
    by: Annotated[str | None, Query(description="source or lang: one series per member and "
                                                "source (or language)")] = None,
    search: Annotated[list[str], Query(description="saved search (alert) id, repeatable: "
                                                   "its matching articles as one more series")
                      ] = [],  # noqa: B006
    format: Annotated[str | None, Query(description="json (default) or csv")] = None,
) -> Response:
    fmt = _format(format)
    measure = "share" if _flag("share", share) else None
    p = compare_params(member, interval, unit, since, until, measure, by, source, lang,
                       state.member_names, search)
    result = compared(state, store, p)
    if fmt == "csv":
        name = f'mentions-{"-".join(p.mention.members)[:80] or "all"}-{p.mention.interval.value}'
        return _csv(to_csv(*mention_rows(result)), name)
    return JSONResponse(result.to_json())


@router.get("/entities", responses=ERRORS,
            summary="Most named organisations, places or persons (the `entities --json` shape)")
def api_entities(
    state: State,
    store: StoreDep,
    kind: Annotated[str | None, Query(description="org (default), place or person")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD; compared with the period "
                                                   "before")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    source: Annotated[list[str], Query(description="source id (repeatable)")] = [],  # noqa: B006
    lang: Annotated[list[str], Query(description="language code (repeatable)")] = [],  # noqa: B006
    top: Annotated[str | None, Query(description="how many names, 1..200")] = None,
    view: Annotated[str | None, Query(description="top (default) or prospects: non-member "
                                                  "organisations next to members")] = None,
    format: Annotated[str | None, Query(description="json (default) or csv")] = None,
) -> Response:
    fmt = _format(format)
    p = entity_params(kind, since, until, source, lang, top, view)
    report = entity_report(store, p.to_query(member_names(state.config.registry)))
    if fmt == "csv":
        return _csv(to_csv(*entity_rows(report)), f"entities-{p.kind.value}")
    return JSONResponse(report.to_json())


@router.get("/corrections", responses=ERRORS,
            summary="People's corrections of member links, newest first")
def api_corrections(store: StoreDep, doc: Annotated[str | None, Query(
        description="only this document's")] = None) -> JSONResponse:
    return JSONResponse({"corrections": [c.to_json() for c in store.corrections(doc)]})


def _format(value: str | None) -> str:
    fmt = (value or "json").strip().lower()
    if fmt not in ("json", "csv"):
        raise BadParameter("format", f"must be json or csv, got {fmt[:20]!r}")
    return fmt


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}.csv"'})


@router.get("/status", responses=ERRORS, summary="Store, document counts, last run per source")
def api_status(state: State, store: StoreDep) -> JSONResponse:
    return JSONResponse(status_json(state.config, store, state.health.get(state.config, store)))
