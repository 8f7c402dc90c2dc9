"""The search page: query box, filters, facets, highlighted snippets, sort, pagination."""

from __future__ import annotations

import math
from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from clusterwatch.web.deps import Locale, PageSearch, State, StoreDep
from clusterwatch.web.params import MAX_OFFSET
from clusterwatch.web.render import snippet_page
from clusterwatch.web.respond import render
from index.base import Hit, SortOrder, Store

router = APIRouter(include_in_schema=False)

FACET_KEYS = ("member", "source", "lang")
FACETS_SHOWN = 12
# more matches than this (a very common word): the embedded store estimates the facet counts
# from a spread sample of about this many, and the page marks them as estimates
FACET_SAMPLE = 5000
PAGINATED = frozenset({"application/pdf"})  # media types whose hits name a page


def page_window(page: int, pages: int, radius: int = 2) -> list[int | None]:
    """Page numbers to link: first, last and a window around ``page``; None marks a gap."""
    out: list[int | None] = []
    last = 0
    for n in sorted({1, pages, *range(max(1, page - radius), min(pages, page + radius) + 1)}):
        if last and n - last > 1:
            out.append(None)
        out.append(n)
        last = n
    return out


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, params: PageSearch, state: State, store: StoreDep,
                locale: Locale) -> HTMLResponse:
    # facets over the whole store cost ~0.5 s at 100,000 articles: not on the bare start page
    query = replace(params.to_query(facets=bool(params.q or params.filtered)),
                    facet_sample=FACET_SAMPLE)
    if not params.q:  # no words to rank by: the newest articles first
        query = replace(query, sort=SortOrder.DATE)
    result = store.search(query)
    seen = result.facets.get("source", {})
    sources = sorted({s.id for s in state.config.sources} | set(seen) | set(params.sources))
    langs = sorted(set(state.config.settings.pipeline.languages)
                   | set(result.facets.get("lang", {})) | set(params.langs))
    pages = max(1, math.ceil(min(result.total, MAX_OFFSET) / params.limit))
    facets = {k: sorted(result.facets.get(k, {}).items(), key=lambda kv: (-kv[1], kv[0]))
              [:FACETS_SHOWN] for k in FACET_KEYS}
    return render(request, state, locale, "search.html", params=params, result=result,
                  hit_pages=_hit_pages(store, result.hits),
                  pages=pages, window=page_window(min(params.page, pages), pages),
                  facets=facets, members=list(state.config.registry), sources=sources,
                  languages_seen=langs, facet_sample=FACET_SAMPLE)


def _hit_pages(store: Store, hits: list[Hit]) -> dict[str, int]:
    """Hit id -> the page of a paginated document its snippet comes from (only those hits
    are looked up)."""
    out: dict[str, int] = {}
    for hit in hits:
        if hit.media_type not in PAGINATED:
            continue
        doc = store.get(hit.id)
        page = snippet_page(hit.snippet, doc.text, doc.pages) if doc is not None else None
        if page is not None:
            out[hit.id] = page
    return out
