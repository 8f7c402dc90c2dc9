"""Alerts on Elasticsearch, on the wire: conditional writes (``if_seq_no``/``if_primary_term``)
so that of two machines claiming one window only one succeeds. The fake node below keeps
sequence numbers and answers 409 on a stale write, as a real node does."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from index.alerts import Alert, AlertExists, AlertSend, SendStatus
from index.elastic import ElasticStore
from tests.index.test_elastic_fakeserver import FakeES, Request, fake_es
from tests.index.test_elastic_wire import PREFIX, options

__all__ = ["fake_es"]

NOW = datetime(2024, 3, 5, 6, 0, tzinfo=timezone.utc)
ALERTS = f"{PREFIX}-alerts"


class SeqNo:
    """GET/PUT of single documents with sequence numbers, and searches of the alerts index."""

    def __init__(self, fake: FakeES) -> None:
        self.fake, self.seq = fake, 0
        self.meta: dict[str, int] = {}
        fake.override("GET", rf"/{ALERTS}/_doc/([^/]+)", self.get)
        fake.override("PUT", rf"/{ALERTS}/_doc/([^/]+)", self.put)
        fake.on_search = self.search

    def _docs(self) -> dict[str, dict[str, Any]]:
        return self.fake.docs[self.fake.resolve(ALERTS)[0]]

    def get(self, req: Request) -> tuple[int, Any]:
        doc_id = req.path.rsplit("/", 1)[1]
        src = self._docs().get(doc_id)
        if src is None:
            return 404, {"_id": doc_id, "found": False}
        return 200, {"_id": doc_id, "found": True, "_source": src,
                     "_seq_no": self.meta[doc_id], "_primary_term": 1}

    def put(self, req: Request) -> tuple[int, Any]:
        doc_id = req.path.rsplit("/", 1)[1]
        docs, q = self._docs(), req.query
        stale = (q.get("op_type") == "create" and doc_id in docs) or (
            "if_seq_no" in q and (doc_id not in docs or int(q["if_seq_no"]) != self.meta[doc_id]
                                  or q.get("if_primary_term") != "1"))
        if stale:
            return 409, {"error": {"type": "version_conflict_engine_exception",
                                   "reason": f"[{doc_id}]: version conflict"}, "status": 409}
        self.seq += 1
        docs[doc_id], self.meta[doc_id] = req.json, self.seq
        return 201, {"_id": doc_id, "result": "created", "_seq_no": self.seq,
                     "_primary_term": 1}

    def search(self, req: Request) -> Any:
        hits = []
        if ALERTS in req.path:
            query = req.json.get("query", {})
            wanted = [f["term"]["name"] for f in query.get("bool", {}).get("filter", [])]
            skip = [i for c in query.get("bool", {}).get("must_not", [])
                    for i in c["ids"]["values"]]
            for doc_id, src in sorted(self._docs().items(), key=lambda kv: kv[1]["name"]):
                if (not wanted or src["name"] in wanted) and doc_id not in skip:
                    hits.append({"_id": doc_id, "_source": src})
        return {"hits": {"total": {"value": len(hits), "relation": "eq"}, "hits": hits}}


@pytest.fixture
def two(fake_es: tuple[FakeES, str], tmp_path: Path) -> tuple[ElasticStore, ElasticStore, FakeES]:
    fake, url = fake_es
    first = ElasticStore(url, options(tmp_path / "a"))
    second = ElasticStore(url, options(tmp_path / "b"))
    SeqNo(fake)
    return first, second, fake


def _alert() -> Alert:
    return Alert(id="a1", name="Azoty", members=["azoty"], emails=["p@example.org"])


def _send(send_id: str) -> AlertSend:
    return AlertSend(id=send_id, alert_id="a1", at=NOW, window_start=None, window_end=NOW,
                     count=1, doc_ids=["d1"])


def test_the_alerts_index_is_created_strict(two: tuple[ElasticStore, ElasticStore, FakeES]
                                            ) -> None:
    _, _, fake = two
    body = fake.indices[f"{ALERTS}-v1"]
    assert body["mappings"]["dynamic"] == "strict"
    assert body["aliases"] == {ALERTS: {"is_write_index": True}}
    assert body["mappings"]["properties"]["sends"] == {"type": "object", "enabled": False}


def test_one_machine_wins_the_window(two: tuple[ElasticStore, ElasticStore, FakeES]) -> None:
    a, b, fake = two
    a.save_alert(_alert())
    assert [x.name for x in b.alerts()] == ["Azoty"]
    seen_by_b = b._alerts._get("a1")  # both read the alert before either writes
    assert seen_by_b is not None
    assert a.claim_alert_window(_send("s-a"), None) is True
    put = fake.sent("PUT", rf"/{ALERTS}/_doc/a1")[-1]
    assert put.query["if_seq_no"] == str(seen_by_b.seq_no) and put.query["if_primary_term"] == "1"
    source = dict(seen_by_b.source, window_end=NOW.isoformat())
    assert b._alerts._put("a1", source, seen_by_b) is False  # the stale write: 409
    assert b.claim_alert_window(_send("s-b"), None) is False  # and after re-reading: moved
    got = b.get_alert("a1")
    assert got is not None and got.window_end == NOW
    assert [s.id for s in b.alert_sends("a1")] == ["s-a"]


def test_outcomes_and_edits_keep_the_window(two: tuple[ElasticStore, ElasticStore, FakeES]
                                            ) -> None:
    a, b, _ = two
    a.save_alert(_alert())
    send = _send("s1")
    assert a.claim_alert_window(send, None)
    b.save_alert(Alert(id="a1", name="Azoty", query="hala", emails=["p@example.org"]))
    send.status = SendStatus.SENT
    a.finish_alert_send(send)
    got = a.get_alert("a1")
    assert got is not None and got.query == "hala" and got.window_end == NOW
    assert got.last_sent == NOW and got.last_count == 1
    assert [s.status for s in a.alert_sends("a1")] == [SendStatus.SENT]
    with pytest.raises(AlertExists):
        b.save_alert(Alert(id="other", name="Azoty", emails=["p@example.org"]))
    assert a.delete_alert("a1") is True and a.get_alert("a1") is None
