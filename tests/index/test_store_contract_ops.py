"""Contract for the maintenance reads and writes the ops code relies on: ``recent_documents``
(the health check) and ``prune_revisions`` (retention). Runs on every backend of the
parametrised ``store`` fixture, like tests/index/test_store_contract.py."""

from __future__ import annotations

from datetime import timedelta

from index.base import Store
from tests.index.test_store_contract import T0, make


def _versions(store: Store, url: str, n: int, start: int = 0) -> str:
    """Store ``n`` differing versions of one page, a day apart; its id."""
    doc_id = ""
    for k in range(start, start + n):
        doc = make(url, f"Wersja {k}", f"Tekst numer {k} o instalacji w zakładach.",
                   fetched_at=T0 + timedelta(days=k))
        store.upsert(doc)
        doc_id = doc.id or ""
    return doc_id


def test_recent_documents_are_the_newest_fetched_of_one_source(store: Store) -> None:
    for n in range(6):
        store.upsert(make(f"https://alpha.example/r{n}", f"Alfa {n}", f"Treść alfa {n}.",
                          fetched_at=T0 + timedelta(hours=n)))
    store.upsert(make("https://beta.example/late", "Beta", "Treść beta, najnowsza.",
                      source="beta", fetched_at=T0 + timedelta(days=9)))
    recent = store.recent_documents("alpha", 3)
    assert [d.url for d in recent] == [f"https://alpha.example/r{n}" for n in (5, 4, 3)]
    assert all(d.source == "alpha" for d in recent)
    assert recent[0].title == "Alfa 5" and recent[0].text == "Treść alfa 5."
    assert [d.url for d in store.recent_documents("beta", 10)] == ["https://beta.example/late"]
    assert store.recent_documents("alpha", 0) == []
    assert store.recent_documents("nobody", 5) == []


def test_recent_documents_follow_a_refetch(store: Store) -> None:
    first = make("https://alpha.example/old", "Stary", "Pierwszy tekst.", fetched_at=T0)
    store.upsert(first)
    store.upsert(make("https://alpha.example/mid", "Środek", "Drugi tekst.",
                      fetched_at=T0 + timedelta(days=1)))
    store.upsert(make("https://alpha.example/old", "Stary", "Zmieniony pierwszy tekst.",
                      fetched_at=T0 + timedelta(days=2)))
    (newest,) = store.recent_documents("alpha", 1)
    assert newest.id == first.id and newest.text == "Zmieniony pierwszy tekst."


def test_prune_revisions_keeps_the_newest_of_every_document(store: Store) -> None:
    busy = _versions(store, "https://alpha.example/busy", 5)  # 4 revisions
    calm = _versions(store, "https://alpha.example/calm", 2)  # 1 revision
    assert store.prune_revisions(2) == 2
    assert [r.title for r in store.revisions(busy)] == ["Wersja 2", "Wersja 3"]
    assert [r.title for r in store.revisions(calm)] == ["Wersja 0"]
    assert store.prune_revisions(2) == 0
    got = store.get(busy)
    assert got is not None and got.title == "Wersja 4"  # the document itself is untouched
    assert store.prune_revisions(0) == 3
    assert store.revisions(busy) == [] and store.revisions(calm) == []
    assert store.stats().documents == 2
