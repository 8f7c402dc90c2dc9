"""Run an expensive setup once per test session, even when pytest-xdist splits a module's tests
over several workers: the first worker computes under a file lock, the others read its result."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock


def run_once(factory: pytest.TempPathFactory, name: str,
             compute: Callable[[Path], dict[str, Any]]) -> tuple[Path, dict[str, Any]]:
    """``compute(folder)`` fills ``folder`` and returns JSON-able data; returns both."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = factory.mktemp(name)
        return folder, compute(folder)
    shared = factory.getbasetemp().parent  # one per session, shared by the workers
    folder = shared / name
    done = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            done.write_text(json.dumps(compute(folder)), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))
