"""An optional webhook: a JSON POST (urllib, bounded time); failures are logged, never fatal."""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

TIMEOUT = 10.0  # seconds, in total (connect, send, answer)
USER_AGENT = "clusterwatch-nightly/1"


def _redact(url: str) -> str:
    """The URL without credentials, path or query (webhook URLs often embed a secret)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}/…"


def post_json(url: str, payload: dict[str, Any], timeout: float = TIMEOUT) -> bool:
    """POST ``payload`` as JSON; True when the receiver answered 2xx within ``timeout``
    seconds in total (a receiver that answers one byte at a time is cut off too)."""
    if urlsplit(url).scheme not in ("http", "https"):
        log.error("webhook not sent: not an http(s) URL: %s", _redact(url))
        return False
    outcome: list[bool] = []
    worker = threading.Thread(target=lambda: outcome.append(_post(url, payload, timeout)),
                              name="webhook", daemon=True)  # left behind if it never ends
    worker.start()
    worker.join(timeout)
    if not outcome:
        log.error("webhook %s: no answer within %.0f s, given up", _redact(url), timeout)
        return False
    return outcome[0]


def _post(url: str, payload: dict[str, Any], timeout: float) -> bool:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status = int(resp.status)
    except urllib.error.HTTPError as exc:
        log.error("webhook %s answered %s", _redact(url), exc.code)
        return False
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.error("webhook %s failed: %s", _redact(url), getattr(exc, "reason", exc))
        return False
    if not 200 <= status < 300:
        log.error("webhook %s answered %s", _redact(url), status)
        return False
    log.info("webhook %s delivered", _redact(url))
    return True
