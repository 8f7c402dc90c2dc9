"""The behavioural suite every Store backend passes (see index/base.py for the contract).

Runs against every backend of the parametrised ``store`` fixture (tests/index/conftest.py).
Only behaviour defined by index.base is tested here, never a backend's internals.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from index.base import (
    Interval,
    MentionsQuery,
    MentionUnit,
    RunRecord,
    SearchQuery,
    Series,
    SortOrder,
    SourceRunStats,
    Store,
    UpsertOutcome,
)
from pipeline.document import Document, Entity, PageSpan
from pipeline.identity import identify

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc)
FILLER = ("Rada miasta omawiała budżet na przyszły rok, remonty dróg powiatowych oraz nowe "
          "połączenia autobusowe do sąsiednich gmin i termin konsultacji społecznych.")


def make(url: str, title: str, text: str, *, source: str = "alpha", lang: str | None = "pl",
         published: str | None = "2024-03-01", members: dict[str, int] | None = None,
         lemmas: str | None = None, story_id: str | None = None,
         fetched_at: datetime = T0) -> Document:
    doc = Document(url=url, source=source, title=title, text=text, lang=lang,
                   published=published, members=dict(members or {}), story_id=story_id,
                   fetched_at=fetched_at, html=f"<html><body><h1>{title}</h1><p>{text}</p>")
    doc.lemmas = lemmas if lemmas is not None else f"{title} {text}".casefold()
    return identify(doc)


def urls(store: Store, **kw: object) -> list[str]:
    result = store.search(SearchQuery(**kw))  # type: ignore[arg-type]
    return [h.url for h in result.hits]


@pytest.fixture
def corpus(store: Store) -> Store:
    """Six documents over three sources, two languages and two months."""
    docs = [
        make("https://alpha.example/1", "Grupa Azoty zwiększa produkcję",
             "Zakłady w Kędzierzynie-Koźlu uruchomiły nową instalację. " + FILLER,
             members={"azoty": 2}, published="2024-01-15"),
        make("https://alpha.example/2", "Park przemysłowy szuka inwestorów",
             "Kędzierzyńsko-Kozielski Park Przemysłowy i Grupa Azoty podpisały list. " + FILLER,
             members={"park": 1, "azoty": 1}, published="2024-01-17"),
        make("https://beta.example/3", "Chemiepark erweitert Anlagen",
             "Der Chemiepark in Leuna investiert in Wasserstoff und neue Leitungen.",
             source="beta", lang="de", members={"leuna": 3}, published="2024-02-05"),
        make("https://beta.example/4", "Budżet powiatu",
             FILLER + " Nic o przemyśle chemicznym.", source="beta", published="2024-02-20"),
        make("https://gamma.example/5", "Wodór w Opolu",
             "Instytut w Opolu bada wodór; Grupa Azoty jest partnerem projektu.",
             source="gamma", members={"azoty": 1}, published=None),
        make("https://gamma.example/6", "Hydrogen valley plans",
             "Partners in Opole and Leuna compare hydrogen pipelines and storage.",
             source="gamma", lang="en", members={"leuna": 1}, published="2024-02-06"),
    ]
    assert store.upsert_many(docs) == [UpsertOutcome.NEW] * len(docs)
    return store


# upsert, get, revisions, delete --------------------------------------------------------------

def test_upsert_is_idempotent_and_keeps_revisions(store: Store) -> None:
    doc = make("https://alpha.example/a", "Pierwszy tytuł", "Pierwsza wersja tekstu.")
    assert store.upsert(doc) == UpsertOutcome.NEW
    assert store.upsert(make("https://alpha.example/a", "Pierwszy tytuł",
                             "Pierwsza wersja tekstu.", fetched_at=T0 + timedelta(days=1))
                        ) == UpsertOutcome.UNCHANGED
    changed = make("https://alpha.example/a", "Drugi tytuł", "Druga wersja tekstu.",
                   fetched_at=T0 + timedelta(days=2))
    assert store.upsert(changed) == UpsertOutcome.UPDATED
    assert store.stats().documents == 1
    got = store.get(doc.id)
    assert got is not None and got.title == "Drugi tytuł" and got.text == "Druga wersja tekstu."
    revs = store.revisions(doc.id)
    assert [(r.title, r.text, r.content_hash) for r in revs] == [
        ("Pierwszy tytuł", "Pierwsza wersja tekstu.", doc.content_hash)]
    assert T0 <= revs[0].seen_at.astimezone(timezone.utc) < T0 + timedelta(days=2)
    assert urls(store, text="druga") == ["https://alpha.example/a"]
    assert urls(store, text="pierwsza") == []


def test_get_rebuilds_the_document_exactly(store: Store) -> None:
    doc = make("https://alpha.example/full?x=1", "Tytuł <i>z</i> HTML",
               "Treść z encją Grupy Azoty.", members={"azoty": 1})
    doc.canonical_url, doc.id = "https://alpha.example/full", ""
    doc.ensure_id()
    doc.entities = [Entity("Grupy Azoty", "ORG", 12, 23, "Grupa Azoty", "azoty")]
    doc.author, doc.section, doc.lead, doc.source_line = "Jan Nowak", "Gospodarka", "Lead", "PAP"
    doc.captions, doc.places, doc.persons = ["Fot. archiwum"], ["Opole"], ["Jan Nowak"]
    doc.organisations, doc.paragraph_langs = ["Grupa Azoty"], ["pl"]
    doc.published_source, doc.updated, doc.encoding = "json-ld", "2024-03-02", "windows-1250"
    store.upsert(doc)
    got = store.get(doc.id)
    assert got == doc
    assert got is not None and got.to_json() == doc.to_json()
    by_url = store.get_by_url("https://alpha.example/full?x=1")
    assert by_url is not None and by_url.id == doc.id
    assert store.get("0" * 16) is None
    assert store.get_by_url("https://nowhere.example/") is None


def test_documents_keep_media_type_and_page_spans(store: Store) -> None:
    """A PDF's media type and page spans (OCR marking included) come back as stored, and its
    text is searched like any page's."""
    text = "Grupa Azoty buduje elektrolizer.\n\nStrona druga: magazyn wodoru w Kędzierzynie."
    doc = make("https://alpha.example/raport.pdf", "Raport roczny", text, members={"azoty": 1})
    doc.media, doc.media_type = "document", "application/pdf"
    doc.pages = [PageSpan(1, 0, 32, "text"), PageSpan(2, 34, len(text), "ocr")]
    doc.html = '{"media_type": "application/pdf", "pages": []}'
    store.upsert(doc)
    got = store.get(doc.id)
    assert got == doc
    assert got is not None and got.to_json()["media_type"] == "application/pdf"
    assert got.to_json()["pages"][1] == {"page": 2, "start": 34, "end": len(text), "origin": "ocr"}
    assert got.page_of(text.index("magazyn")) == PageSpan(2, 34, len(text), "ocr")
    assert urls(store, text="magazyn") == ["https://alpha.example/raport.pdf"]
    page = make("https://alpha.example/html", "Strona", "Zwykła strona HTML o wodorze.")
    store.upsert(page)
    got_page = store.get(page.id)
    assert got_page is not None and got_page.to_json()["media_type"] == "text/html"
    assert got_page.pages == []


def test_delete_removes_document_from_search_and_mentions(corpus: Store) -> None:
    doc = corpus.get_by_url("https://gamma.example/6")
    assert doc is not None
    assert corpus.delete(doc.id) is True
    assert corpus.delete(doc.id) is False
    assert corpus.get(doc.id) is None
    assert urls(corpus, text="hydrogen") == []
    assert urls(corpus, sources=["gamma"]) == ["https://gamma.example/5"]
    assert corpus.stats().documents == 5 and corpus.stats().by_lang.get("en", 0) == 0
    series = corpus.mentions(MentionsQuery(members=["leuna"])).series
    assert sum(b.mentions for b in series[0].buckets) == 3


def test_get_fills_duplicates_from_the_story(store: Store) -> None:
    a = make("https://alpha.example/s1", "Komunikat", "Ten sam komunikat prasowy.",
             story_id="story-1", published="2024-01-01")
    b = make("https://beta.example/s2", "Komunikat (kopia)", "Ten sam komunikat prasowy!",
             source="beta", story_id="story-1", published="2024-01-02")
    c = make("https://beta.example/s3", "Inny", "Coś innego.", source="beta")
    store.upsert_many([a, b, c])
    got_a, got_b, got_c = store.get(a.id), store.get(b.id), store.get(c.id)
    assert got_a is not None and got_a.duplicates == [b.id]
    assert got_b is not None and got_b.duplicates == [a.id]
    assert got_c is not None and got_c.duplicates == []
    exported = {d.id: d for d in store.export()}  # export is one `get` a line
    for doc_id in (a.id, b.id, c.id):
        assert exported[doc_id].duplicates == store.get(doc_id).duplicates  # type: ignore[union-attr]


# search ---------------------------------------------------------------------------------------

def test_search_finds_words_and_ranks_title_matches_first(corpus: Store) -> None:
    result = corpus.search(SearchQuery(text="Azoty"))
    assert result.total == 3
    assert result.hits[0].url == "https://alpha.example/1"  # the word is in its title
    assert {h.url for h in result.hits} == {"https://alpha.example/1",
                                           "https://alpha.example/2", "https://gamma.example/5"}
    assert all(h.score > 0 for h in result.hits)
    assert result.hits[0].score >= result.hits[-1].score
    hit = result.hits[0]
    assert hit.source == "alpha" and hit.lang == "pl" and hit.published == "2024-01-15"
    assert hit.members == ["azoty"] and hit.title == "Grupa Azoty zwiększa produkcję"


def test_every_word_must_match(corpus: Store) -> None:
    assert urls(corpus, text="Azoty Opolu") == ["https://gamma.example/5"]
    assert urls(corpus, text="Azoty Wasserstoff") == []


def test_base_form_query_matches_inflected_text_through_lemmas(store: Store) -> None:
    doc = make("https://alpha.example/inf", "Inwestycja w zakładach",
               "Przedstawiciele Grupy Azotów ogłosili plan.",
               lemmas="inwestycja w zakład przedstawiciel grupa azot ogłosić plan")
    store.upsert(doc)
    # the words as typed do not occur: the store's search finds them through the query's lemmas
    assert urls(store, text="Grupa Azoty") == [doc.url]
    assert urls(store, text="Grupa Orlen") == []
    assert urls(store, text="Grupa Azoty", lemmas=["grupa", "azot"]) == [doc.url]
    assert urls(store, text="zakład", lemmas=["zakład"]) == [doc.url]
    hits = store.search(SearchQuery(text="Grupa Azoty", lemmas=["grupa", "azot"])).hits
    assert "<mark>" not in hits[0].snippet or "</mark>" in hits[0].snippet


@pytest.mark.parametrize("text", [
    'AND', 'OR OR', 'NOT', 'NEAR(a b', '"unbalanced', '*', 'a*', 'title:Azoty', '{title}: x',
    '(', ')', '^Azoty', '-', '--', '"', '""', 'a"b', "'", ':', 'Azoty AND', '+Azoty', '\\',
    '\x00', 'ł' * 300, '-"Azoty"',
])
def test_query_syntax_never_reaches_the_user(corpus: Store, text: str) -> None:
    result = corpus.search(SearchQuery(text=text))
    assert result.total >= 0 and len(result.hits) <= 20


def test_operator_words_are_plain_words(corpus: Store) -> None:
    doc = make("https://alpha.example/op", "Not and or", "Near and not or something.",
               lemmas="not and or near something")
    corpus.upsert(doc)
    assert urls(corpus, text="NOT") == [doc.url]
    assert urls(corpus, text="near OR") == [doc.url]


def test_quoted_phrase_and_exclusion(corpus: Store) -> None:
    assert urls(corpus, text='"Grupa Azoty zwiększa"') == ["https://alpha.example/1"]
    assert urls(corpus, text='"Azoty Grupa"') == []
    assert sorted(urls(corpus, text="Azoty -Opolu")) == ["https://alpha.example/1",
                                                        "https://alpha.example/2"]
    assert urls(corpus, text='Azoty -"nową instalację" -Opolu') == ["https://alpha.example/2"]
    assert urls(corpus, text="Kędzierzyn-Koźle") == []  # hyphenated words form a phrase
    assert urls(corpus, text="Kędzierzynie-Koźlu") == ["https://alpha.example/1"]


def test_snippets_mark_matches_and_escape_hostile_text(store: Store) -> None:
    doc = make("https://alpha.example/x", "Test <img src=x onerror=alert(1)>",
               'Tekst <script>alert("x")</script> o Azoty & spółce </mark> tu.')
    store.upsert(doc)
    (hit,) = store.search(SearchQuery(text="Azoty")).hits
    assert "<mark>Azoty</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")
    assert hit.title == "Test <img src=x onerror=alert(1)>"  # raw; escaping is the viewer's job


def test_filters(corpus: Store) -> None:
    assert sorted(urls(corpus, members=["park", "leuna"])) == [
        "https://alpha.example/2", "https://beta.example/3", "https://gamma.example/6"]
    assert urls(corpus, text="Leuna", langs=["de"]) == ["https://beta.example/3"]
    assert sorted(urls(corpus, text="Azoty", sources=["alpha"])) == [
        "https://alpha.example/1", "https://alpha.example/2"]
    assert urls(corpus, text="Azoty", since=date(2024, 1, 16)) == ["https://alpha.example/2"]
    assert urls(corpus, text="Azoty", until=date(2024, 1, 15)) == ["https://alpha.example/1"]
    assert urls(corpus, since=date(2024, 2, 1), until=date(2024, 2, 5)) == [
        "https://beta.example/3"]
    assert urls(corpus, text="Azoty", members=["leuna"]) == []


def test_sort_by_date_newest_first_and_paging(corpus: Store) -> None:
    dated = urls(corpus, sort=SortOrder.DATE, limit=5)
    assert dated == ["https://beta.example/4", "https://gamma.example/6",
                     "https://beta.example/3", "https://alpha.example/2",
                     "https://alpha.example/1"]
    assert urls(corpus, text="Azoty", sort=SortOrder.DATE)[:2] == [
        "https://alpha.example/2", "https://alpha.example/1"]
    first = corpus.search(SearchQuery(sort=SortOrder.DATE, limit=4))
    second = corpus.search(SearchQuery(sort=SortOrder.DATE, limit=4, offset=4))
    assert first.total == second.total == 6
    assert len(first.hits) == 4 and len(second.hits) == 2
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_facets_count_all_matches(corpus: Store) -> None:
    result = corpus.search(SearchQuery(text="Azoty", limit=1, facets=True))
    assert len(result.hits) == 1 and result.total == 3
    assert result.facets["member"] == {"azoty": 3, "park": 1}
    assert result.facets["source"] == {"alpha": 2, "gamma": 1}
    assert result.facets["lang"] == {"pl": 3}
    assert corpus.search(SearchQuery(text="Azoty")).facets == {}


# mentions ------------------------------------------------------------------------------------

def _nonzero(series: list[Series]) -> dict[str, dict[str, tuple[int, int]]]:
    """member -> date -> (mentions, documents) of the non-empty buckets (backends may or may
    not send empty ones); bucket dates must ascend."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for s in series:
        out[s.member] = {b.date: (b.mentions, b.documents) for b in s.buckets
                         if b.mentions or b.documents}
        dates = [b.date for b in s.buckets]
        assert dates == sorted(dates)
    return out


def test_mentions_per_month_for_every_member(corpus: Store) -> None:
    result = corpus.mentions(MentionsQuery(interval=Interval.MONTH, until=date(2024, 12, 31),
                                           names={"azoty": "Grupa Azoty"}))
    got = _nonzero(result.series)
    # the undated document counts by its fetch date
    assert got["azoty"] == {"2024-01-01": (3, 2), "2024-03-01": (1, 1)}
    assert got["park"] == {"2024-01-01": (1, 1)}
    assert got["leuna"] == {"2024-02-01": (4, 2)}
    names = {s.member: s.name for s in result.series}
    assert names["azoty"] == "Grupa Azoty" and names["leuna"] == "leuna"
    assert result.to_json()["interval"] == "month"


def test_mentions_weeks_start_on_monday_and_other_intervals(corpus: Store) -> None:
    week = corpus.mentions(MentionsQuery(members=["azoty"], interval=Interval.WEEK,
                                         until=date(2024, 2, 1)))
    assert _nonzero(week.series)["azoty"] == {"2024-01-15": (3, 2)}  # 15 and 17 Jan 2024
    day = corpus.mentions(MentionsQuery(members=["leuna"], interval=Interval.DAY))
    assert _nonzero(day.series)["leuna"] == {"2024-02-05": (3, 1), "2024-02-06": (1, 1)}
    year = corpus.mentions(MentionsQuery(members=["leuna"], interval=Interval.YEAR))
    assert _nonzero(year.series)["leuna"] == {"2024-01-01": (4, 2)}


def test_mentions_filters_and_members_without_mentions(corpus: Store) -> None:
    result = corpus.mentions(MentionsQuery(members=["leuna", "nobody"], sources=["gamma"]))
    assert [s.member for s in result.series] == ["leuna", "nobody"]
    got = _nonzero(result.series)
    assert got == {"leuna": {"2024-02-01": (1, 1)}, "nobody": {}}
    since = corpus.mentions(MentionsQuery(members=["azoty"], since=date(2024, 1, 16),
                                          until=date(2024, 1, 31)))
    assert _nonzero(since.series)["azoty"] == {"2024-01-01": (1, 1)}


def test_mentions_count_stories_once(store: Store) -> None:
    story = [make(f"https://s{i}.example/p", f"Kopia {i}", f"Wspólny komunikat {i}.",
                  source=f"s{i}", members={"azoty": 1 + i}, story_id="st-1",
                  published=f"2024-05-0{i + 1}") for i in range(3)]
    single = make("https://s9.example/q", "Osobny", "Osobny tekst.", source="s9",
                  members={"azoty": 1}, published="2024-05-20")
    store.upsert_many([*story, single])
    copies = store.mentions(MentionsQuery(members=["azoty"], unit=MentionUnit.COPIES))
    stories = store.mentions(MentionsQuery(members=["azoty"], unit=MentionUnit.STORIES))
    assert _nonzero(copies.series)["azoty"] == {"2024-05-01": (7, 4)}
    assert _nonzero(stories.series)["azoty"] == {"2024-05-01": (4, 2)}


def test_co_mentions(corpus: Store) -> None:
    assert corpus.co_mentions("azoty") == [("park", 1)]
    assert corpus.co_mentions("leuna") == []
    assert corpus.co_mentions("park", limit=0) == []


# export, near duplicates, stats, runs ------------------------------------------------------

def test_export_in_id_order_with_filters(corpus: Store) -> None:
    everything = list(corpus.export())
    assert len(everything) == 6
    assert [d.id for d in everything] == sorted(d.id for d in everything)
    assert all(d.text and d.html for d in everything)
    gamma = {d.url for d in corpus.export(sources=["gamma"])}
    assert gamma == {"https://gamma.example/5", "https://gamma.example/6"}
    recent = {d.url for d in corpus.export(since=date(2024, 2, 6))}
    # the undated document counts by its fetch date (2024-03-01)
    assert recent == {"https://beta.example/4", "https://gamma.example/5",
                      "https://gamma.example/6"}


def test_near_duplicates(store: Store) -> None:
    body = " ".join(f"zdanie numer {i} o instalacji amoniaku i nawozach" for i in range(40))
    a = make("https://alpha.example/n1", "Oryginał", body)
    b = make("https://beta.example/n2", "Przedruk", body + " Dopisek redakcji.", source="beta")
    c = make("https://beta.example/n3", "Inny tekst",
             " ".join(f"zupełnie inne słowa {i} o kolei" for i in range(40)), source="beta")
    store.upsert_many([a, b, c])
    assert store.near_duplicates(a) == [b.id]
    assert store.near_duplicates(c) == []
    assert store.near_duplicates(make("https://x.example/e", "Pusty", "krótki")) == []


def test_stats(corpus: Store) -> None:
    s = corpus.stats()
    assert s.documents == 6
    assert s.by_source == {"alpha": 2, "beta": 2, "gamma": 2}
    assert s.by_lang == {"pl": 4, "de": 1, "en": 1}
    assert s.last_published == "2024-02-20"
    assert s.last_fetched is not None and s.last_fetched.startswith("2024-03-01")
    assert s.pending == 0 and s.backend in ("sqlite", "elasticsearch")


def test_runs_round_trip_newest_first(store: Store) -> None:
    older = RunRecord(id="r1", kind="crawl", started=T0, finished=T0 + timedelta(minutes=5),
                      status="ok", sources=[SourceRunStats("alpha", fetched=5, new=2,
                                                           errors=["x"])])
    newer = RunRecord(id="r2", kind="nightly", started=T0 + timedelta(days=1))
    store.add_run(older)
    store.add_run(newer)
    assert [r.id for r in store.runs()] == ["r2", "r1"]
    newer.status, newer.finished = "partial", T0 + timedelta(days=1, minutes=3)
    store.add_run(newer)
    runs = store.runs(limit=5)
    assert [r.id for r in runs] == ["r2", "r1"]
    assert runs[0].status == "partial" and runs[0].finished == newer.finished
    assert runs[1].to_json() == older.to_json()
    assert [r.id for r in store.runs(limit=1)] == ["r2"]


def test_reanalysis_of_unchanged_content_is_stored(store: Store) -> None:
    """Reprocessing (same text, new tagging) answers UNCHANGED but keeps the new analysis."""
    doc = make("https://alpha.example/r", "Bez zmian", "Tekst o Grupie Azoty.",
               members={"azoty": 1}, published="2024-06-03")
    store.upsert(doc)
    again = make("https://alpha.example/r", "Bez zmian", "Tekst o Grupie Azoty.",
                 members={"azoty": 1, "park": 2}, published="2024-06-03")
    again.story_id = "story-9"
    assert store.upsert(again) == UpsertOutcome.UNCHANGED
    got = store.get(doc.id)
    assert got is not None and got.members == {"azoty": 1, "park": 2}
    assert got.story_id == "story-9"
    assert urls(store, members=["park"]) == [doc.url]
    assert _nonzero(store.mentions(MentionsQuery(members=["park"])).series) == {
        "park": {"2024-06-01": (2, 1)}}
    assert store.revisions(doc.id) == []


def test_upsert_many_sees_earlier_copies_in_the_same_batch(store: Store) -> None:
    first = make("https://alpha.example/b", "Wersja A", "Pierwsza treść.")
    second = make("https://alpha.example/b", "Wersja B", "Druga treść.",
                  fetched_at=T0 + timedelta(hours=1))
    again = make("https://alpha.example/b", "Wersja B", "Druga treść.",
                 fetched_at=T0 + timedelta(hours=2))
    assert store.upsert_many([first, second, again]) == [
        UpsertOutcome.NEW, UpsertOutcome.UPDATED, UpsertOutcome.UNCHANGED]
    assert [r.title for r in store.revisions(first.id)] == ["Wersja A"]
    assert store.stats().documents == 1
    assert store.upsert_many([]) == []


def test_paging_edges_and_facets_without_words(corpus: Store) -> None:
    none = corpus.search(SearchQuery(text="Azoty", limit=0))
    assert none.total == 3 and none.hits == []
    beyond = corpus.search(SearchQuery(text="Azoty", offset=50))
    assert beyond.total == 3 and beyond.hits == []
    listed = corpus.search(SearchQuery(sources=["beta", "gamma"], facets=True))
    assert listed.total == 4
    assert listed.facets["source"] == {"beta": 2, "gamma": 2}
    assert listed.facets["member"] == {"leuna": 2, "azoty": 1}
    assert all(h.snippet.count("<mark>") == 0 for h in listed.hits)
