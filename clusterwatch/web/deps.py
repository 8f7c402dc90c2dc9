"""Everything a route needs, declared once: the app's state, the store, the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates

from clusterwatch.web.health import HealthCache
from clusterwatch.web.i18n import LOCALE_COOKIE, LOCALE_PARAM, Catalog
from clusterwatch.web.params import MAX_LIMIT, SearchParams, parse_int, search_params
from index.base import Store
from pipeline.settings import AppConfig


@dataclass
class WebState:
    """The app's long-lived parts, kept on ``app.state.web``.

    Route handlers run in a thread pool and call the store directly: both backends are safe
    to call from many threads (SQLite: one connection per thread; Elasticsearch's client).
    """

    config: AppConfig
    store: Store
    templates: Jinja2Templates
    catalog: Catalog
    health: HealthCache = field(default_factory=HealthCache)

    @property
    def page_size(self) -> int:
        return self.config.settings.server.page_size

    @property
    def member_names(self) -> dict[str, str]:
        return {m.id: m.name for m in self.config.registry}


def get_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


State = Annotated[WebState, Depends(get_state)]


def get_store(state: State) -> Store:
    return state.store


StoreDep = Annotated[Store, Depends(get_store)]


def get_locale(request: Request, state: State) -> str:
    return state.catalog.choose(request.query_params.get(LOCALE_PARAM),
                                request.cookies.get(LOCALE_COOKIE),
                                request.headers.get("accept-language"))


Locale = Annotated[str, Depends(get_locale)]


@dataclass
class RawSearch:
    """The search parameters as sent (validated by ``params.search_params``)."""

    q: str | None
    member: list[str]
    lang: list[str]
    source: list[str]
    since: str | None
    until: str | None
    sort: str | None
    page: str | None

    def parse(self, state: WebState, limit: int) -> SearchParams:
        return search_params(self.q, self.member, self.lang, self.source, self.since,
                             self.until, self.sort, self.page, limit, state.member_names)


def raw_search(
    q: Annotated[str | None, Query(description="words; base forms match inflections")] = None,
    member: Annotated[list[str], Query(description="member id (repeatable: any of)")] = [],  # noqa: B006
    lang: Annotated[list[str], Query(description="language code (repeatable)")] = [],  # noqa: B006
    source: Annotated[list[str], Query(description="source id (repeatable)")] = [],  # noqa: B006
    since: Annotated[str | None, Query(description="published on or after, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="published on or before, YYYY-MM-DD")] = None,
    sort: Annotated[str | None, Query(description="relevance (default) or date")] = None,
    page: Annotated[str | None, Query(description="result page, from 1")] = None,
) -> RawSearch:
    return RawSearch(q, member, lang, source, since, until, sort, page)


Raw = Annotated[RawSearch, Depends(raw_search)]


def page_search(raw: Raw, state: State) -> SearchParams:
    return raw.parse(state, state.page_size)


def api_search(
    raw: Raw, state: State,
    limit: Annotated[str | None, Query(description=f"hits per page, 1..{MAX_LIMIT}")] = None,
) -> SearchParams:
    return raw.parse(state, parse_int("limit", limit, state.page_size, 1, MAX_LIMIT))


PageSearch = Annotated[SearchParams, Depends(page_search)]
ApiSearch = Annotated[SearchParams, Depends(api_search)]


def template_context(request: Request, state: WebState, locale: str, **extra: Any
                     ) -> dict[str, Any]:
    """What every template gets: the translator, formatters and the language switch."""
    cat = state.catalog

    def t(key: str, **values: object) -> str:
        return cat.text(key, locale, **values)

    def switch(lang: str) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != LOCALE_PARAM]
        params.append((LOCALE_PARAM, lang))
        return f"{request.url.path}?{urlencode(params)}"

    return {"request": request, "t": t, "locale": locale, "languages": cat.languages,
            "switch_url": switch, "member_names": state.member_names,
            "source_names": {c.id: c.name or c.id for c in state.config.sources},
            "fdate": lambda v: cat.format_date(v, locale),
            "fdatetime": lambda v: cat.format_datetime(v, locale),
            "fnum": lambda n: cat.format_number(n, locale), **extra}
