"""Source health over a real SQLite store: fill rates, layout changes, silence, failures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from clusterwatch.ops.health import HealthFlag, health_to_json, source_health
from index.base import RunRecord, SourceRunStats, StoreError
from index.sqlite import SqliteStore
from pipeline.document import Document
from tests.ops.helpers import NOW, fill, make_config, open_test_store


def test_healthy_source_has_full_rates_and_no_flags(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)
    fill(store, "nowiny", 12, NOW - timedelta(days=1))
    [h] = source_health(store, config, now=NOW)
    assert h.ok and h.flags == []
    assert h.articles == 12 and h.window == 5 and h.baseline_window == 5
    assert h.fill_rates == {"body": 1.0, "title": 1.0, "date": 1.0, "author": 1.0}
    assert h.days_since_new == 0
    store.close()


def test_layout_change_drops_fill_rates_and_is_flagged(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny", "zpravy"], fill_rate_drop=0.5)
    store = open_test_store(config)
    start = NOW - timedelta(days=2)
    fill(store, "nowiny", 6, start)
    fill(store, "nowiny", 5, start + timedelta(hours=10), layout_ok=False, first=100)
    fill(store, "zpravy", 11, start)
    health = {h.source: h for h in source_health(store, config, now=NOW)}
    bad = health["nowiny"]
    assert bad.flags == [HealthFlag.FILL_RATE_DROP]
    assert bad.fill_rates["date"] == 0.0 and bad.baseline["date"] == 1.0
    assert bad.fill_rates["body"] == 1.0  # the body still came through
    assert any(p.startswith("date filled in 0%") for p in bad.problems)
    assert any(p.startswith("author filled in 0%") for p in bad.problems)
    assert health["zpravy"].ok
    block = health_to_json(list(health.values()))
    assert block["flagged"] == ["nowiny"] and block["ok"] is False
    store.close()


def test_too_few_articles_give_no_verdict(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)
    fill(store, "nowiny", 4, NOW - timedelta(days=1), layout_ok=False)
    [h] = source_health(store, config, now=NOW)
    assert h.ok and h.baseline_window == 0
    store.close()


def test_silent_source_flagged(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"], silent_days=7)
    store = open_test_store(config)
    fill(store, "nowiny", 3, NOW - timedelta(days=20))
    [h] = source_health(store, config, now=NOW)
    assert HealthFlag.SILENT in h.flags and h.days_since_new == 19
    assert "no new article for 19 days" in h.problems[0]
    store.close()


def test_unreached_and_never_productive_sources(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny", "zpravy", "neu"])
    store = open_test_store(config)
    fill(store, "nowiny", 3, NOW - timedelta(hours=5))
    run = RunRecord("r1", "nightly", NOW - timedelta(hours=1), NOW, "partial", [
        SourceRunStats("nowiny", fetched=3, unchanged=3),
        SourceRunStats("zpravy", reached=False, errors=["DNS lookup failed"]),
        SourceRunStats("neu", fetched=4, skipped=4)])
    store.add_run(run)
    health = {h.source: h for h in source_health(store, config, now=NOW)}
    assert health["nowiny"].ok
    assert health["zpravy"].flags == [HealthFlag.FAILED, HealthFlag.SILENT]
    assert "DNS lookup failed" in health["zpravy"].problems[0]
    assert health["neu"].flags == [HealthFlag.SILENT]
    assert health["neu"].problems == ["crawled, but no article stored yet"]
    store.close()


def test_new_articles_counted_from_run_records(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"], silent_days=3)
    store = open_test_store(config)
    fill(store, "nowiny", 2, NOW - timedelta(days=10))
    store.add_run(RunRecord("r", "nightly", NOW - timedelta(days=1), NOW - timedelta(days=1),
                            "ok", [SourceRunStats("nowiny", fetched=1, new=1)]))
    [h] = source_health(store, config, now=NOW)
    assert h.days_since_new == 1 and h.ok
    store.close()


class _Counting(SqliteStore):
    """The real store, noting what the health check reads; a full scan fails the test."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.asked: list[tuple[str, int]] = []

    def recent_documents(self, source: str, limit: int) -> list[Document]:
        self.asked.append((source, limit))
        return super().recent_documents(source, limit)

    def export(self, since: date | None = None, sources: list[str] | None = None
               ) -> Iterator[Document]:
        raise AssertionError("the health check must not scan a whole source")


def test_health_reads_only_the_newest_window_of_each_source(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny", "zpravy"], fill_rate_drop=0.5)
    seed = open_test_store(config)
    start = NOW - timedelta(days=3)
    fill(seed, "nowiny", 25, start)  # older articles beyond both windows
    fill(seed, "nowiny", 5, start + timedelta(hours=30), layout_ok=False, first=100)
    seed.close()
    store = _Counting(config.settings.store)
    health = {h.source: h for h in source_health(store, config, now=NOW)}
    assert store.asked == [("nowiny", 10), ("zpravy", 10)]
    nowiny = health["nowiny"]
    assert nowiny.articles == 30  # the count comes from the store's stats, not the window
    assert nowiny.window == 5 and nowiny.baseline_window == 5
    assert nowiny.fill_rates["author"] == 0.0 and nowiny.baseline["author"] == 1.0
    assert nowiny.flags == [HealthFlag.FILL_RATE_DROP]
    assert health["zpravy"].articles == 0 and health["zpravy"].window == 0
    store.close()


class _Down(SqliteStore):
    def recent_documents(self, source: str, limit: int) -> list[Document]:
        raise StoreError("cannot reach the store: connection refused")


def test_store_outage_is_raised_to_the_caller(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = _Down(config.settings.store)
    with pytest.raises(StoreError, match="connection refused"):
        source_health(store, config, now=NOW)
    store.close()
