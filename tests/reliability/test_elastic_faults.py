"""Elasticsearch down or failing (the fake Elasticsearch HTTP server on 127.0.0.1, a closed
port for the outage, the real client and the real CLI in-process). Issue items 18-20; the
tests marked ``elasticsearch`` run against a real 8.x server (CLUSTERWATCH_TEST_ES_URL)."""

from __future__ import annotations

import json
import os
import socket
import uuid
from pathlib import Path

import pytest

from index.elastic import client as es_client
from tests.cli.cliutil import Cli, make_cli
from tests.index.test_elastic_fakeserver import FakeServer

ARTICLE_MD = """# Grupa Azoty ZAK uruchamia nową instalację

Spółka Grupa Azoty ZAK z Kędzierzyna-Koźla uruchomiła nową instalację plastyfikatorów, która
ma zwiększyć produkcję zakładu o jedną piątą i dać pracę kilkudziesięciu osobom z regionu.

Inwestycja kosztowała kilkaset milionów złotych; zakład zapowiada kolejne projekty w parku
przemysłowym oraz współpracę z lokalnymi szkołami technicznymi przy kształceniu kadr.
"""


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    for var in ("CLUSTERWATCH_ES_API_KEY", "CLUSTERWATCH_ES_USER", "CLUSTERWATCH_ES_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(es_client, "TRANSPORT_RETRIES", 0)  # fail at once, not after 15 s
    c = make_cli(tmp_path, capsys, monkeypatch)
    monkeypatch.setenv("CLUSTERWATCH_DATA_DIR", str(tmp_path / "data"))
    return c


def test_outage_spools_counts_keeps_runs_and_status_shows_pending(cli: Cli,
                                                                  tmp_path: Path) -> None:
    """Item 18: ingest while the cluster is down is 'spooled' (exit 0, nothing lost), the
    run record is kept, status and es status answer with the pending count, and the next
    command after the outage sends both."""
    port = _closed_port()
    cli.store_url = f"http://127.0.0.1:{port}"
    page = tmp_path / "azoty.md"
    page.write_text(ARTICLE_MD, encoding="utf-8")
    code, out, err = cli("ingest", str(page), "--source", "local", "--lang", "pl", "--json")
    assert code == 0, err
    [line] = [json.loads(x) for x in out.splitlines()]
    assert line["outcome"] == "spooled" and "failed" not in out

    code, out, err = cli("status", "--json")
    status = json.loads(out)
    assert code == 1  # the store could not be read: said, not hidden
    assert status["pending"] == 1 and status["documents"] is None
    assert "cannot reach Elasticsearch" in status["store"]["error"]
    [ingest_run] = status["recent_runs"]
    assert ingest_run["kind"] == "ingest" and ingest_run["sources"][0]["spooled"] == 1
    code, out, _ = cli("status")
    assert "UNREACHABLE" in out and "(pending 1)" in out
    code, out, _ = cli("es", "status", "--json")
    assert code == 1 and json.loads(out)["pending"] == 1

    with FakeServer(port=port) as (fake, _):
        code, out, err = cli("es", "init")  # creates the indices, then sends what waits
        assert code == 0, err
        assert "sent 1 spooled document(s)" in out
        code, out, err = cli("status", "--json")
        assert code == 0, err
        assert json.loads(out)["pending"] == 0
        assert len(fake.docs["clusterwatch-docs-v2"]) == 1  # docs index version 2
        assert ingest_run["id"] in fake.docs["clusterwatch-runs-v1"]


def test_errors_carry_the_root_cause(cli: Cli) -> None:
    """Item 19: 'all shards failed' alone does not say what to fix."""
    body = {"error": {
        "root_cause": [{"type": "query_shard_exception", "reason": "failed to create query"}],
        "type": "search_phase_execution_exception", "reason": "all shards failed",
        "failed_shards": [{"shard": 0, "index": "clusterwatch-docs-v1", "reason": {
            "type": "query_shard_exception", "reason": "failed to create query",
            "caused_by": {"type": "illegal_argument_exception",
                          "reason": "field [lemmas] of type [keyword] is not analysed"}}}]},
        "status": 400}
    with FakeServer() as (fake, url):
        cli.store_url = url
        assert cli("es", "init")[0] == 0
        fake.override("POST", r"/clusterwatch-docs/_search", lambda _: (400, body))
        code, _, err = cli("search", "azoty")
    assert code == 1 and "Traceback" not in err
    assert "search_phase_execution_exception: all shards failed" in err
    assert "root cause: illegal_argument_exception: field [lemmas]" in err


@pytest.mark.elasticsearch
def test_real_server_init_reports_what_it_created(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 19/20 against a real server: a fresh prefix is created by `es init`, not by
    opening the store; a second init finds every index."""
    url = os.environ.get("CLUSTERWATCH_TEST_ES_URL")
    if not url:
        pytest.skip("Elasticsearch tests skipped: set CLUSTERWATCH_TEST_ES_URL to run them")
    c = make_cli(tmp_path, capsys, monkeypatch)
    prefix = f"cwtest-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("CLUSTERWATCH_ELASTICSEARCH__INDEX_PREFIX", prefix)
    monkeypatch.setenv("CLUSTERWATCH_DATA_DIR", str(tmp_path / "data"))
    c.store_url = url
    try:
        code, out, err = c("es", "init")
        assert code == 0 and f"created {prefix}-docs-v" in out, err
        assert "every index exists" in c("es", "init")[1]
        assert c("status", "--json")[0] == 0
    finally:
        from index.base import StoreOptions
        from index.elastic import ElasticStore

        ElasticStore(url, StoreOptions(data_dir=str(tmp_path), index_prefix=prefix)).drop_all()
