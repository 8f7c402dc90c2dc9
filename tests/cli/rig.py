"""A served copy of the tests/ops fixture site and a config crawling it, for running
``clusterwatch nightly`` and ``crawl`` in real subprocesses (tests/cli/test_nightly.py,
tests/cli/test_crawl_lock.py)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from clusterwatch.devserver import SiteServer, serve_sites
from clusterwatch.ops.lock import lock_path, read_holder
from index.sqlite import SqliteStore

SITES = Path(__file__).resolve().parent.parent / "ops" / "sites"
ARTICLES = [f"/artykuly/{i}.html" for i in range(1, 7)]
CODE = "import sys; from clusterwatch.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass
class Rig:
    root: Path  # the served copy of tests/ops/sites
    server: SiteServer
    cfg: Path
    env: dict[str, str]
    python: str

    @property
    def data(self) -> Path:
        return Path(self.env["CLUSTERWATCH_DATA_DIR"])

    def store(self) -> SqliteStore:
        return SqliteStore(self.env["CLUSTERWATCH_STORE"])

    def start(self, *args: str, command: str = "nightly") -> subprocess.Popen[str]:
        return subprocess.Popen([self.python, "-c", CODE, "--config", str(self.cfg), command,
                                 *args], env=self.env, text=True, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    def run(self, *args: str, command: str = "nightly") -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.python, "-c", CODE, "--config", str(self.cfg), command,
                               *args], env=self.env, text=True, capture_output=True,
                              timeout=300, check=False)

    def restart_server(self) -> None:
        """Serve the same sites on the same port again, without the slow-page overrides."""
        port = int(self.server.url("nowiny").rsplit(":", 1)[1])
        self.server.stop()
        (self.root / "nowiny" / "_headers.yaml").unlink(missing_ok=True)
        self.server = SiteServer(self.root, {"nowiny": port}).start()

    def fetched(self, path: str) -> int:
        return sum(1 for r in self.server.requests("nowiny")
                   if r.path == path and r.status == 200)


def write_rig_config(cfg: Path, base: str, webhook: str | None, unreachable: bool) -> None:
    cfg.mkdir(exist_ok=True)
    extra = ('  - id: zamkniety\n    start_urls: ["http://127.0.0.1:9/"]\n'
             "    articles: ['/a/']\n") if unreachable else ""
    (cfg / "sources.yaml").write_text(
        f'sources:\n  - id: nowiny\n    start_urls: ["{base}/"]\n'
        "    articles: ['/artykuly/\\d+\\.html$']\n    language: pl\n" + extra, encoding="utf-8")
    (cfg / "members.yaml").write_text("members: []\n", encoding="utf-8")
    hook = f"  webhook_url: {webhook}\n" if webhook else ""
    (cfg / "settings.yaml").write_text(
        "crawl: {delay: 0, autothrottle: false, timeout: 30, retries: 1}\n"
        "nightly:\n  health_window: 5\n" + hook, encoding="utf-8")


def make_rig(tmp_path: Path, env: dict[str, str], python: str,
             slow: dict[str, float] | None = None, webhook: str | None = None,
             unreachable: bool = False) -> Rig:
    """Serve the fixture site (``slow``: path -> seconds before it answers); the caller stops
    ``rig.server``."""
    root = tmp_path / "sites"
    shutil.copytree(SITES, root)
    if slow:
        (root / "nowiny" / "_headers.yaml").write_text(
            "".join(f"{p}: {{delay: {d}}}\n" for p, d in slow.items()), encoding="utf-8")
    server = serve_sites(root)
    cfg = tmp_path / "cfg"
    write_rig_config(cfg, server.url("nowiny"), webhook, unreachable)
    return Rig(root, server, cfg, env, python)


def wait_for(cond: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


def holds_lock(rig: Rig, pid: int) -> bool:
    holder = read_holder(lock_path(rig.data))
    return holder.get("pid") == pid and not holder.get("released")
