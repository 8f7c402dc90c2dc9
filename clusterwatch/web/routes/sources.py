"""Sources and runs: last crawl per source, articles found, failures, sources gone silent."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from clusterwatch.web.deps import Locale, State, StoreDep
from clusterwatch.web.respond import render

router = APIRouter(include_in_schema=False)

RUNS_SHOWN = 20


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, state: State, store: StoreDep, locale: Locale) -> HTMLResponse:
    snap = state.health.get(state.config, store)
    return render(request, state, locale, "sources.html", rows=snap.rows,
                  runs=snap.runs[:RUNS_SHOWN], stats=store.stats(),
                  silent_days=state.config.settings.nightly.silent_days)
