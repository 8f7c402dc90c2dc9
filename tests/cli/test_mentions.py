"""`clusterwatch mentions`: table, JSON (the contract's shape) and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli.cliutil import Cli, fill_store, make_cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    c = make_cli(tmp_path, capsys, monkeypatch)
    fill_store(c.store_url)
    return c


def test_json_shape_with_registry_names(cli: Cli) -> None:
    result = cli.json("mentions", "--member", "grupa-azoty-zak", "--format", "json")
    assert result == {"interval": "month", "series": [{
        "member": "grupa-azoty-zak", "name": "Grupa Azoty Zakłady Azotowe Kędzierzyn S.A.",
        "buckets": [{"date": "2024-03-01", "mentions": 1, "documents": 1},
                    {"date": "2024-04-01", "mentions": 2, "documents": 1}]}]}


def test_every_member_by_week_and_filters(cli: Cli) -> None:
    result = cli.json("mentions", "--interval", "week", "--format", "json")
    members = {s["member"]: s for s in result["series"]}
    assert set(members) == {"grupa-azoty-zak", "kkpp", "chem-ster"}
    assert members["chem-ster"]["buckets"] == [{"date": "2024-03-18", "mentions": 2,
                                                "documents": 1}]
    only = cli.json("mentions", "--source", "other", "--since", "2024-03-01", "--until",
                    "2024-12-31", "--format", "json")
    assert [s["member"] for s in only["series"]] == ["grupa-azoty-zak"]


def test_csv_columns(cli: Cli) -> None:
    code, out, _ = cli("mentions", "--interval", "year", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["member", "name", "date", "mentions", "documents"]
    assert ["grupa-azoty-zak", "Grupa Azoty Zakłady Azotowe Kędzierzyn S.A.", "2024-01-01",
            "3", "2"] in rows
    assert len(rows) == 4


def test_table_and_unknown_member(cli: Cli) -> None:
    code, out, _ = cli("mentions", "--member", "kkpp")
    assert code == 0
    assert out.splitlines()[0].split() == ["member", "name", "date", "mentions", "documents"]
    assert "2024-03-01" in out
    code, out, err = cli("mentions", "--member", "nobody")
    assert code == 2 and "members.yaml" in err and "nobody" in err
