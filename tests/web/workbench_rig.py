"""A store of its own for the workbench tests (they correct links, so they must not share the
session store of the other web tests): the fixture pages through the real pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from clusterwatch.web import create_app
from index.base import Store, StoreOptions
from index.factory import open_store
from tests.web.conftest import WebFixture, assign_stories, build_documents, write_config


def own_fixture(root: Path) -> WebFixture:
    url = f"sqlite:///{root / 'store.db'}"
    config = write_config(root / "config", url)
    store: Store = open_store(url, StoreOptions(data_dir=str(root / "data")))
    docs = build_documents(config)
    assign_stories(store, docs)
    return WebFixture(config, store, {d.url: d for d in docs})


def own_app(data: WebFixture) -> FastAPI:
    return create_app(data.config, data.store, warm_health=False)


def serve_own_store(tmp_path_factory: pytest.TempPathFactory, name: str
                    ) -> Iterator[WebFixture]:
    """Body of a module's ``data`` fixture: a store of its own, closed after the module."""
    fx = own_fixture(tmp_path_factory.mktemp(name))
    yield fx
    fx.store.close()
