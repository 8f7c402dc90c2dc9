"""`clusterwatch reindex --from URL --to URL`: copy every document between two stores."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from index.base import StoreOptions
from index.sqlite import SqliteStore
from tests.cli.cliutil import Cli, fill_store, make_cli
from tests.index.test_elastic_fakeserver import FakeServer


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    for var in ("CLUSTERWATCH_ES_API_KEY", "CLUSTERWATCH_ES_USER", "CLUSTERWATCH_ES_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    return make_cli(tmp_path, capsys, monkeypatch)


def exported(url: str) -> list[dict[str, object]]:
    store = SqliteStore(url, StoreOptions())
    try:
        return [d.to_json() | {"html": d.html, "lemmas": d.lemmas} for d in store.export()]
    finally:
        store.close()


def test_sqlite_to_sqlite_copies_everything_and_reruns_overwrite(cli: Cli,
                                                                 tmp_path: Path) -> None:
    docs = fill_store(cli.store_url)
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    code, out, err = cli("reindex", "--from", cli.store_url, "--to", target)
    assert code == 0, err
    assert "3 documents read: 3 new, 0 updated, 0 unchanged" in out
    assert exported(target) == exported(cli.store_url)
    assert len(exported(target)) == len(docs)
    code, out, _ = cli("reindex", "--from", cli.store_url, "--to", target)
    assert code == 0 and "0 new, 0 updated, 3 unchanged" in out


def test_reindex_filters_by_source_and_date(cli: Cli, tmp_path: Path) -> None:
    fill_store(cli.store_url)
    target = f"sqlite:///{tmp_path / 'other.db'}"
    code, out, _ = cli("reindex", "--from", cli.store_url, "--to", target, "--source", "other")
    assert code == 0 and "1 documents read" in out
    assert [d["source"] for d in exported(target)] == ["other"]
    code, out, _ = cli("reindex", "--from", cli.store_url, "--to", target,
                       "--since", "2024-03-20", "--batch", "1")
    assert code == 0 and "2 documents read: 1 new, 0 updated, 1 unchanged" in out


def test_same_store_and_bad_urls_are_usage_errors(cli: Cli) -> None:
    code, _, err = cli("reindex", "--from", cli.store_url, "--to", cli.store_url)
    assert code == 2 and "same store" in err
    code, _, err = cli("reindex", "--from", cli.store_url, "--to", "ftp://x")
    assert code == 1 and "unsupported store URL" in err and "Traceback" not in err


def test_sqlite_to_elasticsearch_sends_bulk_requests(cli: Cli, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTERWATCH_DATA_DIR", str(tmp_path / "data"))
    docs = fill_store(cli.store_url)
    with FakeServer() as (fake, url):
        code, out, err = cli("reindex", "--from", cli.store_url, "--to", url,
                             "--to-index-prefix", "copy")
        assert code == 0, err
        assert "3 documents read: 3 new" in out
        ids = {line["index"]["_id"] for b in fake.sent("PUT|POST", "/_bulk")
               for line in b.ndjson[::2]}
        assert ids == {d.id for d in docs}
        assert set(fake.docs["copy-docs-v2"]) == ids


def test_unreachable_elasticsearch_target_keeps_the_documents(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTERWATCH_DATA_DIR", str(tmp_path / "data"))
    fill_store(cli.store_url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = cli("reindex", "--from", cli.store_url, "--to", f"http://127.0.0.1:{port}")
    assert code == 1 and "spool" in err and "Traceback" not in err
    spooled = list((tmp_path / "data" / "es-spool").glob("*.jsonl"))
    assert len(spooled) == 1 and len(spooled[0].read_text().splitlines()) == 3
