"""The analyst workbench pages: compare members on one time axis, the most named entities
(and the prospects: non-members named next to members), corrections of member links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from clusterwatch.web import csrf
from clusterwatch.web.analysis import (
    CompareParams,
    EntityParams,
    compare_params,
    entity_params,
)
from clusterwatch.web.deps import Locale, State, StoreDep, WebState
from clusterwatch.web.lines import LineChart, build_lines
from clusterwatch.web.params import DOC_ID, BadParameter
from clusterwatch.web.respond import render
from clusterwatch.workbench.entities import entity_report, member_names
from index.base import Correction, CorrectionAction, Interval, MentionsResult, Series, Store
from index.compare import compare, saved_search_series
from index.corrections import clean

router = APIRouter(include_in_schema=False)
Multi = Annotated[list[str], Query()]


def compared(state: WebState, store: Store, p: CompareParams) -> MentionsResult:
    query = p.to_query(state.member_names)
    only_searches = bool(p.searches) and not p.mention.members  # no member: every member
    result = (MentionsResult(interval=query.interval, series=[]) if only_searches
              else compare(store, query, share=p.share, by=p.by))
    for alert_id in p.searches:
        alert = store.get_alert(alert_id)
        if alert is None:
            raise BadParameter("search", f"no saved search {alert_id[:64]!r}")
        result.series.append(saved_search_series(store, alert, query))
    return result


def _chart(state: WebState, locale: str, p: CompareParams, result: MentionsResult
           ) -> LineChart:
    cat = state.catalog
    interval = p.mention.interval

    def label(d: str) -> str:
        if interval is Interval.YEAR:
            return d[:4]
        return cat.format_month(d, locale, with_day=interval in (Interval.DAY, Interval.WEEK))

    def name(s: Series) -> str:
        return f"{s.name} · {s.group}" if s.group else s.name

    return build_lines(result.series, interval, p.measure, label, name)


def _compare_args(state: WebState, member: list[str], interval: str | None, unit: str | None,
                  since: str | None, until: str | None, measure: str | None, by: str | None,
                  source: list[str], lang: list[str], search: list[str]) -> CompareParams:
    return compare_params(member, interval, unit, since, until, measure, by, source, lang,
                          state.member_names, search)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, state: State, store: StoreDep, locale: Locale,
                 member: Multi = [], interval: str | None = None,  # noqa: B006
                 unit: str | None = None, since: str | None = None, until: str | None = None,
                 measure: str | None = None, by: str | None = None,
                 source: Multi = [], lang: Multi = [],  # noqa: B006
                 search: Multi = []) -> HTMLResponse:  # noqa: B006
    p = _compare_args(state, member, interval, unit, since, until, measure, by, source, lang,
                      search)
    result = compared(state, store, p) if p.anything else None
    chart = _chart(state, locale, p, result) if result else LineChart()
    return render(request, state, locale, "compare.html", params=p, chart=chart,
                  intervals=[i.value for i in Interval],
                  members=sorted(state.member_names.items(), key=lambda kv: kv[1].casefold()),
                  saved=[(a.id, a.name) for a in store.alerts()],
                  sources=[(c.id, c.name or c.id) for c in state.config.sources],
                  csv_url=p.url("/api/mentions", format="csv",
                                share="1" if p.share else "0"),
                  svg_url=p.url("/compare.svg"))


@router.get("/compare.svg")
def compare_svg(request: Request, state: State, store: StoreDep, locale: Locale,
                member: Multi = [], interval: str | None = None,  # noqa: B006
                unit: str | None = None, since: str | None = None, until: str | None = None,
                measure: str | None = None, by: str | None = None,
                source: Multi = [], lang: Multi = [],  # noqa: B006
                search: Multi = []) -> Response:  # noqa: B006
    p = _compare_args(state, member, interval, unit, since, until, measure, by, source, lang,
                      search)
    if not p.anything:
        raise BadParameter("member", "name at least one member or saved search to compare")
    chart = _chart(state, locale, p, compared(state, store, p))
    page = render(request, state, locale, "compare.svg", params=p, chart=chart)
    return Response(page.body, media_type="image/svg+xml", headers={
        "content-disposition": 'attachment; filename="compare.svg"'})


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, state: State, store: StoreDep, locale: Locale,
                  kind: str | None = None, since: str | None = None, until: str | None = None,
                  source: Multi = [], lang: Multi = [],  # noqa: B006
                  top: str | None = None, view: str | None = None) -> HTMLResponse:
    p: EntityParams = entity_params(kind, since, until, source, lang, top, view)
    report = entity_report(store, p.to_query(member_names(state.config.registry)))
    return render(request, state, locale, "entities.html", params=p, report=report,
                  sources=[(c.id, c.name or c.id) for c in state.config.sources],
                  csv_url=p.url("/api/entities", format="csv"))


@router.post("/documents/{doc_id}/links")
def correct_link(doc_id: str, request: Request, state: State, store: StoreDep,
                 member: Annotated[str, Form()], action: Annotated[str, Form()],
                 why: Annotated[str, Form()] = "", who: Annotated[str, Form()] = "",
                 csrf_token: Annotated[str, Form()] = "") -> RedirectResponse:
    """Remove a wrong member link, add a missed one, or undo a correction; back to the page."""
    csrf.check(request, csrf_token)
    if not DOC_ID.match(doc_id):
        raise HTTPException(404, f"no document with id {doc_id[:64]!r}")
    if member not in state.member_names:
        raise BadParameter("member", f"unknown member {member[:64]!r}")
    if action == "undo":
        store.delete_correction(doc_id, member)
    elif action in (CorrectionAction.REMOVE.value, CorrectionAction.ADD.value):
        c = clean(Correction(doc_id, member, CorrectionAction(action), who or "web", why))
        if store.add_correction(c) is None:
            raise HTTPException(404, f"no document with id {doc_id[:64]!r}")
    else:
        raise BadParameter("action", f"must be remove, add or undo, got {action[:20]!r}")
    return RedirectResponse(f"/documents/{doc_id}#links", status_code=303)
