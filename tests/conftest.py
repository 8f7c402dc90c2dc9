"""Shared fixtures. Evaluations against ../shared skip with a message when it is absent."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent

# property-based tests explore new inputs on developers' machines; in CI they replay a fixed
# set (derandomized), so a build is red only for a change, never for a lucky draw
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
SHARED = Path(os.environ.get("CLUSTERWATCH_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the evaluation data is not there."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"evaluation data not found at {p} (checkout without ../shared): skipped")
    return p


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for running the CLI in a subprocess against a temporary store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["CLUSTERWATCH_STORE"] = f"sqlite:///{tmp_path / 'store.db'}"
    env["CLUSTERWATCH_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(ROOT)
    yield env


@pytest.fixture
def python() -> str:
    return sys.executable
