"""`clusterwatch status`: store, counts, the last run of every source."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from index.base import RunRecord, SourceRunStats, StoreOptions
from index.sqlite import SqliteStore
from tests.cli.cliutil import T0, Cli, fill_store, make_cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    c = make_cli(tmp_path, capsys, monkeypatch)
    fill_store(c.store_url)
    store = SqliteStore(c.store_url, StoreOptions())
    store.add_run(RunRecord(id="old", kind="crawl", started=T0, finished=T0, status="ok",
                            sources=[SourceRunStats("portal", fetched=9, new=9),
                                     SourceRunStats("other", fetched=1, new=1)]))
    later = T0 + timedelta(days=1)
    store.add_run(RunRecord(id="new", kind="nightly", started=later, status="partial",
                            sources=[SourceRunStats("portal", fetched=4, new=1, failed=2,
                                                    errors=["HTTP 500 at /x"])]))
    store.close()
    return c


def test_status_json(cli: Cli) -> None:
    st = cli.json("status", "--json")
    assert {"store", "documents", "by_source", "by_lang", "pending", "runs"} <= set(st)
    assert st["documents"] == 3 and st["pending"] == 0
    assert st["by_source"] == {"portal": 2, "other": 1} and st["by_lang"] == {"pl": 2, "cs": 1}
    assert st["store"]["backend"] == "sqlite" and st["store"]["schema_version"] >= 1
    assert st["store"]["last_published"] == "2024-04-01"
    runs = {r["source"]: r for r in st["runs"]}
    assert runs["portal"]["run"] == "new" and runs["portal"]["failed"] == 2
    assert runs["portal"]["errors"] == ["HTTP 500 at /x"]
    assert runs["other"]["run"] == "old" and runs["other"]["status"] == "ok"


def test_status_table(cli: Cli) -> None:
    code, out, _ = cli("status")
    assert code == 0
    assert "documents:  3" in out and "schema" in out
    portal = next(line for line in out.splitlines() if line.startswith("portal"))
    assert "partial" in portal


def test_status_hides_credentials() -> None:
    from clusterwatch.cli.status import safe_url
    assert safe_url("https://elastic:s3cret@es.example:9200/?api_key=x") == \
        "https://es.example:9200/"
    assert safe_url("sqlite:///data/clusterwatch.db") == "sqlite:///data/clusterwatch.db"
