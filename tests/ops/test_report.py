"""Run reports on disk: the run's file and latest.json, written atomically, read back."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from clusterwatch.ops.health import HealthFlag, SourceHealth
from clusterwatch.ops.report import build_report, read_latest, reports_dir, write_report
from index.base import RunRecord, SourceRunStats


def _run(run_id: str) -> RunRecord:
    t = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
    return RunRecord(run_id, "nightly", t, t, "partial", [
        SourceRunStats("nowiny", fetched=10, new=3, updated=1, unchanged=6),
        SourceRunStats("zpravy", reached=False, failed=1, errors=["connection refused"]),
    ])


def test_report_totals_health_and_files(tmp_path: Path) -> None:
    health = [SourceHealth("nowiny", articles=40),
              SourceHealth("zpravy", flags=[HealthFlag.FAILED], problems=["not reached"])]
    report = build_report(_run("r1"), health, 1)
    assert report["totals"] == {"fetched": 10, "new": 3, "updated": 1, "unchanged": 6,
                                "skipped": 0, "failed": 1, "dropped": {}, "lost": 0}
    assert report["failed_sources"] == ["zpravy"]
    assert report["health"]["flagged"] == ["zpravy"] and not report["health"]["ok"]
    path = write_report(tmp_path, report)
    assert path == reports_dir(tmp_path) / "run-r1.json"
    assert json.loads(path.read_text())["exit_code"] == 1
    assert read_latest(tmp_path) == json.loads(path.read_text())
    write_report(tmp_path, build_report(_run("r2"), [], 0))
    latest = read_latest(tmp_path)
    assert latest is not None and latest["run"]["id"] == "r2"
    assert sorted(p.name for p in reports_dir(tmp_path).iterdir()) == [
        "latest.json", "run-r1.json", "run-r2.json"]  # no temporary files left


def test_hostile_run_id_stays_in_the_folder(tmp_path: Path) -> None:
    path = write_report(tmp_path, build_report(_run("../../etc/x y"), [], 0))
    assert path.parent == reports_dir(tmp_path)
    assert "/" not in path.name and " " not in path.name


def test_missing_or_broken_latest(tmp_path: Path) -> None:
    assert read_latest(tmp_path) is None
    reports_dir(tmp_path).mkdir(parents=True)
    (reports_dir(tmp_path) / "latest.json").write_text("{not json")
    assert read_latest(tmp_path) is None


def test_store_url_credentials_never_reach_the_report() -> None:
    from clusterwatch.ops.report import redact_url

    assert redact_url("https://elastic:pa55@es.local:9200/?api_key=x") == "https://es.local:9200/"
    assert redact_url("sqlite:///data/clusterwatch.db") == "sqlite:///data/clusterwatch.db"
