"""The requests the real ``elasticsearch`` client sends for ElasticStore, seen on the wire."""

from __future__ import annotations

import base64
import json
import logging
from datetime import datetime, timezone
from pathlib import Path

import pytest

from index.base import (
    MentionsQuery,
    Revision,
    RunRecord,
    SearchQuery,
    SourceRunStats,
    StoreError,
    StoreOptions,
    UpsertOutcome,
)
from index.elastic import ElasticStore
from index.elastic import documents as docsrc
from index.elastic import queries as qry
from index.elastic.mappings import VERSIONS, IndexNames, Kind, create_body
from index.query_text import analysed
from pipeline.document import Document
from tests.index.test_elastic_fakeserver import FakeES, FakeServer, Request, fake_es

__all__ = ["fake_es"]

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc)
PREFIX = "cwt"


def options(tmp_path: Path, **kw: object) -> StoreOptions:
    return StoreOptions(data_dir=str(tmp_path), index_prefix=PREFIX, timeout=5.0,
                        **kw)  # type: ignore[arg-type]


def doc(n: int = 1, text: str = "Grupa Azoty uruchomiła instalację.", **kw: object) -> Document:
    d = Document(url=f"https://alpha.example/{n}", source="alpha", title=f"Tytuł {n}",
                 text=text, lang="pl", published="2024-01-15", fetched_at=T0,
                 members={"azoty": 1}, lemmas="grupa azot uruchomić instalacja",
                 content_hash=f"hash-{text}", **kw)  # type: ignore[arg-type]
    d.ensure_id()
    return d


@pytest.fixture
def store(fake_es: tuple[FakeES, str], tmp_path: Path) -> ElasticStore:
    _, url = fake_es
    return ElasticStore(url, options(tmp_path))


def test_first_open_creates_each_index_behind_its_alias(fake_es: tuple[FakeES, str],
                                                        tmp_path: Path) -> None:
    fake, url = fake_es
    opts = options(tmp_path, shards=3, replicas=2)
    ElasticStore(url, opts).close()
    names = IndexNames(PREFIX)
    for kind in Kind:
        (put,) = fake.sent("PUT", f"/{names.concrete(kind)}")
        assert put.json == create_body(kind, opts, names)
        assert put.json["aliases"] == {f"{PREFIX}-{kind.value}": {"is_write_index": True}}
        assert put.json["settings"]["number_of_shards"] == 3
        assert put.json["settings"]["number_of_replicas"] == 2
    assert fake.sent("HEAD", f"/_alias/{PREFIX}-docs")
    fake.requests.clear()
    ElasticStore(url, opts).close()  # a second open creates nothing
    assert not fake.sent("PUT", r"/.*")


def test_upsert_writes_ndjson_bulk_with_the_document_id(fake_es: tuple[FakeES, str],
                                                        store: ElasticStore) -> None:
    fake, _ = fake_es
    d = doc()
    assert store.upsert(d) == UpsertOutcome.NEW
    (mget,) = fake.sent("POST", f"/{PREFIX}-docs/_mget")
    assert mget.json == {"ids": [d.id]}
    assert "content_hash" in mget.query["_source_includes"]
    (bulk,) = fake.sent("PUT|POST", "/_bulk")
    assert "x-ndjson" in bulk.headers["content-type"]
    assert bulk.raw.endswith(b"\n") and bulk.raw.count(b"\n") == 2
    action, source = bulk.ndjson
    assert action == {"index": {"_index": f"{PREFIX}-docs", "_id": d.id}}
    assert source["id"] == d.id and source["body"] == d.text and source["mentioned"] == ["azoty"]
    assert source["mentions"] == [{"member": "azoty", "count": 1, "date": "2024-01-15",
                                   "story": d.id}]
    assert "text" not in source["record"] and source["record"]["html"] == d.html


def test_rerun_overwrites_and_a_change_keeps_a_revision(fake_es: tuple[FakeES, str],
                                                        store: ElasticStore) -> None:
    fake, _ = fake_es
    store.upsert(doc())
    fake.requests.clear()
    assert store.upsert(doc()) == UpsertOutcome.UNCHANGED
    (bulk,) = fake.sent("PUT|POST", "/_bulk")
    assert bulk.ndjson == [{"update": {"_index": f"{PREFIX}-docs", "_id": doc().id}},
                           {"doc": {"last_seen": T0.isoformat()}}]
    fake.requests.clear()
    assert store.upsert(doc(text="Nowa wersja.")) == UpsertOutcome.UPDATED
    (bulk,) = fake.sent("PUT|POST", "/_bulk")
    rev_action, rev, doc_action, _ = bulk.ndjson
    assert rev_action["index"]["_index"] == f"{PREFIX}-revisions"
    assert rev["doc_id"] == doc().id
    assert rev["record"]["text"] == "Grupa Azoty uruchomiła instalację."
    assert doc_action == {"index": {"_index": f"{PREFIX}-docs", "_id": doc().id}}
    got = store.get(doc().id)  # GET /{alias}/_doc/{id}: real time, rebuilt from the record
    assert got is not None and got.text == "Nowa wersja." and got.html == doc().html
    assert fake.sent("GET", f"/{PREFIX}-docs/_doc/{doc().id}")


def test_search_refreshes_after_writes_and_sends_the_built_body(
        fake_es: tuple[FakeES, str], store: ElasticStore) -> None:
    fake, _ = fake_es
    d = doc()
    store.upsert(d)

    def answer(req: Request) -> dict[str, object]:
        return {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": [{
            "_index": "cwt-docs-v2", "_id": d.id, "_score": 2.5,
            "_source": {"id": d.id, "url": d.url, "title": d.title, "source": "alpha",
                        "lang": "pl", "members": ["azoty"],
                        "record": {"published": "2024-01-15"}},
            "highlight": {"body": ["Grupa <mark>Azoty</mark> uruchomiła"]}}]},
            "aggregations": {"member": {"buckets": [{"key": "azoty", "doc_count": 1}]},
                             "source": {"buckets": [{"key": "alpha", "doc_count": 1}]},
                             "lang": {"buckets": [{"key": "pl", "doc_count": 1}]}}}

    fake.on_search = answer
    q = SearchQuery(text="Azoty", facets=True)
    result = store.search(q)
    every = ",".join(f"{PREFIX}-{k.value}" for k in Kind)  # docs, revisions, runs, ...
    assert fake.sent("POST", f"/{every}/_refresh")
    (req,) = fake.sent("POST", f"/{PREFIX}-docs/_search")
    assert q.lemmas == [] and analysed(q).lemmas  # the caller passes the raw text;
    assert req.json == qry.search_body(analysed(q))  # the store analyses it
    assert "lemmas" in json.dumps(req.json)
    assert result.total == 1 and result.hits[0].snippet == "Grupa <mark>Azoty</mark> uruchomiła"
    assert result.hits[0].published == "2024-01-15" and result.hits[0].score == 2.5
    assert result.facets == {"member": {"azoty": 1}, "source": {"alpha": 1}, "lang": {"pl": 1}}
    fake.requests.clear()
    store.search(q)  # nothing written since: no second refresh
    assert not fake.sent("POST", r".*/_refresh")


def test_export_pages_with_search_after_over_a_point_in_time(
        fake_es: tuple[FakeES, str], store: ElasticStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake, _ = fake_es
    monkeypatch.setattr(qry, "PAGE", 2)
    docs = [doc(n) for n in range(5)]
    ordered = sorted(docs, key=lambda d: d.id)
    store.upsert_many(docs)
    stored = fake.docs[f"{PREFIX}-docs-v2"]
    fake.override("POST", f"/{PREFIX}-docs/_pit", lambda r: (200, {"id": "pit-1"}))
    fake.override("DELETE", "/_pit", lambda r: (200, {"succeeded": True, "num_freed": 1}))

    def page(req: Request) -> dict[str, object]:
        after = (req.json.get("search_after") or [""])[0]
        rest = [d for d in ordered if d.id > after][:2]
        return {"pit_id": "pit-2", "hits": {"hits": [
            {"_id": d.id, "_source": stored[d.id], "sort": [d.id]} for d in rest]}}

    fake.on_search = page
    got = list(store.export())
    assert [d.id for d in got] == [d.id for d in ordered]
    searches = fake.sent("POST", "/_search")
    assert len(searches) == 3  # 2 + 2 + 1
    assert all(r.json["sort"] == [{"id": "asc"}] and "from" not in r.json for r in searches)
    assert searches[0].json["pit"] == {"id": "pit-1", "keep_alive": "5m"}
    assert searches[1].json["pit"]["id"] == "pit-2"  # the newest id is used
    assert searches[1].json["search_after"] == [ordered[1].id]
    (close,) = fake.sent("DELETE", "/_pit")
    assert close.json == {"id": "pit-2"}
    assert fake.sent("POST", f"/{PREFIX}-docs/_pit")[0].query["keep_alive"] == "5m"


def test_api_key_from_the_environment_and_auth_failure_message(
        fake_es: tuple[FakeES, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    fake, url = fake_es
    monkeypatch.setenv("CLUSTERWATCH_ES_API_KEY", "s3cr3t-key")
    fake.override("HEAD", r".*", lambda r: (401, None))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreError) as err:
        ElasticStore(url, options(tmp_path))
    assert "authentication failed" in str(err.value)
    assert "CLUSTERWATCH_ES_API_KEY" in str(err.value)
    assert fake.requests[0].headers["authorization"] == "ApiKey s3cr3t-key"
    assert "s3cr3t" not in str(err.value) and "s3cr3t" not in caplog.text


def test_credentials_in_the_url_are_used_and_redacted(fake_es: tuple[FakeES, str],
                                                      tmp_path: Path) -> None:
    fake, url = fake_es
    with_user = url.replace("http://", "http://elastic:pa%40ss@")
    store = ElasticStore(with_user, options(tmp_path))
    assert store.url == url.replace("http://", "http://***@")
    assert "pa" not in store.url.split("@")[0].replace("http", "")
    expected = "Basic " + base64.b64encode(b"elastic:pa@ss").decode()
    assert fake.requests[0].headers["authorization"] == expected


def test_missing_index_and_server_errors_become_store_errors(
        fake_es: tuple[FakeES, str], store: ElasticStore) -> None:
    fake, _ = fake_es
    fake.indices.clear()
    fake.aliases.clear()
    with pytest.raises(StoreError, match=r"index missing.*clusterwatch es init"):
        store.search(SearchQuery(text="x"))
    fake.override("POST", r".*/_search", lambda r: (
        400, {"error": {"type": "search_phase_execution_exception", "reason": "boom"},
              "status": 400}))
    with pytest.raises(StoreError, match=r"answered 400: search_phase_execution_exception"):
        store.search(SearchQuery(text="x"))


def test_a_server_that_is_not_elasticsearch_is_named(tmp_path: Path) -> None:
    with FakeServer(FakeES(product_header=False)) as (_, url), pytest.raises(
            StoreError, match="not an Elasticsearch server"):
        ElasticStore(url, options(tmp_path))


def test_bulk_retries_429_with_backoff_and_reports_rejected_documents(
        fake_es: tuple[FakeES, str], store: ElasticStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake, _ = fake_es
    sleeps: list[float] = []
    monkeypatch.setattr("index.elastic.bulk.time.sleep", sleeps.append)
    refused = {"n": 0}

    def busy(op: str, spec: dict[str, object]) -> tuple[int, object] | None:
        if refused["n"] < 2:
            refused["n"] += 1
            return 429, {"type": "es_rejected_execution_exception", "reason": "queue full"}
        return None

    fake.on_bulk_item = busy
    assert store.upsert_many([doc(1), doc(2)]) == [UpsertOutcome.NEW] * 2
    bulks = fake.sent("PUT|POST", "/_bulk")
    assert [len(b.ndjson) for b in bulks] == [4, 4]  # both items refused once, resent once
    assert sleeps == [0.5]
    assert set(fake.docs[f"{PREFIX}-docs-v2"]) == {doc(1).id, doc(2).id}

    bad = doc(3)
    fake.on_bulk_item = lambda op, spec: (400, {
        "type": "document_parsing_exception", "reason": "strict mapping"}) if (
        spec["_id"] == bad.id) else None
    with pytest.raises(StoreError, match=rf"1 document.*rejected.*{bad.id}.*strict mapping"):
        store.upsert_many([doc(4), bad])
    assert doc(4).id in fake.docs[f"{PREFIX}-docs-v2"]


def test_delete_removes_the_document_and_its_revisions(fake_es: tuple[FakeES, str],
                                                       store: ElasticStore) -> None:
    fake, _ = fake_es
    store.upsert(doc())
    store.upsert(doc(text="Zmieniony."))
    assert len(fake.docs[f"{PREFIX}-revisions-v1"]) == 1
    assert store.delete(doc().id) is True
    (dbq,) = fake.sent("POST", f"/{PREFIX}-revisions/_delete_by_query")
    assert dbq.json == {"query": {"term": {"doc_id": doc().id}}}
    assert dbq.query["conflicts"] == "proceed"
    assert fake.docs[f"{PREFIX}-revisions-v1"] == {} and fake.docs[f"{PREFIX}-docs-v2"] == {}
    assert store.delete(doc().id) is False
    assert store.get(doc().id) is None


def test_drop_all_deletes_every_index_of_the_prefix_by_name(
        fake_es: tuple[FakeES, str], store: ElasticStore) -> None:
    fake, _ = fake_es
    fake.indices["other-docs-v1"] = {}
    store.drop_all()
    (delete,) = fake.sent("DELETE", r"/[^_].*")
    deleted = set(delete.path.lstrip("/").split(","))
    assert deleted == {f"{PREFIX}-{k.value}-v{VERSIONS[k]}" for k in Kind}  # docs, runs, ...
    assert list(fake.indices) == ["other-docs-v1"]


REV = Revision("some-doc", "old-hash", T0, "Stary tytuł", "Stary tekst.")
RUN = RunRecord("r1", "crawl", T0, T0, "ok", [SourceRunStats("alpha", fetched=1, new=1)])
ANSWERS: dict[str, dict[str, object]] = {
    "stats": {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": []}, "aggregations": {
        "by_source": {"buckets": [{"key": "alpha", "doc_count": 1}]},
        "by_lang": {"buckets": [{"key": "pl", "doc_count": 1}]},
        "no_lang": {"doc_count": 0},
        "last_published": {"value": 1.7e12, "value_as_string": "2024-01-15"},
        "last_fetched": {"hits": {"hits": [{"_source": {"record": {
            "fetched_at": T0.isoformat()}}}]}}}},
    "near": {"hits": {"hits": [
        {"_source": {"id": "other", "minhash": ["0:1", "1:2", "2:3", "3:9"]}},
        {"_source": {"id": "far", "minhash": ["0:1", "1:2", "2:8", "3:9"]}}]}},
    "co": {"aggregations": {"co": {"buckets": [{"key": "park", "doc_count": 2}]}}},
    "mentions": {"aggregations": {"mentions": {"doc_count": 1, "wanted": {
        "doc_count": 1, "groups": {
            "after_key": {"date": "2024-01-01", "member": "azoty"},
            "buckets": [{"key": {"date": "2024-01-01", "member": "azoty"}, "doc_count": 1,
                         "spans": {"value": 1.0}}]}}}}},
    "story": {"hits": {"hits": []}},
    "revisions": {"hits": {"hits": [{"_source": docsrc.revision_to_source(REV, 1)}]}},
    "runs": {"hits": {"hits": [{"_source": docsrc.run_to_source(RUN)}]}},
}


def scripted(req: Request, stored: dict[str, object]) -> object:
    """What Elasticsearch answers to each read (the shapes of the 8.x reference)."""
    body, text = req.json, json_text(req.json)
    aggs = body.get("aggs", {})
    for name, present in (("stats", "by_source" in aggs), ("near", "minhash_len" in text),
                          ("co", "co" in aggs), ("mentions", "mentions" in aggs),
                          ("story", "story_id" in text),
                          ("revisions", req.path == f"/{PREFIX}-revisions/_search"),
                          ("runs", req.path == f"/{PREFIX}-runs/_search")):
        if present:
            return ANSWERS[name]
    return {"hits": {"hits": [{"_id": stored["id"], "_source": stored}]}}


def test_reads_parse_what_elasticsearch_answers(fake_es: tuple[FakeES, str],
                                                store: ElasticStore) -> None:
    fake, _ = fake_es
    d = doc(signature=[1, 2, 3, 4])
    store.upsert(d)
    stored = fake.docs[f"{PREFIX}-docs-v2"][d.id]
    fake.on_search = lambda req: scripted(req, stored)
    stats = store.stats()
    assert (stats.documents, stats.by_source, stats.by_lang) == (1, {"alpha": 1}, {"pl": 1})
    assert stats.last_published == "2024-01-15" and stats.last_fetched == T0.isoformat()
    assert stats.backend == "elasticsearch" and stats.schema_version == 2 and stats.pending == 0
    assert store.near_duplicates(d, 0.75) == ["other"]  # 3 of 4 positions; "far" has 2
    assert store.co_mentions("azoty") == [("park", 2)]
    series = store.mentions(MentionsQuery(members=["azoty"])).series
    assert [(b.date, b.mentions, b.documents) for b in series[0].buckets] == [
        ("2024-01-01", 1, 1)]
    found = store.get_by_url(d.url)
    assert found is not None and found.id == d.id and found.text == d.text
    assert store.revisions(d.id) == [REV]
    (rev_req,) = fake.sent("POST", f"/{PREFIX}-revisions/_search")
    assert rev_req.json["sort"] == [{"seen_at": "asc"}, {"seq": "asc"}]
    assert [r.to_json() for r in store.runs(5)] == [RUN.to_json()]
    assert fake.sent("POST", f"/{PREFIX}-runs/_search")[0].json["size"] == 5


def json_text(body: object) -> str:
    return json.dumps(body)
