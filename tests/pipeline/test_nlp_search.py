"""Search lemmas: a base-name query finds texts that hold only inflected forms, not look-alikes.

The texts are written for this test; each names one member in an inflected or translated form
only. A document matches when it holds every query lemma (the stores' full-text semantics).
Look-alikes that contain the whole base name ("Inovační centrum Ústeckého kraje") cannot be told
apart by lemmas; the member filter (linked mentions) is the precise instrument for those.
"""

from __future__ import annotations

from pathlib import Path

from index.base import SearchQuery, StoreOptions
from index.factory import open_store
from pipeline.document import Document
from pipeline.identity import identify
from pipeline.link import link_members
from pipeline.nlp import query_lemmas
from tests.pipeline.nlp_helpers import registry, tagger

INFLECTED: dict[str, tuple[str, str]] = {
    "grupa-azoty-zak": (
        "pl",
        "Pracownicy Grupy Azoty Zakładów Azotowych Kędzierzyn dostali premie.",
    ),
    "icso-blachownia": (
        "pl",
        "Naukowcy z Instytutu Ciężkiej Syntezy Organicznej „Blachownia” opatentowali katalizator.",
    ),
    "kkpp": ("pl", "Inwestor kupił działkę od Kędzierzyńsko-Kozielskiego Parku Przemysłowego."),
    "chem-ster": ("pl", "Do Klastra Chemii Specjalistycznej CHEM-STER dołączyły dwie firmy."),
    "metalchem": ("pl", "Zarząd Stowarzyszenia „Park Przemysłowy Metalchem” wybrał prezesa."),
    "petrochemia-blachownia": ("pl", "Związkowcy z Petrochemii-Blachownia protestowali."),
    "brenntag-polska": ("pl", "Kierowcy Brenntagu Polska przewieźli surowce."),
    "politechnika-opolska": ("pl", "Studenci Politechniki Opolskiej zbudowali reaktor."),
    "uniwersytet-opolski": ("pl", "Chemicy z Uniwersytetu Opolskiego zbadali próbki."),
    "ocrg": ("pl", "Dotację przyznało Opolskiemu Centrum Rozwoju Gospodarki ministerstwo."),
    "umwo": ("pl", "Wniosek trafił do Urzędu Marszałkowskiego Województwa Opolskiego."),
    "krajowa-siec-klastrow": ("pl", "Eksperci Krajowej Sieci Klastrów ocenili projekt."),
    "spolchemie": ("cs", "Zaměstnanci Spolku pro chemickou a hutní výrobu dostali odměny."),
    "orlen-unipetrol": ("cs", "Ředitel ORLEN Unipetrolu oznámil investici."),
    "lovochemie": ("cs", "V Lovochemii spustili novou linku."),
    "spolana": ("cs", "Ve Spolaně začala odstávka."),
    "ujep": ("cs", "Studenti Univerzity Jana Evangelisty Purkyně v Ústí nad Labem uspěli."),
    "ustecky-kraj": ("cs", "Dotaci schválilo zastupitelstvo Ústeckého kraje."),
    "infraleuna": ("de", "Die Mitarbeiter der InfraLeuna GmbH feierten."),
    "dow-schkopau": ("de", "Die Anlage des Dow Olefinverbunds wurde erneuert."),
    "chemiepark-bitterfeld-wolfen": ("de", "Im Chemiepark Bitterfeld-Wolfen entstehen Jobs."),
    "mw-sachsen-anhalt": (
        "de",
        "Vertreter des Ministeriums für Wirtschaft, Tourismus, "
        "Landwirtschaft und Forsten des Landes Sachsen-Anhalt kamen.",
    ),
    "cheshire-west-chester": ("en", "Cheshire West and Chester Council's planners approved it."),
    "ecrn": ("en", "The European Chemical Regions Network's members met."),
}

LOOK_ALIKES: dict[str, tuple[str, str]] = {
    "grupa-azoty-zak": ("pl", "Grupa Azoty Police i Grupa Azoty Puławy podniosły ceny."),
    "metalchem": ("pl", "Metalchem Serwis ze Skierniewic kupił prasę."),
    "brenntag-polska": ("pl", "Brenntag SE z Essen przejął dystrybutora w Czechach."),
    "umwo": ("pl", "Opolski Urząd Wojewódzki wydał komunikat."),
    "dow-schkopau": ("en", "Dow Chemical reported results in Midland."),
}


def _lemmas(lang: str, text: str) -> set[str]:
    doc = tagger()(Document(url="t", source="t", lang=lang, text=text))
    return set(doc.lemmas.split())


def _hits(query: str, docs: dict[str, set[str]]) -> set[str]:
    q = set(query_lemmas(query))
    return {key for key, lemmas in docs.items() if q and q <= lemmas}


def test_base_name_queries_find_inflected_texts() -> None:
    docs = {mid: _lemmas(lang, text) for mid, (lang, text) in INFLECTED.items()}
    found = sum(
        mid in _hits(registry().get(mid).name, docs)  # type: ignore[union-attr]
        for mid in INFLECTED
    )
    assert found / len(INFLECTED) >= 0.95


def test_base_name_queries_skip_look_alikes() -> None:
    docs = {mid: _lemmas(lang, text) for mid, (lang, text) in LOOK_ALIKES.items()}
    for mid in LOOK_ALIKES:
        assert mid not in _hits(registry().get(mid).name, docs)  # type: ignore[union-attr]


def test_query_examples_from_the_issue() -> None:
    zak = _lemmas("pl", "Na terenie Grupy Azoty ZAK powstanie magazyn.")
    assert set(query_lemmas("Grupa Azoty ZAK")) <= zak
    assert set(query_lemmas("Lovochemie")) <= _lemmas("cs", "Lovochemii se daří.")
    assert set(query_lemmas("Ústecký kraj")) <= _lemmas("cs", "Hejtman Ústeckého kraje řekl.")


def test_query_language_hint_agrees_with_unknown_language() -> None:
    assert query_lemmas("Politechnika Opolska", "pl") == query_lemmas("Politechnika Opolska")
    assert query_lemmas("") == []


def test_real_sqlite_store_finds_inflected_texts(tmp_path: Path) -> None:
    """The same set through the embedded store: documents tagged and stored, base-name queries
    lemmatised with query_lemmas and searched through index/sqlite."""
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}", StoreOptions(data_dir=str(tmp_path)))
    try:
        sentences = {**INFLECTED, **{f"{k}-look-alike": v for k, v in LOOK_ALIKES.items()}}
        for key, (lang, text) in sentences.items():
            doc = Document(url=f"https://news.example/{key}", source="test", lang=lang, text=text)
            store.upsert(identify(link_members(tagger()(doc))))
        found, false_hits = 0, []
        for mid in INFLECTED:
            name = registry().get(mid).name  # type: ignore[union-attr]
            hits = store.search(SearchQuery(text=name, lemmas=query_lemmas(name), limit=50)).hits
            urls = {h.url.rsplit("/", 1)[1] for h in hits}
            found += mid in urls
            false_hits += [u for u in urls if u == f"{mid}-look-alike"]
        assert found / len(INFLECTED) >= 0.95
        assert false_hits == []
    finally:
        store.close()
