"""A webhook receiver on 127.0.0.1 (``serve_receiver``), and the ``webhook`` fixture."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Receiver:
    """Records every POST; answers ``status`` after ``delay`` seconds."""

    url: str = ""
    status: int = 204
    delay: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    got: threading.Event = field(default_factory=threading.Event)


@contextmanager
def serve_receiver() -> Iterator[Receiver]:
    rec = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            rec.headers.append({k.lower(): v for k, v in self.headers.items()})
            rec.received.append(json.loads(body.decode("utf-8")))
            rec.got.set()
            time.sleep(rec.delay)
            self.send_response(rec.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    rec.url = f"http://127.0.0.1:{server.server_address[1]}/hook/s3cret"
    try:
        yield rec
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def webhook() -> Iterator[Receiver]:
    with serve_receiver() as rec:
        yield rec
