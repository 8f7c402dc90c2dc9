"""Nothing is lost when the cluster is down: writes go to the spool and are sent later."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from index.base import SearchQuery, StoreError, UpsertOutcome
from index.elastic import ElasticStore
from index.elastic import store as store_module
from tests.index.test_elastic_fakeserver import FakeES, FakeServer
from tests.index.test_elastic_wire import PREFIX, doc, options


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spool_lines(tmp_path: Path) -> list[dict[str, object]]:
    files = list((tmp_path / "es-spool").glob("*.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text().splitlines()]


def test_connection_refused_spools_and_the_next_open_sends(tmp_path: Path) -> None:
    port = free_port()  # nothing listens here
    url = f"http://127.0.0.1:{port}"
    down = ElasticStore(url, options(tmp_path))
    assert down.upsert_many([doc(1), doc(2)]) == [UpsertOutcome.SPOOLED] * 2
    assert [rec["id"] for rec in spool_lines(tmp_path)] == [doc(1).id, doc(2).id]
    assert down.writer.spool.pending() == 2
    with pytest.raises(StoreError, match=f"cannot reach Elasticsearch at {url}"):
        down.search(SearchQuery(text="Azoty"))
    down.close()

    with FakeServer(port=port) as (fake, _):
        up = ElasticStore(url, options(tmp_path))  # the next run
        (bulk,) = fake.sent("PUT|POST", "/_bulk")
        assert [line["index"]["_id"] for line in bulk.ndjson[::2]] == [doc(1).id, doc(2).id]
        assert set(fake.docs[f"{PREFIX}-docs-v2"]) == {doc(1).id, doc(2).id}
        assert up.writer.spool.pending() == 0 and spool_lines(tmp_path) == []
        assert up.stats().pending == 0
        up.close()


def test_a_store_left_open_sends_the_spool_before_new_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "SPOOL_RETRY_SECONDS", 0.0)
    port = free_port()
    store = ElasticStore(f"http://127.0.0.1:{port}", options(tmp_path))
    store.upsert(doc(1, text="stara wersja"))
    with FakeServer(port=port) as (fake, _):
        assert store.upsert(doc(1, text="nowa wersja")) == UpsertOutcome.UPDATED
        bulks = fake.sent("PUT|POST", "/_bulk")
        assert len(bulks) == 2  # the spool first, then the new write on top of it
        assert bulks[0].ndjson[1]["body"] == "stara wersja"
        assert bulks[1].ndjson[-1]["body"] == "nowa wersja"
        assert fake.docs[f"{PREFIX}-docs-v2"][doc(1).id]["body"] == "nowa wersja"
        assert store.writer.spool.pending() == 0
    store.close()


def test_unavailable_cluster_mid_run_spools_the_batch(tmp_path: Path) -> None:
    with FakeServer() as (fake, url):
        store = ElasticStore(url, options(tmp_path))
        fake.override("PUT", "/_bulk", lambda r: (503, {"error": {
            "type": "cluster_block_exception", "reason": "no master"}, "status": 503}))
        assert store.upsert(doc(7)) == UpsertOutcome.SPOOLED
        assert len(fake.sent("PUT", "/_bulk")) == 4  # the client retried 503 three times
        assert [rec["id"] for rec in spool_lines(tmp_path)] == [doc(7).id]
        fake.requests.clear()  # the next pages of the crawl do not wait on the cluster
        assert store.upsert(doc(8)) == UpsertOutcome.SPOOLED
        assert fake.requests == []
        assert [rec["id"] for rec in spool_lines(tmp_path)] == [doc(7).id, doc(8).id]
        store.close()


def test_spooled_documents_the_cluster_refuses_are_kept_aside(tmp_path: Path) -> None:
    port = free_port()
    ElasticStore(f"http://127.0.0.1:{port}", options(tmp_path)).upsert(doc(3))
    fake = FakeES()
    fake.on_bulk_item = lambda op, spec: (400, {"type": "document_parsing_exception",
                                                "reason": "bad field"})
    with FakeServer(fake, port=port) as (_, url):
        ElasticStore(url, options(tmp_path)).close()
    rejected = list((tmp_path / "es-spool").glob("*.rejected"))
    assert len(rejected) == 1
    assert json.loads(rejected[0].read_text().splitlines()[0])["id"] == doc(3).id
    assert spool_lines(tmp_path) == []




def test_an_error_in_the_middle_of_sending_the_spool_loses_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("index.elastic.writer.CHUNK_DOCS", 2)
    port = free_port()
    ElasticStore(f"http://127.0.0.1:{port}", options(tmp_path)).upsert_many(
        [doc(n) for n in range(5)])
    fake = FakeES()
    bulks = {"n": 0}

    def second_bulk_unauthorised(req: object) -> tuple[int, object]:
        bulks["n"] += 1
        if bulks["n"] == 2:
            return 401, {"error": {"type": "security_exception", "reason": "expired key"},
                         "status": 401}
        return fake.bulk(req)  # type: ignore[arg-type]

    fake.override("PUT", "/_bulk", second_bulk_unauthorised)
    with FakeServer(fake, port=port) as (_, url), pytest.raises(
            StoreError, match="authentication failed"):
        ElasticStore(url, options(tmp_path))
    assert set(fake.docs[f"{PREFIX}-docs-v2"]) == {doc(0).id, doc(1).id}
    assert sorted(str(rec["id"]) for rec in spool_lines(tmp_path)) == sorted(
        doc(n).id for n in range(2, 5))  # the refused batch and the unread one wait again


def test_reads_fail_fast_while_the_cluster_is_down(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeES()
    with FakeServer(fake) as (_, url):
        store = ElasticStore(url, options(tmp_path))
        fake.override("POST", r".*/_search", lambda r: (503, {"error": {
            "type": "no_shard_available_action_exception", "reason": "down"}, "status": 503}))
        with pytest.raises(StoreError, match="answered 503"):
            store.search(SearchQuery(text="Azoty"))
        fake.requests.clear()
        for _ in range(3):  # e.g. a crawl asking page after page
            with pytest.raises(StoreError, match=r"answered 503.*next try within"):
                store.get(doc(1).id)
            # near duplicates degrade to "none known" (index/elastic/store.py)
            assert store.near_duplicates(doc(1, signature=[1, 2])) == []
        assert fake.requests == []  # no request until the retry interval has passed
        fake.overrides.clear()
        monkeypatch.setattr(store_module, "SPOOL_RETRY_SECONDS", 0.0)
        assert store.near_duplicates(doc(1, signature=[1, 2])) == []  # back
        assert fake.sent("POST", f"/{PREFIX}-docs/_search")
        store.close()
