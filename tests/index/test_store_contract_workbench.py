"""Contract of the analyst workbench on every backend: entity counts, corrections of member
links (applied to search filters, counts and exports, kept when a document is stored again),
the language filter of mentions, and share of voice / breakdowns built on them."""

from __future__ import annotations

from datetime import date

from index.alerts import Alert
from index.base import (
    Correction,
    CorrectionAction,
    EntitiesQuery,
    EntityKind,
    Interval,
    MentionsQuery,
    SearchQuery,
    Store,
)
from index.compare import Breakdown, compare, saved_search_series
from pipeline.document import Document
from tests.index.test_store_contract import FILLER, make


def _doc(n: int, *, published: str, members: dict[str, int], orgs: list[str],
         places: list[str] = (), source: str = "alpha", lang: str = "pl") -> Document:  # type: ignore[assignment]
    doc = make(f"https://{source}.example/w{n}", f"Tytuł {n}", f"Tekst numer {n}. {FILLER}",
               source=source, lang=lang, published=published, members=members)
    doc.organisations, doc.places, doc.persons = list(orgs), list(places), []
    return doc


def _fill(store: Store) -> list[Document]:
    docs = [
        _doc(1, published="2024-01-10", members={"azoty": 2}, orgs=["Orlen", "PKP Cargo"]),
        _doc(2, published="2024-02-10", members={}, orgs=["Orlen"], places=["Opole"]),
        _doc(3, published="2024-04-05", members={"azoty": 1, "park": 1},
             orgs=["Orlen", "Synthos", "Grupa Azoty"], places=["Opole"]),
        _doc(4, published="2024-04-20", members={"park": 3}, orgs=["Synthos"],
             source="beta", lang="cs"),
        _doc(5, published="2024-05-02", members={}, orgs=["Synthos", "=HYPERLINK()"]),
    ]
    store.upsert_many(docs)
    return docs


def test_entities_count_documents_per_name_in_a_period(store: Store) -> None:
    _fill(store)
    q = EntitiesQuery(kind=EntityKind.ORG, since=date(2024, 4, 1), until=date(2024, 6, 30))
    got = [(e.name, e.documents) for e in store.entities(q)]
    assert got == [("Synthos", 3), ("=HYPERLINK()", 1), ("Grupa Azoty", 1), ("Orlen", 1)]
    everything = {e.name: e.documents for e in store.entities(EntitiesQuery(top=100))}
    assert everything["Orlen"] == 3 and everything["PKP Cargo"] == 1
    places = store.entities(EntitiesQuery(kind=EntityKind.PLACE))
    assert [(e.name, e.documents) for e in places] == [("Opole", 2)]


def test_entities_filters_names_exclusions_and_prospects(store: Store) -> None:
    _fill(store)
    assert [e.name for e in store.entities(EntitiesQuery(top=1))] == ["Orlen"]  # 3, ties by name
    beta = store.entities(EntitiesQuery(sources=["beta"]))
    assert [(e.name, e.documents) for e in beta] == [("Synthos", 1)]
    cs = store.entities(EntitiesQuery(langs=["cs"]))
    assert [e.name for e in cs] == ["Synthos"]
    only = store.entities(EntitiesQuery(names=["Orlen", "Nobody"], until=date(2024, 3, 1)))
    assert [(e.name, e.documents) for e in only] == [("Orlen", 2)]
    prospects = store.entities(EntitiesQuery(with_members=True, exclude=["Grupa Azoty"]))
    assert [(e.name, e.documents) for e in prospects] == [
        ("Orlen", 2), ("Synthos", 2), ("PKP Cargo", 1)]
    assert store.entities(EntitiesQuery(top=0)) == []


def test_a_removed_link_leaves_search_counts_and_export(store: Store) -> None:
    docs = _fill(store)
    target = docs[2]
    before = store.mentions(MentionsQuery(members=["azoty"], interval=Interval.YEAR))
    assert before.series[0].buckets[0].mentions == 3
    now = store.add_correction(Correction(target.id, "azoty", CorrectionAction.REMOVE,
                                          "ania", "a different Azoty"))
    assert now is not None and "azoty" not in now.members
    after = store.mentions(MentionsQuery(members=["azoty"], interval=Interval.YEAR))
    assert after.series[0].buckets[0].mentions == 2
    hits = store.search(SearchQuery(members=["azoty"], limit=10)).hits
    assert target.id not in {h.id for h in hits}
    stored = store.get(target.id)
    assert stored is not None and stored.members == {"park": 1}
    assert stored.machine_members == {"azoty": 1, "park": 1}
    assert stored.corrections[0]["who"] == "ania"
    assert stored.corrections[0]["why"] == "a different Azoty"
    exported = {d.id: d for d in store.export()}
    assert exported[target.id].members == {"park": 1}
    (c,) = store.corrections(target.id)
    assert c.action is CorrectionAction.REMOVE and c.member == "azoty" and c.at is not None
    assert [x.doc_id for x in store.corrections()] == [target.id]


def test_corrections_survive_a_new_analysis_and_can_be_undone(store: Store) -> None:
    docs = _fill(store)
    target = docs[1]  # the machine found no member
    store.add_correction(Correction(target.id, "park", CorrectionAction.ADD, "jan"))
    again = _doc(2, published="2024-02-10", members={}, orgs=["Orlen", "Opole Port"],
                 places=["Opole"])  # reprocessed: fresh machine links, new entities
    store.upsert(again)
    stored = store.get(target.id)
    assert stored is not None and stored.members == {"park": 1}
    assert stored.organisations == ["Orlen", "Opole Port"]
    park = store.mentions(MentionsQuery(members=["park"], interval=Interval.YEAR))
    assert sum(b.documents for b in park.series[0].buckets) == 3
    assert store.delete_correction(target.id, "park") is True
    assert store.delete_correction(target.id, "park") is False
    undone = store.get(target.id)
    assert undone is not None and undone.members == {} and undone.corrections == []
    assert undone.machine_members is None
    assert store.add_correction(Correction("0" * 16, "park", CorrectionAction.ADD)) is None
    assert store.corrections("0" * 16) == []


def test_mentions_filter_by_language_and_compare(store: Store) -> None:
    _fill(store)
    cs = store.mentions(MentionsQuery(members=["park"], interval=Interval.YEAR, langs=["cs"]))
    assert [b.mentions for b in cs.series[0].buckets] == [3]
    shared = compare(store, MentionsQuery(members=["park"], interval=Interval.YEAR), share=True)
    (bucket,) = shared.series[0].buckets
    assert bucket.mentions == 4 and bucket.share == round(4 / 7, 4)
    broken = compare(store, MentionsQuery(members=["park", "azoty"], interval=Interval.YEAR),
                     by=Breakdown.SOURCE)
    assert broken.by == "source"
    got = [(s.member, s.group, sum(b.mentions for b in s.buckets)) for s in broken.series]
    assert got == [("park", "beta", 3), ("park", "alpha", 1), ("azoty", "alpha", 3)]
    by_lang = compare(store, MentionsQuery(members=["park"], interval=Interval.YEAR),
                      share=True, by=Breakdown.LANG)
    assert {(s.group, s.buckets[0].share) for s in by_lang.series} == {
        ("cs", round(3 / 7, 4)), ("pl", round(1 / 7, 4))}


def test_search_histogram_and_a_saved_search_on_the_compare_chart(store: Store) -> None:
    _fill(store)  # every text says "Tekst numer N"; documents 1-5 from January to May
    by_month = store.search_histogram(SearchQuery(text="tekst"), Interval.MONTH)
    assert [(b.date, b.documents) for b in by_month] == [
        ("2024-01-01", 1), ("2024-02-01", 1), ("2024-03-01", 0), ("2024-04-01", 2),
        ("2024-05-01", 1)]
    beta = store.search_histogram(SearchQuery(text="tekst", sources=["beta"]), Interval.YEAR)
    assert [(b.date, b.documents) for b in beta] == [("2024-01-01", 1)]
    assert store.search_histogram(SearchQuery(text="nieobecne"), Interval.MONTH) == []
    members = store.search_histogram(SearchQuery(members=["park"]), Interval.YEAR)
    assert [b.documents for b in members] == [2]
    alert = Alert(id="a1", name="Park", members=["park"])
    line = saved_search_series(store, alert, MentionsQuery(interval=Interval.MONTH,
                                                           since=date(2024, 4, 10)))
    assert line.member == "search:a1" and line.name == "Park"
    assert [(b.date, b.documents) for b in line.buckets] == [("2024-04-01", 1)]
