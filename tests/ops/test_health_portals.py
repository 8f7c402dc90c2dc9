"""Health flags for portals that change under us: no URL matches `articles` while listings
still answer (for `nightly.unmatched_runs` runs), and 403/429 answers. Synthetic run records over
a real SQLite store first; then a real nightly run (Scrapy over HTTP) on fixture portals, its
report and the sources page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from clusterwatch.ops.health import HealthFlag, source_health
from clusterwatch.web import create_app
from index.base import RunRecord, SourceRunStats, Store
from index.factory import open_store
from pipeline.settings import load_config
from tests.conftest import ROOT
from tests.crawler.portal_sites import serve_portals
from tests.ops.helpers import NOW, fill, make_config, open_test_store


def _runs(store: Store, stats_per_run: list[SourceRunStats]) -> None:
    for i, stats in enumerate(stats_per_run):  # oldest first
        started = NOW - timedelta(days=len(stats_per_run) - i)
        store.add_run(RunRecord(f"r{i}", "nightly", started, started + timedelta(minutes=5),
                                "ok", [stats]))


def _health(tmp_path: Path, stats: list[SourceRunStats], **nightly: int) -> tuple[
        list[HealthFlag], list[str]]:
    config = make_config(tmp_path, ["nowiny"], **nightly)
    store = open_test_store(config)
    fill(store, "nowiny", 3, NOW - timedelta(hours=30))
    _runs(store, stats)
    [h] = source_health(store, config, now=NOW)
    store.close()
    return h.flags, h.problems


def _unmatched() -> SourceRunStats:
    return SourceRunStats("nowiny", listings=4)


def test_articles_stopped_matching_for_n_runs(tmp_path: Path) -> None:
    flags, problems = _health(tmp_path, [_unmatched()] * 3, unmatched_runs=3)
    assert flags == [HealthFlag.UNMATCHED]
    assert problems == ["no URL matched `articles` in the last 3 runs although 12 listing pages "
                        "answered (the portal's URLs changed? run `clusterwatch sources check "
                        "--online --source nowiny`)"]


@pytest.mark.parametrize("older", [
    SourceRunStats("nowiny", listings=4, unchanged=5),  # articles matched (304s) a run ago
    SourceRunStats("nowiny", listings=0, reached=True),  # listings gave nothing: no evidence
])
def test_not_flagged_before_n_runs_of_evidence(tmp_path: Path, older: SourceRunStats) -> None:
    flags, _ = _health(tmp_path, [older, _unmatched(), _unmatched()], unmatched_runs=3)
    assert HealthFlag.UNMATCHED not in flags


def test_fewer_runs_than_n_give_no_verdict(tmp_path: Path) -> None:
    flags, _ = _health(tmp_path, [_unmatched()] * 2, unmatched_runs=3)
    assert flags == []


def test_refusals_in_the_latest_run_flagged(tmp_path: Path) -> None:
    flags, problems = _health(tmp_path, [SourceRunStats("nowiny", listings=1, fetched=2,
                                                        unchanged=2, refused=5)])
    assert flags == [HealthFlag.REFUSED]
    assert problems[0].startswith("refused 5 request(s) with HTTP 403/429 in the latest run")


def test_old_refusals_forgotten(tmp_path: Path) -> None:
    flags, _ = _health(tmp_path, [SourceRunStats("nowiny", refused=3, listings=1),
                                  SourceRunStats("nowiny", listings=2, fetched=3, new=1)])
    assert flags == []


@pytest.mark.slow
def test_nightly_report_and_sources_page(tmp_path: Path) -> None:
    portals = serve_portals(tmp_path)
    p, o = portals.url("portal"), portals.url("odmowa")
    sources = [
        {"id": "portal", "name": "Gazeta Kozielska", "start_urls": [f"{p}/aktualnosci/"],
         "follow": [r"/aktualnosci/(strona/\d+/)?$"],
         "articles": [r"/aktualnosci/[a-z0-9-]+,\d+\.html$"], "delay": 0},
        # the same portal under its old URL scheme: listings answer, no article matches
        {"id": "stary-schemat", "name": "Gazeta (stare wzorce)",
         "start_urls": [f"{p}/aktualnosci/"],
         "follow": [r"/aktualnosci/(strona/\d+/)?$"], "articles": [r"/artykuly/\d+$"],
         "delay": 0},
        {"id": "odmowa", "name": "Portal odmawiający", "start_urls": [f"{o}/"],
         "articles": [r"/artykul/"], "delay": 0},
    ]
    cfg = tmp_path / "config"
    cfg.mkdir()
    settings = {"store": f"sqlite:///{tmp_path / 'store.db'}", "data_dir": str(tmp_path / "data"),
                "nightly": {"unmatched_runs": 1},
                "crawl": {"delay": 0, "timeout": 30, "retries": 0, "archive": False,
                          "user_agent": "clusterwatch-test/1.0"}}
    (cfg / "settings.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    (cfg / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True),
                                      encoding="utf-8")
    (cfg / "members.yaml").write_text((ROOT / "config" / "members.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    try:
        proc = subprocess.run([sys.executable, "-m", "clusterwatch.cli", "--config", str(cfg),
                               "nightly", "--json"], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path, env=env)
    finally:
        portals.stop()
    assert proc.stdout.strip(), proc.stderr[-3000:]
    report = json.loads((tmp_path / "data" / "reports" / "latest.json").read_text())
    health = {h["source"]: h for h in report["health"]["sources"]}
    assert health["portal"]["flags"] == []
    assert health["stary-schemat"]["flags"][0] == "unmatched"
    assert "no URL matched `articles` in the last 1 runs" in health["stary-schemat"]["problems"][0]
    assert "refused" in health["odmowa"]["flags"]
    assert any("HTTP 403/429" in p for p in health["odmowa"]["problems"])
    stats = {s["source"]: s for s in report["run"]["sources"]}
    assert stats["stary-schemat"]["listings"] >= 2 and stats["stary-schemat"]["fetched"] == 0
    assert stats["odmowa"]["refused"] >= 1 and stats["portal"]["new"] == 12
    config = load_config(cfg)
    store = open_store(config.settings.store)
    try:
        with TestClient(create_app(config, store, warm_health=False)) as client:
            page = client.get("/sources?hl=en")
    finally:
        store.close()
    assert page.status_code == 200
    assert "refuses our crawler" in page.text and "articles no longer match" in page.text
    assert "HTTP 403/429" in page.text and "no URL matched" in page.text
