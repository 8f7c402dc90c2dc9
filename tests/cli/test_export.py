"""`clusterwatch export`: JSON Lines of `show --json` objects, in id order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.sqlite import SqliteStore
from tests.cli.cliutil import Cli, fill_store, make_cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return make_cli(tmp_path, capsys, monkeypatch)


def test_export_every_document_as_show_json(cli: Cli) -> None:
    docs = fill_store(cli.store_url)
    code, out, _ = cli("export")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["id"] for d in lines] == sorted(d.id for d in docs)
    for line in lines:
        assert line == cli.json("show", line["id"], "--json")


def test_export_filters(cli: Cli) -> None:
    fill_store(cli.store_url)
    _, out, _ = cli("export", "--source", "other")
    assert [json.loads(x)["source"] for x in out.splitlines()] == ["other"]
    _, out, _ = cli("export", "--since", "2024-03-20")
    assert {json.loads(x)["published"] for x in out.splitlines()} == {"2024-03-20", "2024-04-01"}


def test_export_of_an_empty_store_prints_nothing(cli: Cli) -> None:
    SqliteStore(cli.store_url).close()  # an existing, empty store (a missing one is an error)
    code, out, err = cli("export")
    assert code == 0 and out == "" and err == ""
