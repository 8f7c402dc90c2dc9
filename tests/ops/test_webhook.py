"""The webhook: a JSON POST to a real receiver; every failure logged and survived."""

from __future__ import annotations

import logging
import socket
import time

import pytest

from clusterwatch.ops.webhook import post_json
from tests.ops.conftest import Receiver


def test_posts_json(webhook: Receiver) -> None:
    assert post_json(webhook.url, {"event": "x", "text": "Kędzierzyn-Koźle"})
    assert webhook.received == [{"event": "x", "text": "Kędzierzyn-Koźle"}]
    assert webhook.headers[0]["content-type"].startswith("application/json")


def test_error_status_is_logged_not_raised(webhook: Receiver,
                                           caplog: pytest.LogCaptureFixture) -> None:
    webhook.status = 500
    with caplog.at_level(logging.ERROR):
        assert not post_json(webhook.url, {"a": 1})
    assert "answered 500" in caplog.text
    assert "s3cret" not in caplog.text  # the URL's secret path is not logged


def test_unreachable_and_bad_scheme(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    with caplog.at_level(logging.ERROR):
        assert not post_json(f"http://127.0.0.1:{port}/x", {"a": 1})
        assert not post_json("file:///etc/passwd", {"a": 1})
    assert "not an http(s) URL" in caplog.text


def test_slow_receiver_times_out(webhook: Receiver) -> None:
    webhook.delay = 3.0
    start = time.monotonic()
    assert not post_json(webhook.url, {"a": 1}, timeout=0.5)
    assert time.monotonic() - start < 2.5
