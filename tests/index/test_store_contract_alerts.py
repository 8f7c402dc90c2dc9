"""Contract for alerts in the store: definitions, the window that moves only with a send record,
and the fetch-time window filter of search. Runs on every backend of the ``store`` fixture."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from index.alerts import Alert, AlertExists, AlertSend, Frequency, SendStatus
from index.base import SearchQuery, SortOrder, Store
from tests.index.test_store_contract import T0, make

NOW = datetime(2024, 3, 5, 6, 0, tzinfo=timezone.utc)


def alert(alert_id: str = "a1", name: str = "Azoty", **kw: object) -> Alert:
    base = Alert(id=alert_id, name=name, query="instalacja", members=["azoty"],
                 emails=["press@example.org"], every=Frequency.DAILY, at="06:30",
                 created=T0)
    for key, value in kw.items():
        setattr(base, key, value)
    return base


def send(send_id: str, start: datetime | None, end: datetime, **kw: object) -> AlertSend:
    out = AlertSend(id=send_id, alert_id="a1", at=end, window_start=start, window_end=end,
                    count=2, doc_ids=["d1", "d2"], channel="outbox")
    for key, value in kw.items():
        setattr(out, key, value)
    return out


def test_alerts_are_saved_listed_edited_and_deleted(store: Store) -> None:
    store.save_alert(alert())
    store.save_alert(alert("b2", "Beta watch", query="", every=Frequency.WEEKLY, weekday="fri"))
    assert [a.name for a in store.alerts()] == ["Azoty", "Beta watch"]
    got = store.get_alert("a1")
    assert got is not None and got.members == ["azoty"] and got.at == "06:30"
    assert got.every is Frequency.DAILY and got.window_end is None and got.created == T0
    store.save_alert(alert(query="nowa instalacja", paused=True))
    edited = store.get_alert("a1")
    assert edited is not None and edited.query == "nowa instalacja" and edited.paused
    assert store.delete_alert("b2") is True
    assert store.delete_alert("b2") is False
    assert [a.id for a in store.alerts()] == ["a1"]
    assert store.get_alert("b2") is None


def test_a_second_alert_with_the_same_name_is_refused(store: Store) -> None:
    store.save_alert(alert())
    with pytest.raises(AlertExists):
        store.save_alert(alert("other", "Azoty"))
    assert [a.id for a in store.alerts()] == ["a1"]


def test_the_window_moves_once_and_only_with_its_send(store: Store) -> None:
    store.save_alert(alert())
    first = send("s1", None, NOW)
    assert store.claim_alert_window(first, None) is True
    assert store.claim_alert_window(send("s1b", None, NOW), None) is False  # the same window
    got = store.get_alert("a1")
    assert got is not None and got.window_end == NOW and got.last_sent is None
    assert [s.id for s in store.alert_sends("a1")] == ["s1"]
    assert store.alert_sends("a1")[0].status is SendStatus.SENDING
    first.status = SendStatus.SENT
    store.finish_alert_send(first)
    got = store.get_alert("a1")
    assert got is not None and got.last_sent == NOW and got.last_count == 2
    (rec,) = store.alert_sends("a1")
    assert rec.status is SendStatus.SENT and rec.doc_ids == ["d1", "d2"]
    assert rec.window_start is None and rec.window_end == NOW


def test_editing_an_alert_keeps_its_window(store: Store) -> None:
    store.save_alert(alert())
    assert store.claim_alert_window(send("s1", None, NOW), None)
    store.save_alert(alert(query="inne słowa"))
    got = store.get_alert("a1")
    assert got is not None and got.window_end == NOW and got.query == "inne słowa"


def test_a_failed_send_gives_the_window_back(store: Store) -> None:
    store.save_alert(alert())
    ok = send("s1", None, NOW, status=SendStatus.SENT)
    assert store.claim_alert_window(ok, None)
    store.finish_alert_send(ok)
    later = NOW + timedelta(days=1)
    bad = send("s2", NOW, later)
    assert store.claim_alert_window(bad, NOW)
    bad.status, bad.error = SendStatus.FAILED, "connection refused"
    store.finish_alert_send(bad)
    got = store.get_alert("a1")
    assert got is not None and got.window_end == NOW and got.last_sent == NOW
    assert [s.status for s in store.alert_sends("a1")] == [SendStatus.FAILED, SendStatus.SENT]
    assert store.alert_sends("a1", limit=1)[0].error == "connection refused"
    assert store.claim_alert_window(send("s3", NOW, later), NOW)  # caught up next time


def test_no_window_to_claim_for_an_unknown_or_deleted_alert(store: Store) -> None:
    assert store.claim_alert_window(send("s1", None, NOW), None) is False
    store.save_alert(alert())
    store.delete_alert("a1")
    assert store.claim_alert_window(send("s1", None, NOW), None) is False
    assert store.alert_sends("a1") == []
    store.save_alert(alert())
    claimed = send("s2", None, NOW)
    assert store.claim_alert_window(claimed, None)
    store.delete_alert("a1")  # deleted while its digest was out
    claimed.status = SendStatus.SENT
    store.finish_alert_send(claimed)  # nothing to record, no error
    assert store.get_alert("a1") is None and store.alert_sends("a1") == []


def test_search_filters_on_the_fetch_window(store: Store) -> None:
    for n in range(4):
        store.upsert(make(f"https://alpha.example/w{n}", f"Instalacja {n}",
                          "Nowa instalacja w zakładach.", fetched_at=T0 + timedelta(hours=n)))
    q = SearchQuery(text="instalacja", sort=SortOrder.DATE, limit=10,
                    fetched_after=T0 + timedelta(hours=1), fetched_until=T0 + timedelta(hours=3))
    got = sorted(h.url for h in store.search(q).hits)
    assert got == ["https://alpha.example/w2", "https://alpha.example/w3"]
    only_after = SearchQuery(fetched_after=T0 + timedelta(hours=2), limit=10)
    assert store.search(only_after).total == 1
    local = T0.astimezone(timezone(timedelta(hours=2)))  # another offset, the same moment
    assert store.search(SearchQuery(fetched_after=local, limit=10)).total == 3
