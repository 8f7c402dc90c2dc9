"""Client construction (credentials, TLS), error messages, bulk lines and the spool file."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import elastic_transport
import elasticsearch
import pytest

from index.base import StoreError, StoreOptions
from index.elastic.bulk import Action, Op, Spool, chunks, item_errors, ndjson, send
from index.elastic.client import client_kwargs, describe, is_outage, parse_url
from pipeline.document import Document


def test_parse_url_strips_and_redacts_credentials() -> None:
    ep = parse_url("https://elastic:se%2Fcret@es.example:9243/prefix/")
    assert ep.host == "https://es.example:9243/prefix"
    assert ep.redacted == "https://***@es.example:9243/prefix"
    assert (ep.url_user, ep.url_password) == ("elastic", "se/cret")
    assert parse_url("http://localhost").host == "http://localhost:9200"
    assert parse_url("https://es.example").host == "https://es.example:443"
    with pytest.raises(StoreError, match="bad port") as err:
        parse_url("http://u:secret@host:99999")
    assert "secret" not in str(err.value)
    with pytest.raises(StoreError, match="not an Elasticsearch URL"):
        parse_url("ftp://host")


def test_credentials_come_from_the_environment_first() -> None:
    ep = parse_url("http://u:p@localhost:9200")
    opts = StoreOptions(timeout=12.0)
    assert client_kwargs(ep, opts, {"CLUSTERWATCH_ES_API_KEY": "k=="})["api_key"] == "k=="
    assert client_kwargs(ep, opts, {"CLUSTERWATCH_ES_API_KEY": "id:key"})["api_key"] == (
        "id", "key")
    both = client_kwargs(ep, opts, {"CLUSTERWATCH_ES_USER": "a",
                                    "CLUSTERWATCH_ES_PASSWORD": "b"})
    assert both["basic_auth"] == ("a", "b") and "api_key" not in both
    from_url = client_kwargs(ep, opts, {})
    assert from_url["basic_auth"] == ("u", "p")
    assert from_url["hosts"] == ["http://localhost:9200"]
    assert from_url["request_timeout"] == 12.0 and from_url["retry_on_timeout"] is True
    assert "verify_certs" not in from_url and "ca_certs" not in from_url  # plain http
    assert "basic_auth" not in client_kwargs(parse_url("http://localhost"), opts, {})


def test_tls_is_verified_by_default_with_an_optional_ca_file(tmp_path: Path) -> None:
    ep = parse_url("https://es.example:9200")
    kw = client_kwargs(ep, StoreOptions(), {})
    assert kw["verify_certs"] is True and "ca_certs" not in kw
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    assert client_kwargs(ep, StoreOptions(ca_file=str(ca)), {})["ca_certs"] == str(ca)
    with pytest.raises(StoreError, match="ca_file: no such file"):
        client_kwargs(ep, StoreOptions(ca_file=str(tmp_path / "missing.pem")), {})
    off = client_kwargs(ep, StoreOptions(verify_certs=False), {})
    assert off["verify_certs"] is False and off["ssl_show_warn"] is False


def _api_error(cls: type[elasticsearch.ApiError], status: int, body: object
               ) -> elasticsearch.ApiError:
    meta = elastic_transport.ApiResponseMeta(status=status, http_version="1.1",
                                             headers=elastic_transport.HttpHeaders(),
                                             duration=0.0, node=elastic_transport.NodeConfig(
                                                 "http", "localhost", 9200))
    return cls(message="x", meta=meta, body=body)


def test_error_messages_name_the_problem() -> None:
    where = "http://es:9200"
    assert "authentication failed" in describe(
        _api_error(elasticsearch.AuthenticationException, 401, {}), where)
    missing = _api_error(elasticsearch.NotFoundError, 404, {"error": {
        "type": "index_not_found_exception", "reason": "no such index [cw-docs]"}})
    assert describe(missing, where).startswith("index missing at http://es:9200")
    refused = elastic_transport.ConnectionError("Connection refused")
    assert describe(refused, where).startswith("cannot reach Elasticsearch at http://es:9200")
    assert is_outage(refused) and is_outage(elastic_transport.ConnectionTimeout("slow"))
    assert is_outage(_api_error(elasticsearch.ApiError, 503, {}))
    assert not is_outage(_api_error(elasticsearch.BadRequestError, 400, {}))


def test_bulk_lines_chunks_and_item_errors() -> None:
    a = Action("cw-docs", "1", {"id": "1", "t": "ł"})
    u = Action("cw-docs", "2", {"last_seen": "x"}, Op.UPDATE)
    text = ndjson([a, u])
    assert text == ('{"index":{"_index":"cw-docs","_id":"1"}}\n{"id":"1","t":"ł"}\n'
                    '{"update":{"_index":"cw-docs","_id":"2"}}\n{"doc":{"last_seen":"x"}}\n')
    many = [Action("i", str(n), {"n": n}) for n in range(5)]
    assert [len(c) for c in chunks(many, max_docs=2)] == [2, 2, 1]
    assert [len(c) for c in chunks(many, max_bytes=250)] == [2, 2, 1]
    resp = {"errors": True, "items": [
        {"index": {"_id": "1", "status": 201}},
        {"index": {"_id": "2", "status": 429, "error": {"type": "es_rejected_execution"}}},
        {"index": {"_id": "3", "status": 400, "error": {
            "type": "document_parsing_exception", "reason": "bad"}}}]}
    sent = [Action("i", str(n), {}) for n in (1, 2, 3)]
    retry, failed = item_errors(resp, sent)
    assert [r.id for r in retry] == ["2"]
    assert failed == [("3", "document_parsing_exception: bad")]


def test_send_gives_up_on_429_after_the_retries() -> None:
    calls: list[str] = []

    def always_busy(body: str) -> dict[str, object]:
        calls.append(body)
        return {"errors": True, "items": [{"index": {"_id": "1", "status": 429}}]}

    sleeps: list[float] = []
    report = send(always_busy, [Action("i", "1", {})], sleep=sleeps.append)
    assert len(calls) == 4 and sleeps == [0.5, 1.0, 2.0]
    assert report.written == 0 and report.failures == [("1", "rejected (429) after retries")]


def test_spool_survives_a_crash_between_take_and_done(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s" / "spool.jsonl")
    t = datetime(2024, 1, 1, tzinfo=timezone.utc)
    docs = [Document(url=f"https://a.example/{n}", source="a", text=f"t{n}", fetched_at=t)
            for n in range(3)]
    for d in docs:
        d.ensure_id()
    assert spool.append(docs[:2]) == 2 and spool.pending() == 2
    assert spool.take()
    assert [[d.id for d in b] for b in spool.batches(5)] == [[docs[0].id, docs[1].id]]
    # crash here: nothing acknowledged; more arrives meanwhile
    spool.append(docs[2:])
    assert spool.pending() == 3
    assert spool.take()
    batches = spool.batches(2)
    first = next(batches)
    assert [d.id for d in first] == [docs[0].id, docs[1].id] and first[0] == docs[0]
    assert [[d.id for d in b] for b in spool.remaining()] == [[docs[2].id]]
    spool.done()
    assert spool.pending() == 0 and not spool.take()
    (tmp_path / "s" / "spool.jsonl").write_text(json.dumps({"url": 1}) + "\nnot json\n")
    assert spool.take() and list(spool.batches(10)) == []  # unreadable lines: logged, skipped
