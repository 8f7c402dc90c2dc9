"""One member: mentions over time (chart), latest articles, co-mentions, CSV download."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from clusterwatch.alerts.spikes import current_spikes
from clusterwatch.web.chart import build_chart
from clusterwatch.web.deps import Locale, State, StoreDep
from clusterwatch.web.params import mention_params
from clusterwatch.web.respond import render
from clusterwatch.workbench.suggest import suggest, yaml_snippet
from index.base import Interval, SearchQuery, SortOrder

router = APIRouter(include_in_schema=False)

LATEST = 10
CO_MENTIONS = 10


@router.get("/members/{member_id}", response_class=HTMLResponse)
def member_page(member_id: str, request: Request, state: State, store: StoreDep, locale: Locale,
                interval: str | None = None, unit: str | None = None,
                since: str | None = None, until: str | None = None) -> HTMLResponse:
    member = state.config.registry.get(member_id)
    if member is None:
        raise HTTPException(404, f"no member with id {member_id[:64]!r}")
    p = mention_params([member.id], interval, unit, since, until, state.member_names)
    result = store.mentions(p.to_query(state.member_names))
    latest = store.search(SearchQuery(members=[member.id], sort=SortOrder.DATE, limit=LATEST))
    co = store.co_mentions(member.id, CO_MENTIONS)
    spikes = current_spikes(store, member.id, member.name, state.config.settings.alerts)
    buckets = next((s.buckets for s in result.series if s.member == member.id), [])
    cat = state.catalog
    if p.interval is Interval.YEAR:
        def label(d: str) -> str:
            return d[:4]
    else:
        def label(d: str) -> str:
            return cat.format_month(d, locale, with_day=p.interval in (Interval.DAY, Interval.WEEK))
    chart = build_chart(buckets, p.interval, label)
    found = suggest(store, state.config.registry, member.id)
    csv_url = "/api/mentions?" + urlencode([*p.pairs(), ("format", "csv")])
    return render(request, state, locale, "member.html", member=member, params=p, chart=chart,
                  latest=latest, co=co, csv_url=csv_url, suggestions=found, spikes=spikes,
                  snippet=yaml_snippet(found),
                  compare_url="/compare?" + urlencode([("member", member.id)]),
                  intervals=[i.value for i in Interval], all_url=f"/search?member={member.id}")
