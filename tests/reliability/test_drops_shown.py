"""Dropped pages are shown wherever a run is: the sources page and /api/status (the web app
over a real SQLite store), escaped like every other crawled string."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clusterwatch.web import create_app
from index.base import RunRecord, SourceRunStats, StoreOptions
from index.factory import open_store
from tests.web.conftest import write_config


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    config = write_config(tmp_path / "config", url)
    store = open_store(url, StoreOptions(data_dir=str(tmp_path / "data")))
    now = datetime.now(timezone.utc)
    store.add_run(RunRecord("run-1", "nightly", now - timedelta(hours=1), now, "partial", [
        SourceRunStats("nto", fetched=3, new=1, dropped={
            "redirect loop": 2, "trap guard": 5, "<script>alert(1)</script>": 1})]))
    with TestClient(create_app(config, store, warm_health=False)) as c:
        yield c
    store.close()


def test_sources_page_shows_dropped_counts_by_reason(client: TestClient) -> None:
    html = client.get("/sources", headers={"accept-language": "en"}).text
    assert "<th class=\"num\">Dropped</th>" in html
    assert "redirect loop: 2" in html and "trap guard: 5" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: 1" in html


def test_api_status_has_dropped_and_lost(client: TestClient) -> None:
    [run] = [r for r in client.get("/api/status").json()["runs"] if r["source"] == "nto"]
    assert run["dropped"]["redirect loop"] == 2
    assert run["lost"] == 3  # the trap guard refusing a listing is benign
