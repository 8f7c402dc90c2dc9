"""`clusterwatch alerts` in real subprocesses: add, list, preview, run, remove; bad input; and a
process killed between delivery and recording (SIGKILL) never sends a second copy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone

from index.alerts import SendStatus
from tests.alerts.conftest import Inbox, World, seed
from tests.conftest import ROOT

CODE = "import sys; from clusterwatch.cli import main; sys.exit(main(sys.argv[1:]))"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _args(world: World, *args: str) -> list[str]:
    return [sys.executable, "-c", CODE, "--config", str(world.config.dir), "alerts", *args]


def cli(world: World, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_args(world, *args), env=_env(), capture_output=True, text=True,
                          timeout=180, check=False)


def _smtp(inbox: Inbox) -> dict[str, object]:
    return {"host": inbox.host, "port": inbox.port, "security": "none"}


def test_add_list_preview_run_remove(world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    world.base = datetime.now(timezone.utc)
    seed(world)
    added = cli(world, "add", "Azoty watch", "--member", "azoty", "--email", "a@example.org",
                "b@example.org", "--every", "daily", "--at", "06:15")
    assert added.returncode == 0, added.stderr
    assert "alert 'Azoty watch' saved" in added.stdout
    (listed,) = [json.loads(x) for x in cli(world, "list", "--json").stdout.splitlines()]
    assert listed["name"] == "Azoty watch" and listed["members"] == ["azoty"]
    assert listed["emails"] == ["a@example.org", "b@example.org"]
    assert listed["every"] == "daily" and listed["at"] == "06:15" and listed["last_sent"] is None
    table = cli(world, "list").stdout
    assert "Azoty watch" in table and "daily 06:15" in table and "never" in table
    preview = cli(world, "preview", "Azoty watch")
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.startswith("Subject: Azoty watch: 2 new articles")
    assert "Nowa instalacja w ZAK" in preview.stdout
    dry = cli(world, "run", "--dry-run", "--json")
    (result,) = json.loads(dry.stdout)["alerts"]
    assert result["outcome"] == "dry_run" and result["count"] == 2
    assert not (world.tmp / "data" / "outbox").exists()  # a dry run sends nothing
    sent = cli(world, "run", "--json")
    assert sent.returncode == 0, sent.stderr
    (result,) = json.loads(sent.stdout)["alerts"]
    assert result["outcome"] == "sent" and result["channel"] == "outbox"
    assert len(list((world.tmp / "data" / "outbox").glob("*.eml"))) == 1
    (listed,) = [json.loads(x) for x in cli(world, "list", "--json").stdout.splitlines()]
    assert listed["last_count"] == 2 and listed["last_sent"]
    assert listed["last_delivery"] == "sent"
    assert cli(world, "remove", "Azoty watch").returncode == 0
    assert "no alerts" in cli(world, "list").stdout


def test_bad_input_exits_2_with_the_field_and_no_traceback(
        world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    cases = [
        (["add", "X", "--member", "nobody", "--email", "a@example.org"], "--member"),
        (["add", "X", "--query", "q", "--email", "a@example.org\r\nBcc: e@x.org"], "--email"),
        (["add", "X", "--query", "q", "--email", "a@example.org", "--at", "25:00"], "--at"),
        (["add", "X", "--email", "a@example.org"], "--query"),
        (["remove", "nothing"], "no alert named"),
        (["preview", "nothing"], "no alert named"),
    ]
    for args, needle in cases:
        proc = cli(world, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert needle in proc.stderr and "Traceback" not in proc.stderr
    assert cli(world, "add", "X", "--query", "q", "--email", "a@example.org").returncode == 0
    dup = cli(world, "add", "X", "--query", "other", "--email", "a@example.org")
    assert dup.returncode == 2 and "exists already" in dup.stderr


def test_killed_between_delivery_and_record_never_sends_twice(
        world_factory: Callable[..., World], inbox: Inbox) -> None:
    world = world_factory(_smtp(inbox))
    world.base = datetime.now(timezone.utc)
    seed(world)
    assert cli(world, "add", "Azoty watch", "--member", "azoty", "--email",
               "a@example.org").returncode == 0
    proc = subprocess.Popen(_args(world, "run"), env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    # the server has the whole message; the sender dies before it hears "250" or records it
    inbox.on_data = lambda: os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=180)
    assert proc.returncode == -signal.SIGKILL
    assert len(inbox.envelopes) == 1
    inbox.on_data = None
    again = cli(world, "run", "--json")
    assert again.returncode == 0, again.stderr
    (result,) = json.loads(again.stdout)["alerts"]
    assert result["outcome"] == "nothing_new"
    assert len(inbox.envelopes) == 1  # no second copy
    (alert,) = world.store.alerts()
    statuses = [s.status for s in world.store.alert_sends(alert.id)]
    assert statuses == [SendStatus.SENT, SendStatus.SENDING]  # the check, then the unconfirmed
    (listed,) = [json.loads(x) for x in cli(world, "list", "--json").stdout.splitlines()]
    assert listed["last_delivery"] == "sending" and listed["last_sent"] is None
