"""A small hostile web server on 127.0.0.1 and a way to crawl it with the real CLI.

Each route is a function of the request path answering ``(status, headers, body)``; a route
may also be a generator of body chunks with a pause (a slow drip). Nothing here fakes the
crawler: the Scrapy engine fetches over real HTTP, the store is a real SQLite file.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[str], Answer]

ARTICLE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>{title}</title>
</head><body><article><h1>{title}</h1><time datetime="2026-11-20">2026-11-20</time>
<p>Rada Miasta Kędzierzyna-Koźla zebrała się w ratuszu, aby omówić plan budżetu na przyszły
rok, w tym inwestycje w drogi, szkoły i komunikację miejską, o które od dawna apelowali
mieszkańcy osiedli położonych najdalej od centrum.</p>
<p>Radni przyjęli też harmonogram konsultacji społecznych, które potrwają do końca stycznia, a
urzędnicy przygotują w tym czasie szczegółowe zestawienie kosztów każdej z proponowanych
inwestycji, razem z oceną ich wpływu na środowisko.</p>
<p>Burmistrz zapowiedział, że wyniki konsultacji zostaną przedstawione na kolejnej sesji.</p>
</article></body></html>
"""
MEMBERS = {"members": [{"id": "grupa-azoty-zak", "name": "Grupa Azoty ZAK", "country": "PL",
                        "kind": "company"}]}


def html(body: str, status: int = 200) -> Answer:
    return status, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8")


def article(title: str) -> Answer:
    return html(ARTICLE.format(title=title))


def redirect(location: str, status: int = 302) -> Answer:
    return status, {"Location": location, "Content-Type": "text/html"}, b"moved"


def gzip_bomb(size: int) -> Answer:
    """A small gzip body that inflates to ``size`` bytes (sent as Content-Encoding)."""
    payload = gzip.compress(b"<html><body>" + b" " * size, compresslevel=9)
    return 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, payload


def links(*hrefs: str) -> Answer:
    items = "".join(f'<li><a href="{h}">{h}</a></li>' for h in hrefs)
    return html(f"<!DOCTYPE html><html><body><ul>{items}</ul></body></html>")


def not_found(_: str) -> Answer:
    return html("<html><body>not here</body></html>", 404)


@dataclass
class HostileServer:
    """``routes`` maps a path (exact) to a route; ``prefixes`` maps a path prefix to one."""

    routes: dict[str, Route] = field(default_factory=dict)
    prefixes: dict[str, Route] = field(default_factory=dict)
    drip: dict[str, tuple[int, float]] = field(default_factory=dict)  # path -> bytes, pause
    requests: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def route(self, path: str) -> Route:
        if path in self.routes:
            return self.routes[path]
        for prefix, fn in sorted(self.prefixes.items(), key=lambda kv: -len(kv[0])):
            if path.startswith(prefix):
                return fn
        return not_found

    def start(self) -> HostileServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                if self.path in owner.drip:
                    self._drip(*owner.drip[self.path])
                    return
                status, headers, body = owner.route(self.path)(self.path)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET  # noqa: N815 - a webhook receiver answers the same way

            def _drip(self, count: int, pause: float) -> None:
                """The whole answer, status line included, one byte at a time."""
                body = b" " * count
                raw = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
                try:
                    for i in range(len(raw)):
                        self.wfile.write(raw[i:i + 1])
                        self.wfile.flush()
                        time.sleep(pause)
                except OSError:
                    return
                self.close_connection = True

            def log_message(self, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def write_config(folder: Path, sources: list[dict[str, Any]], data_dir: Path,
                 crawl: dict[str, Any] | None = None, **settings: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    crawl_settings = {"delay": 0, "timeout": 5, "retries": 0, "max_page_bytes": 200_000,
                      "user_agent": "clusterwatch-test/1.0", "obey_robots": False,
                      "contact_url": "https://example.org/contact", **(crawl or {})}
    data = {"store": f"sqlite:///{data_dir / 'store.db'}", "data_dir": str(data_dir),
            "crawl": crawl_settings, **settings}
    for name, content in (("sources.yaml", {"sources": sources}), ("members.yaml", MEMBERS),
                          ("settings.yaml", data)):
        (folder / name).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return folder


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    def stats(self, source: str) -> dict[str, Any]:
        rec = self.record.get("run", self.record)  # nightly --json wraps the run record
        return next(s for s in rec["sources"] if s["source"] == source)


def cli(config: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> Run:
    """The real console entry point in a subprocess (one Twisted reactor per process)."""
    cmd = [sys.executable, "-m", "clusterwatch.cli", "--config", str(config), *args]
    proc = subprocess.run(cmd, env=env or clean_env(), capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or ROOT)
    return Run(proc.returncode, proc.stdout, proc.stderr)
