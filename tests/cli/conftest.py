"""Fixtures of the CLI tests that run `clusterwatch` in real subprocesses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.rig import Rig, make_rig


@pytest.fixture
def rig_factory(tmp_path: Path, cli_env: dict[str, str], python: str
                ) -> Iterator[Callable[..., Rig]]:
    """Makes rigs (a served fixture site and a config crawling it); stops their servers after."""
    rigs: list[Rig] = []

    def make(**kwargs: Any) -> Rig:
        rigs.append(make_rig(tmp_path, cli_env, python, **kwargs))
        return rigs[-1]

    yield make
    for rig in rigs:
        rig.server.stop()
