"""The web application: built from the CLI's Context, or from an AppConfig and a Store."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from clusterwatch.web.deps import WebState
from clusterwatch.web.i18n import Catalog
from clusterwatch.web.render import safe_snippet, safe_url
from clusterwatch.web.respond import install_error_handlers
from clusterwatch.web.routes import alerts, api, documents, members, search, sources, workbench
from clusterwatch.web.security import SecurityMiddleware
from index.base import Store
from index.factory import open_store
from pipeline.settings import AppConfig

if TYPE_CHECKING:
    from clusterwatch.cli.context import Context

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             auto_reload=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["snippet"] = safe_snippet
    env.filters["safe_url"] = safe_url
    return Jinja2Templates(env=env)


def _resolve(source: Context | AppConfig, store: Store | None
             ) -> tuple[AppConfig, Store, Store | None]:
    """The config, the store, and the store the app opened itself (closed on shutdown)."""
    if isinstance(source, AppConfig):
        if store is not None:
            return source, store, None
        from clusterwatch.cli.context import Context

        options = Context(str(source.dir), _config=source).store_options()  # the CLI's options
        opened = open_store(source.settings.store, options)
        return source, opened, opened
    return source.config, store or source.store, None


def create_app(source: Context | AppConfig, store: Store | None = None, *,
               token: str | None = None, catalog: Catalog | None = None,
               warm_health: bool = True) -> FastAPI:
    """The app. With ``token`` set, every request must carry it (Bearer or Basic password).

    ``warm_health`` computes the sources page's health check in the background at start-up.
    """
    config, the_store, owned = _resolve(source, store)
    state = WebState(config, the_store, make_templates(), catalog or Catalog.load())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_health:
            state.health.warm(config, the_store)
        yield
        if owned is not None:
            owned.close()

    app = FastAPI(title="clusterwatch", version="0.1.0", lifespan=lifespan,
                  description="Press monitoring for an industry cluster: search, documents, "
                              "member mentions over time, crawl status.",
                  docs_url=None, redoc_url=None)  # the interactive docs load from a CDN: off
    app.state.web = state
    install_error_handlers(app)
    for module in (search, documents, members, sources, workbench, alerts, api):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(SecurityMiddleware, languages=state.catalog.languages, token=token)
    return app
