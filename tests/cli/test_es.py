"""`clusterwatch es init|migrate|status` against the fake Elasticsearch on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.elastic import mappings
from index.elastic.mappings import Kind
from tests.cli.cliutil import Cli, make_cli
from tests.index.test_elastic_fakeserver import FakeES, FakeServer, Request


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    for var in ("CLUSTERWATCH_ES_API_KEY", "CLUSTERWATCH_ES_USER", "CLUSTERWATCH_ES_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    c = make_cli(tmp_path, capsys, monkeypatch)
    monkeypatch.setenv("CLUSTERWATCH_DATA_DIR", str(tmp_path / "data"))
    return c


def test_init_and_status(cli: Cli) -> None:
    with FakeServer() as (fake, url):
        cli.store_url = url
        code, out, err = cli("es", "init")
        assert code == 0, err
        assert "created clusterwatch-docs-v2" in out  # opening the store created nothing
        assert set(fake.indices) == {"clusterwatch-docs-v2", "clusterwatch-revisions-v1",
                                     "clusterwatch-runs-v1", "clusterwatch-corrections-v1",
                                     "clusterwatch-alerts-v1"}
        assert "every index exists" in cli("es", "init")[1]
        status = cli.json("es", "status", "--json")
        assert status["url"] == url and status["pending"] == 0
        docs = status["indices"][0]
        assert docs == {"kind": "docs", "alias": "clusterwatch-docs",
                        "indices": ["clusterwatch-docs-v2"], "version": 2, "wanted": 2,
                        "documents": 0}
        code, out, _ = cli("es", "status")
        assert code == 0 and "clusterwatch-runs-v1" in out


def test_migrate_reindexes_then_swaps_the_alias(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeES()
    with FakeServer(fake) as (_, url):
        cli.store_url = url
        assert cli("es", "init")[0] == 0
        fake.docs["clusterwatch-docs-v2"]["abc"] = {"id": "abc"}
        monkeypatch.setitem(mappings.VERSIONS, Kind.DOCS, 3)
        code, out, _ = cli("es", "status")
        assert code == 1  # an index behind its wanted version
        fake.requests.clear()
        code, out, err = cli("es", "migrate")
        assert code == 0, err
        assert "clusterwatch-docs-v3" in out
        (create,) = fake.sent("PUT", "/clusterwatch-docs-v3")
        assert "aliases" not in create.json and create.json["mappings"]["_meta"]["version"] == 3
        (reindex,) = fake.sent("POST", "/_reindex")
        assert reindex.query["wait_for_completion"] == "false"
        assert reindex.json["source"]["index"] == "clusterwatch-docs-v2"
        assert reindex.json["dest"]["index"] == "clusterwatch-docs-v3"
        (swap,) = fake.sent("POST", "/_aliases")
        assert swap.json == {"actions": [
            {"remove": {"index": "clusterwatch-docs-v2", "alias": "clusterwatch-docs"}},
            {"add": {"index": "clusterwatch-docs-v3", "alias": "clusterwatch-docs",
                     "is_write_index": True}}]}
        assert fake.aliases["clusterwatch-docs"] == ["clusterwatch-docs-v3"]
        assert fake.docs["clusterwatch-docs-v3"] == {"abc": {"id": "abc"}}
        assert "clusterwatch-docs-v2" in fake.indices  # kept unless --delete-old
        assert not fake.sent("PUT", "/clusterwatch-revisions-v.*")  # already current
        code, out, _ = cli("es", "migrate")
        assert code == 0 and "current version" in out


def test_a_short_copy_leaves_the_alias_alone(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeES()
    with FakeServer(fake) as (_, url):
        cli.store_url = url
        cli("es", "init")
        fake.docs["clusterwatch-docs-v2"]["abc"] = {"id": "abc"}
        monkeypatch.setitem(mappings.VERSIONS, Kind.DOCS, 3)

        def lose_everything(req: Request) -> tuple[int, object]:
            fake.tasks["t1"] = {"completed": True, "response": {"failures": []}}
            return 200, {"task": "t1"}

        fake.override("POST", "/_reindex", lose_everything)
        code, _, err = cli("es", "migrate")
        assert code == 1 and "copied 0 of 1" in err and "alias was not moved" in err
        assert fake.aliases["clusterwatch-docs"] == ["clusterwatch-docs-v2"]


def test_migrate_waits_for_no_one_and_refuses_while_a_job_runs(cli: Cli,
                                                               tmp_path: Path) -> None:
    from clusterwatch.ops.lock import RunLock, lock_path

    with FakeServer() as (_, url):
        cli.store_url = url
        with RunLock(lock_path(tmp_path / "data"), job="nightly"):
            code, _, err = cli("es", "migrate")
        assert code == 1 and "not started" in err and "nightly" in err


def test_es_commands_need_an_elasticsearch_store(cli: Cli) -> None:
    code, _, err = cli("es", "status")
    assert code == 2 and "needs an Elasticsearch store" in err


def test_unreachable_cluster_is_a_clear_error(cli: Cli) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cli.store_url = f"http://127.0.0.1:{port}"
    code, out, err = cli("es", "status", "--json")
    status = json.loads(out)  # still an answer: what waits in the spool
    assert code == 1 and "cannot reach Elasticsearch" in status["error"]
    assert status["pending"] == 0 and "Traceback" not in err
