"""ElasticStore's maintenance reads and writes on the wire (the fake server), and what the
crawler's pre-upsert reads do while the cluster is unreachable (a closed port)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from index.base import StoreError, UpsertOutcome
from index.elastic import ElasticStore, maintenance
from index.elastic import queries as qry
from tests.index.test_elastic_fakeserver import FakeES, Request, fake_es
from tests.index.test_elastic_spool import free_port, spool_lines
from tests.index.test_elastic_wire import PREFIX, T0, doc, options

__all__ = ["fake_es"]


@pytest.fixture
def store(fake_es: tuple[FakeES, str], tmp_path: Path) -> ElasticStore:
    _, url = fake_es
    return ElasticStore(url, options(tmp_path))


def _millis(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def revision_pages(fake: FakeES, req: Request) -> dict[str, Any]:
    """What Elasticsearch answers to the revision scan: hits sorted by the body's sort, with
    their sort values, after ``search_after``, ``size`` at most (no _source asked)."""
    body = req.json
    assert body["sort"] == [{"doc_id": "asc"}, {"seen_at": "desc"}, {"seq": "desc"}]
    assert body["_source"] is False
    revs = fake.docs[f"{PREFIX}-revisions-v1"]
    rows = sorted((src["doc_id"], -_millis(src["seen_at"]), -src["seq"], rid)
                  for rid, src in revs.items())
    if "search_after" in body:
        a = body["search_after"]
        rows = [r for r in rows if r[:3] > (a[0], -a[1], -a[2])]
    hits: list[dict[str, Any]] = [{"_id": rid, "_source": {}, "sort": [d, -ms, -seq]}
            for d, ms, seq, rid in rows[:body["size"]]]
    return {"hits": {"hits": hits}}


def test_prune_revisions_pages_through_and_deletes_by_ids(
        fake_es: tuple[FakeES, str], store: ElasticStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake, _ = fake_es
    monkeypatch.setattr(qry, "PAGE", 2)  # several pages, several delete batches
    monkeypatch.setattr(maintenance, "DELETE_BATCH", 2)
    for number, versions in ((1, 4), (2, 2)):
        for n in range(versions):
            page = doc(number, text=f"Wersja {n}.")
            page.fetched_at = T0 + timedelta(days=n)
            store.upsert(page)
    revs = fake.docs[f"{PREFIX}-revisions-v1"]
    assert len(revs) == 4
    newest_of_1 = max((s for s in revs.values() if s["doc_id"] == doc(1).id),
                      key=lambda s: s["seq"])
    fake.on_search = lambda req: revision_pages(fake, req)
    assert store.prune_revisions(1) == 2
    assert sorted(s["doc_id"] for s in revs.values()) == sorted([doc(1).id, doc(2).id])
    assert newest_of_1 in revs.values()
    scans = fake.sent("POST", f"/{PREFIX}-revisions/_search")
    assert len(scans) == 3 and "search_after" in scans[1].json
    deletes = fake.sent("POST", f"/{PREFIX}-revisions/_delete_by_query")
    assert [len(d.json["query"]["ids"]["values"]) for d in deletes] == [2]
    assert all(d.query["conflicts"] == "proceed" for d in deletes)
    assert store.prune_revisions(1) == 0


def test_recent_documents_sends_the_sorted_body_and_rebuilds_documents(
        fake_es: tuple[FakeES, str], store: ElasticStore) -> None:
    fake, _ = fake_es
    d = doc(3)
    store.upsert(d)
    stored = fake.docs[f"{PREFIX}-docs-v2"][d.id]
    fake.on_search = lambda req: {"hits": {"hits": [{"_id": d.id, "_source": stored}]}}
    (got,) = store.recent_documents("alpha", 50_000)
    assert got.id == d.id and got.text == d.text and got.fetched_at == d.fetched_at
    (req,) = fake.sent("POST", f"/{PREFIX}-docs/_search")
    assert req.json["query"] == {"bool": {"filter": [{"term": {"source": "alpha"}}]}}
    assert req.json["sort"] == [{"fetched_at": "desc"}, {"id": "desc"}]
    assert req.json["size"] == qry.MAX_WINDOW  # bounded by index.max_result_window
    assert store.recent_documents("alpha", 0) == []
    assert len(fake.sent("POST", f"/{PREFIX}-docs/_search")) == 1


def test_near_duplicates_during_an_outage_is_empty_logged_once_and_upsert_spools(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    down = ElasticStore(f"http://127.0.0.1:{free_port()}", options(tmp_path))
    page = doc(4, signature=[1, 2, 3, 4])
    with caplog.at_level(logging.WARNING, logger="index.elastic.store"):
        assert down.near_duplicates(page) == []
        assert down.near_duplicates(doc(5, signature=[5, 6, 7, 8])) == []
    warned = [r for r in caplog.records if "near duplicates not looked up" in r.getMessage()]
    assert len(warned) == 1
    assert down.upsert(page) is UpsertOutcome.SPOOLED
    assert [rec["id"] for rec in spool_lines(tmp_path)] == [page.id]
    with pytest.raises(StoreError, match="cannot reach Elasticsearch"):
        down.get(page.id)  # a read whose None would mean "deleted" keeps failing loudly
    down.close()


def test_near_duplicates_raises_when_the_cluster_answers_with_an_error(
        fake_es: tuple[FakeES, str], store: ElasticStore) -> None:
    fake, _ = fake_es
    fake.override("POST", r".*/_search", lambda r: (
        400, {"error": {"type": "search_phase_execution_exception", "reason": "boom"},
              "status": 400}))
    with pytest.raises(StoreError, match="search_phase_execution_exception"):
        store.near_duplicates(doc(6, signature=[1, 2, 3, 4]))
