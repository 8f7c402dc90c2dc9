"""run_nightly with a stand-in crawl (the real Scrapy crawl is in tests/cli/test_nightly.py):
run records, reports, webhooks, interrupted runs, the lock. Real SQLite store, real files."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

import pytest

from clusterwatch.ops.health import HealthFlag
from clusterwatch.ops.lock import LockBusyError, RunLock, lock_path, read_holder
from clusterwatch.ops.nightly import run_nightly
from clusterwatch.ops.report import read_latest
from index.base import RunRecord, SourceRunStats, Store, StoreError
from index.sqlite import SqliteStore
from pipeline.document import Document
from pipeline.process import Processor
from pipeline.settings import AppConfig, ConfigError, NightlySettings, RetentionSettings
from tests.ops.conftest import Receiver
from tests.ops.helpers import article, fill, make_config, open_test_store

NO_PROCESSOR = cast(Processor, None)  # the stand-in crawl does not process pages


def fake_crawl(new_docs: dict[str, int], layout_ok: bool = True, unreachable: tuple[str, ...] = ()
               ) -> Callable[..., RunRecord]:
    """A crawl that stores ``new_docs[source]`` fresh articles and records the run like the
    real one (saved as running first, then finished)."""

    def crawl(config: AppConfig, store: Store, processor: Processor,
              source_ids: list[str] | None = None, kind: str = "crawl") -> RunRecord:
        start = datetime.now(timezone.utc)
        run = RunRecord(f"run-{start:%H%M%S%f}", kind, start)
        store.add_run(run)
        for sid in source_ids or []:
            stats = SourceRunStats(sid)
            if sid in unreachable:
                stats.reached, stats.errors = False, ["connection refused"]
            else:
                base = store.stats().by_source.get(sid, 0)
                for i in range(new_docs.get(sid, 0)):
                    store.upsert(article(sid, base + i, start + timedelta(seconds=i),
                                         layout_ok=layout_ok))
                    stats.fetched += 1
                    stats.new += 1
            run.sources.append(stats)
        run.finished, run.status = datetime.now(timezone.utc), "ok"
        store.add_run(run)
        return run

    return crawl


def _with(config: AppConfig, **nightly: Any) -> AppConfig:
    n = config.settings.nightly.model_copy(update=nightly)
    settings = config.settings.model_copy(update={"nightly": NightlySettings(**n.model_dump())})
    return AppConfig(config.dir, settings, config.sources, config.registry)


def test_run_recorded_and_reported(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny", "zpravy"])
    store = open_test_store(config)
    res = run_nightly(config, store, NO_PROCESSOR, crawl=fake_crawl({"nowiny": 3, "zpravy": 2}))
    assert res.exit_code == 0
    [stored] = store.runs()
    assert stored.id == res.run.id and stored.kind == "nightly" and stored.status == "ok"
    assert [(s.source, s.new) for s in stored.sources] == [("nowiny", 3), ("zpravy", 2)]
    assert stored.notes["pid"] > 0
    assert res.report_path is not None
    report = json.loads(res.report_path.read_text())
    assert res.report_path.name == f"run-{res.run.id}.json"
    assert report == read_latest(config.settings.data_dir)
    assert report["totals"]["new"] == 5 and report["exit_code"] == 0
    assert {h["source"] for h in report["health"]["sources"]} == {"nowiny", "zpravy"}
    assert read_holder(lock_path(config.settings.data_dir))["released"]  # lock let go cleanly
    store.close()


def test_unreachable_source_exit_1_others_stored(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny", "zpravy"])
    store = open_test_store(config)
    res = run_nightly(config, store, NO_PROCESSOR,
                      crawl=fake_crawl({"nowiny": 2}, unreachable=("zpravy",)))
    assert res.exit_code == 1
    assert res.report["failed_sources"] == ["zpravy"]
    assert store.stats().by_source == {"nowiny": 2}
    store.close()


def test_crashing_crawl_still_reports(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)

    def broken(config: AppConfig, store: Store, processor: Processor,
               source_ids: list[str] | None = None, kind: str = "crawl") -> RunRecord:
        store.add_run(RunRecord("half-started", kind, datetime.now(timezone.utc)))
        raise RuntimeError("reactor already ran")

    res = run_nightly(config, store, NO_PROCESSOR, crawl=broken)
    assert res.exit_code == 1 and res.run.status == "failed"
    assert "reactor already ran" in res.report["run"]["notes"]["error"]
    assert [(r.id, r.status) for r in store.runs()] == [("half-started", "failed")]  # one record
    with RunLock(lock_path(config.settings.data_dir)) as again:
        assert again.took_over is None  # released cleanly despite the crash
    store.close()


def test_layout_change_flagged_in_report_and_webhook(tmp_path: Path, webhook: Receiver) -> None:
    config = _with(make_config(tmp_path, ["nowiny", "zpravy"]), webhook_url=webhook.url)
    store = open_test_store(config)
    fill(store, "nowiny", 6, datetime.now(timezone.utc) - timedelta(days=2))
    fill(store, "zpravy", 6, datetime.now(timezone.utc) - timedelta(days=2))
    res = run_nightly(config, store, NO_PROCESSOR,
                      crawl=fake_crawl({"nowiny": 5}, layout_ok=False))
    health = {h.source: h for h in res.health}
    assert health["nowiny"].flags == [HealthFlag.FILL_RATE_DROP]
    assert res.report["health"]["flagged"] == ["nowiny"]
    assert res.exit_code == 0  # flags warn; they do not fail the run
    assert res.webhook_sent is True
    [payload] = webhook.received
    assert payload["event"] == "clusterwatch.nightly" and payload["run"] == res.run.id
    assert payload["flagged"][0]["source"] == "nowiny"
    assert "fill_rate_drop" in payload["flagged"][0]["flags"]
    assert "nowiny" in payload["text"]
    store.close()


def test_no_webhook_when_all_is_well_and_a_dead_one_is_not_fatal(tmp_path: Path,
                                                                 webhook: Receiver) -> None:
    config = _with(make_config(tmp_path, ["nowiny"]), webhook_url=webhook.url)
    store = open_test_store(config)
    res = run_nightly(config, store, NO_PROCESSOR, crawl=fake_crawl({"nowiny": 1}))
    assert res.webhook_sent is None and webhook.received == []
    webhook.status = 500
    res = run_nightly(config, store, NO_PROCESSOR,
                      crawl=fake_crawl({}, unreachable=("nowiny",)))
    assert res.webhook_sent is False and res.exit_code == 1  # logged, the run still reported
    assert len(webhook.received) == 1
    store.close()


def test_interrupted_run_closed_by_the_next(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)
    dead = RunRecord("killed", "nightly", datetime.now(timezone.utc) - timedelta(hours=3))
    store.add_run(dead)  # left "running" by a process that died
    other = RunRecord("crawl-live", "crawl", datetime.now(timezone.utc) - timedelta(hours=2),
                      notes={"pid": 1})  # a live pid of another kind of run: left alone
    store.add_run(other)
    res = run_nightly(config, store, NO_PROCESSOR, crawl=fake_crawl({"nowiny": 1}))
    assert res.interrupted == ["killed"]
    runs = {r.id: r for r in store.runs()}
    assert runs["killed"].status == "failed" and runs["killed"].notes["interrupted"] is True
    assert runs["crawl-live"].status == "running"
    assert runs[res.run.id].notes["closed_interrupted"] == ["killed"]
    store.close()


def test_lock_busy_runs_nothing(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)
    with RunLock(lock_path(config.settings.data_dir), job="reprocess"), \
            pytest.raises(LockBusyError, match="reprocess"):
        run_nightly(config, store, NO_PROCESSOR, crawl=fake_crawl({"nowiny": 1}))
    assert store.runs() == [] and store.stats().documents == 0
    store.close()


def test_bad_configuration_is_not_a_failed_run(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["nowiny"])
    store = open_test_store(config)

    def misconfigured(*args: Any, **kwargs: Any) -> RunRecord:
        raise ConfigError(tmp_path / "sources.yaml", "sources[0].articles", "bad regex")

    with pytest.raises(ConfigError, match=r"sources\.yaml"):  # the CLI turns it into exit 2
        run_nightly(config, store, NO_PROCESSOR, crawl=misconfigured)
    assert not (Path(config.settings.data_dir) / "reports").exists()
    with RunLock(lock_path(config.settings.data_dir)) as again:
        assert again.took_over is None
    store.close()


class _HealthAndPruningDown(SqliteStore):
    """Reads for the health check and revision pruning fail as in an outage; the rest works."""

    def recent_documents(self, source: str, limit: int) -> list[Document]:
        raise StoreError("cannot reach the store: read timed out")

    def prune_revisions(self, keep: int) -> int:
        raise StoreError("cannot reach the store: read timed out")


def test_outage_in_health_and_retention_still_reports(tmp_path: Path) -> None:
    base = make_config(tmp_path, ["nowiny"])
    settings = base.settings.model_copy(
        update={"retention": RetentionSettings(archive_days=None, revisions=2)})
    config = AppConfig(base.dir, settings, base.sources, base.registry)
    store = _HealthAndPruningDown(config.settings.store)
    res = run_nightly(config, store, NO_PROCESSOR, crawl=fake_crawl({"nowiny": 2}))
    assert res.exit_code == 0  # every source was reached; the report says what failed
    assert res.health == [] and res.report["health"]["sources"] == []
    assert "read timed out" in res.run.notes["health_error"]
    assert res.retention.revisions_removed is None
    assert res.retention.notes == ["pruning revisions failed: cannot reach the store: "
                                   "read timed out"]
    assert res.report_path is not None and res.report_path.exists()
    [stored] = store.runs()
    assert stored.status == "ok" and "health_error" in stored.notes
    store.close()
