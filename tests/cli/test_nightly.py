"""`clusterwatch nightly` end to end: real subprocesses, the real Scrapy crawl of a fixture site
served on 127.0.0.1, a real SQLite store, SIGKILL mid-run, a layout change, a webhook."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from clusterwatch.ops.lock import lock_path, read_holder
from clusterwatch.ops.scheduler import DailyScheduler, subprocess_job
from tests.cli.rig import (
    ARTICLES,
    CODE,
    Rig,
    holds_lock,
    wait_for,
    write_rig_config,
)
from tests.ops.conftest import Receiver, serve_receiver

pytestmark = pytest.mark.slow


@pytest.fixture
def webhook() -> Iterator[Receiver]:
    with serve_receiver() as rec:
        yield rec


def test_two_at_once_one_exits_one_waits_nothing_doubles(rig_factory: Callable[..., Rig]) -> None:
    rig = rig_factory(slow={"/artykuly/3.html": 8})  # keeps the first run busy
    first = rig.start()
    wait_for(lambda: holds_lock(rig, first.pid))
    second = rig.run()  # exits at once with a message
    waiter = rig.start("--wait", "120", "--json")  # waits for the first, then runs
    assert second.returncode == 1
    assert f"not started: another job is running: nightly (pid {first.pid}" in second.stderr
    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    w_out, w_err = waiter.communicate(timeout=300)
    assert waiter.returncode == 0, w_err
    report = json.loads(w_out)
    assert report["totals"]["new"] == 0 and report["totals"]["fetched"] >= 0
    store = rig.store()
    assert store.stats().by_source == {"nowiny": 6}
    runs = store.runs()
    assert [r.status for r in runs] == ["ok", "ok"], [r.to_json() for r in runs]
    assert {r.kind for r in runs} == {"nightly"}
    log = [(r.path, r.status) for r in rig.server.requests("nowiny")]
    assert all(rig.fetched(p) == 1 for p in ARTICLES), log  # the waiter got 304s, not bodies
    store.close()


def test_killed_mid_run_then_restarted_loses_nothing(rig_factory: Callable[..., Rig]) -> None:
    rig = rig_factory(slow={"/artykuly/6.html": 60})  # hangs until the kill
    victim = rig.start()
    wait_for(lambda: any(r.path == "/" for r in rig.server.requests("nowiny")), 120)
    store = rig.store()  # the victim has created and migrated it by now
    wait_for(lambda: store.stats().documents >= 5, 120)
    time.sleep(0.5)  # the crawl state row follows each stored document: let the last one land
    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=30)
    [half] = store.runs()
    assert half.status == "running"  # killed mid-run, for sure
    assert read_holder(lock_path(rig.data))["pid"] == victim.pid  # the lock file stays behind
    rig.restart_server()
    again = rig.run("--json")
    assert again.returncode == 0, again.stderr
    assert "taking over a stale lock" in again.stderr
    report = json.loads(again.stdout)
    assert report["run"]["notes"]["stale_lock_of_pid"] == victim.pid
    assert store.stats().by_source == {"nowiny": 6}  # nothing lost, nothing doubled
    assert report["totals"]["new"] == 1
    runs = {r.id: r for r in store.runs()}
    assert len(runs) == 2 and runs[half.id].status == "failed"
    assert runs[half.id].notes["interrupted"] is True
    assert report["run"]["notes"]["closed_interrupted"] == [half.id]
    log = [(r.path, r.status) for r in rig.server.requests("nowiny")]
    assert all(rig.fetched(p) == 0 for p in ARTICLES[:5]), log  # stored ones: 304, no body
    store.close()


def test_layout_change_flagged_everywhere(rig_factory: Callable[..., Rig],
                                          webhook: Receiver) -> None:
    rig = rig_factory(webhook=webhook.url, unreachable=True)
    first = rig.run()
    assert first.returncode == 1  # one source unreachable; the other one still crawled
    assert "zamkniety" in first.stdout
    site = rig.root / "nowiny"
    links = []
    for page in sorted((site / "_nowy_uklad").glob("*.html")):
        shutil.copy(page, site / "artykuly" / page.name)
        links.append(f'<li><a href="/artykuly/{page.name}">nowy</a></li>')
    index = site / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</ul>", "\n".join(links)
                                                                + "</ul>"), encoding="utf-8")
    webhook.received.clear()
    second = rig.run("--json")
    assert second.returncode == 1, second.stderr
    report = json.loads(second.stdout)
    assert report["totals"]["new"] == 5, (report["run"], rig.server.requests("nowiny"))
    health = {h["source"]: h for h in report["health"]["sources"]}
    assert "fill_rate_drop" in health["nowiny"]["flags"]
    assert health["nowiny"]["fill_rates"]["date"] < health["nowiny"]["baseline"]["date"]
    assert health["zamkniety"]["flags"][0] == "failed"
    latest = json.loads((rig.data / "reports" / "latest.json").read_text(encoding="utf-8"))
    assert latest["run"]["id"] == report["run"]["id"]
    [payload] = webhook.received
    assert payload["failed_sources"] == ["zamkniety"]
    assert {f["source"] for f in payload["flagged"]} == {"nowiny", "zamkniety"}
    status = subprocess.run([rig.python, "-c", CODE, "--config", str(rig.cfg), "status",
                             "--json"], env=rig.env, text=True, capture_output=True,
                            timeout=120, check=False)
    assert status.returncode == 0, status.stderr
    flagged = json.loads(status.stdout)["health"]["flagged"]
    assert "nowiny" in flagged


def test_in_process_scheduler_runs_nightly_in_a_child(rig_factory: Callable[..., Rig],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """What `serve --nightly HH:MM` does: DailyScheduler + subprocess_job, for real."""
    rig = rig_factory()
    for key, value in rig.env.items():
        monkeypatch.setenv(key, value)
    at = (datetime.now() + timedelta(minutes=1)).strftime("%H:%M")
    due = datetime.combine(datetime.now().date(), datetime.strptime(at, "%H:%M").time())
    offset = due - datetime.now() - timedelta(seconds=0.3)
    sched = DailyScheduler(at=at, job=subprocess_job(str(rig.cfg), rig.env["CLUSTERWATCH_STORE"]),
                           clock=lambda: datetime.now() + offset)
    sched.start()
    try:
        wait_for(lambda: sched.last_result is not None or sched.last_error is not None, 300)
    finally:
        sched.stop()
    assert sched.last_error is None and sched.last_result == 0
    store = rig.store()
    assert store.stats().by_source == {"nowiny": 6}
    assert [r.kind for r in store.runs()] == ["nightly"]
    store.close()


@pytest.mark.parametrize("command", ["nightly", "reprocess"])
def test_unusable_data_folder_is_a_config_error(tmp_path: Path, cli_env: dict[str, str],
                                                python: str, command: str) -> None:
    cfg = tmp_path / "cfg"
    write_rig_config(cfg, "http://127.0.0.1:9", None, False)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**cli_env, "CLUSTERWATCH_DATA_DIR": str(blocker / "data")}
    done = subprocess.run([python, "-c", CODE, "--config", str(cfg), command], env=env,
                          text=True, capture_output=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "settings.yaml: data_dir: cannot create the run lock" in done.stderr
    assert "Traceback" not in done.stderr
