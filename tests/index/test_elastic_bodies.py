"""The exact request bodies, checked against what the Elasticsearch 8.x reference documents.

References (all APIs exist since 8.0; bodies are typeless):
create index (settings, mappings, aliases), mapping params (``dynamic: strict``, ``enabled``,
``nested``, multi-fields ``fields``), built-in language analyzers, custom analyzers
(``tokenizer``, ``filter``), bulk (NDJSON action + source lines), search (``track_total_hits``,
``highlight`` with ``encoder``/``pre_tags``/``post_tags``/``no_match_size``), ``terms``,
``composite`` with ``date_histogram`` ``calendar_interval``, ``nested`` aggregations,
point in time + ``search_after``, aliases API actions, reindex.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

from index.base import (
    Interval,
    MentionsQuery,
    MentionUnit,
    Revision,
    RunRecord,
    SearchQuery,
    SortOrder,
    SourceRunStats,
    StoreOptions,
)
from index.elastic import documents as docsrc
from index.elastic import mentions as ment
from index.elastic import queries as qry
from index.elastic.mappings import (
    VERSIONS,
    IndexNames,
    Kind,
    check_prefix,
    create_body,
    reindex_body,
    swap_alias_actions,
)
from pipeline.document import Document, Entity, PageSpan

# field types and parameters the reference documents for these mappings
TYPES = {"keyword", "text", "date", "integer", "long", "nested", "object"}
BUILT_IN_ANALYZERS = {"standard", "whitespace", "czech", "german", "english"}
T0 = datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc)


def sample() -> Document:
    d = Document(url="https://a.example/1?x", source="alpha", title="Tytuł", text="Treść.",
                 lang="pl", published="2024-01-15", fetched_at=T0, html="<p>Treść.</p>",
                 members={"azoty": 2, "ghost": 0}, lemmas="tytuł treść", story_id="st-1",
                 signature=[5, 7, 9], entities=[Entity("Azoty", "ORG", 0, 5, "Azoty", "azoty")],
                 canonical_url="https://a.example/1", content_hash="h1")
    d.ensure_id()
    return d


def check_against_mapping(source: dict[str, Any], properties: dict[str, Any]) -> None:
    """What ``dynamic: strict`` enforces: every source field is mapped (recursively)."""
    for key, value in source.items():
        assert key in properties, f"{key} is not in the mapping: strict would reject it"
        spec = properties[key]
        if spec["type"] == "nested":
            for item in value:
                check_against_mapping(item, spec["properties"])


def walk_types(properties: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, spec in properties.items():
        out.append((name, spec))
        out += walk_types(spec.get("properties") or {})
        out += walk_types(spec.get("fields") or {})
    return out


# index design -------------------------------------------------------------------------------

def test_docs_index_body() -> None:
    opts = StoreOptions(shards=2, replicas=1, index_prefix="cw")
    body = create_body(Kind.DOCS, opts, IndexNames("cw"))
    assert set(body) == {"settings", "mappings", "aliases"}
    assert body["aliases"] == {"cw-docs": {"is_write_index": True}}
    settings = body["settings"]
    assert settings["number_of_shards"] == 2 and settings["number_of_replicas"] == 1
    assert settings["analysis"]["analyzer"]["cw_lemmas"] == {
        "type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "asciifolding"]}
    mappings = body["mappings"]
    assert mappings["dynamic"] == "strict"
    assert mappings["_meta"] == {"app": "clusterwatch", "kind": "docs", "version": 2}
    props = mappings["properties"]
    for name in ("id", "url", "members", "mentioned", "source", "lang", "story_id",
                 "organisations", "places", "persons", "minhash"):
        assert props[name] == {"type": "keyword"}, name
    for name in ("published", "fetched_at", "date"):
        assert props[name]["type"] == "date"
    assert props["body"]["analyzer"] == "cw_text"
    assert props["body"]["fields"] == {
        "cs": {"type": "text", "analyzer": "czech"},
        "de": {"type": "text", "analyzer": "german"},
        "en": {"type": "text", "analyzer": "english"}}
    assert props["title"]["fields"] == props["body"]["fields"]
    assert props["lemmas"] == {"type": "text", "analyzer": "cw_lemmas"}
    assert props["mentions"] == {"type": "nested", "properties": {
        "member": {"type": "keyword"}, "count": {"type": "integer"},
        "date": {"type": "date", "format": "strict_date_optional_time||epoch_millis"},
        "story": {"type": "keyword"}}}
    assert props["record"] == {"type": "object", "enabled": False}
    custom = set(settings["analysis"]["analyzer"])
    for name, spec in walk_types(props):
        assert spec["type"] in TYPES, name
        if "analyzer" in spec:
            assert spec["analyzer"] in BUILT_IN_ANALYZERS | custom, name


@pytest.mark.parametrize("kind", list(Kind))
def test_every_index_is_strict_and_versioned(kind: Kind) -> None:
    body = create_body(kind, StoreOptions(), IndexNames("cw"), with_alias=False)
    assert "aliases" not in body
    assert body["mappings"]["dynamic"] == "strict"
    assert body["mappings"]["_meta"]["version"] == VERSIONS[kind]
    assert IndexNames("cw").concrete(kind) == f"cw-{kind.value}-v{VERSIONS[kind]}"
    assert IndexNames("cw").version_of(kind, f"cw-{kind.value}-v7") == 7
    assert IndexNames("cw").version_of(kind, f"cw-x-{kind.value}-v7") is None


def test_sources_fit_their_strict_mappings() -> None:
    opts, names = StoreOptions(), IndexNames("cw")
    doc_props = create_body(Kind.DOCS, opts, names)["mappings"]["properties"]
    check_against_mapping(docsrc.doc_to_source(sample()), doc_props)
    rev = Revision("abc", "h0", T0, "Stary", "stary tekst")
    rev_props = create_body(Kind.REVISIONS, opts, names)["mappings"]["properties"]
    check_against_mapping(docsrc.revision_to_source(rev, 1), rev_props)
    run = RunRecord("r1", "crawl", T0, sources=[SourceRunStats("alpha", fetched=2)])
    run_props = create_body(Kind.RUNS, opts, names)["mappings"]["properties"]
    check_against_mapping(docsrc.run_to_source(run), run_props)


def test_document_source_round_trip_and_derived_fields() -> None:
    d = sample()
    src = docsrc.doc_to_source(d)
    assert src["members"] == ["azoty", "ghost"] and src["mentioned"] == ["azoty"]
    assert src["mentions"] == [{"member": "azoty", "count": 2, "date": "2024-01-15",
                                "story": "st-1"}]
    assert src["minhash"] == ["0:5", "1:7", "2:9"] and src["minhash_len"] == 3
    assert src["date"] == "2024-01-15" and "text" not in src["record"]
    assert docsrc.doc_from_source(src) == d
    assert docsrc.signature_from_source(src) == [5, 7, 9]
    d.published = "2024-02-30"  # not a date: indexed without it, kept in the record
    src = docsrc.doc_to_source(d)
    assert src["published"] is None and src["date"] == "2024-03-01"
    assert src["record"]["published"] == "2024-02-30"
    run = RunRecord("r1", "crawl", T0, T0, "ok", [SourceRunStats("alpha", 1, 1, errors=["e"])],
                    {"k": 1})
    assert docsrc.run_from_source(docsrc.run_to_source(run)).to_json() == run.to_json()


def test_document_files_carry_media_type_and_pages_through_the_source() -> None:
    d = sample()
    d.media, d.media_type = "document", "application/pdf"
    d.pages = [PageSpan(1, 0, 10, "text"), PageSpan(2, 12, 30, "ocr")]
    src = docsrc.doc_to_source(d)
    assert src["media_type"] == "application/pdf"
    props = create_body(Kind.DOCS, StoreOptions(), IndexNames("cw"))["mappings"]["properties"]
    assert props["media_type"] == {"type": "keyword"}
    check_against_mapping(src, props)
    assert docsrc.doc_from_source(src) == d
    assert docsrc.doc_to_source(sample())["media_type"] == "text/html"


def test_alias_swap_and_reindex_bodies() -> None:
    assert swap_alias_actions("cw-docs", ["cw-docs-v1"], "cw-docs-v2") == {"actions": [
        {"remove": {"index": "cw-docs-v1", "alias": "cw-docs"}},
        {"add": {"index": "cw-docs-v2", "alias": "cw-docs", "is_write_index": True}}]}
    assert reindex_body("cw-docs-v1", "cw-docs-v2") == {
        "source": {"index": "cw-docs-v1", "size": 500},
        "dest": {"index": "cw-docs-v2", "op_type": "index"}, "conflicts": "abort"}


@pytest.mark.parametrize("bad", ["", "CW", "-cw", "_cw", "c w", "c*w", "c,w", "a/b", "x#"])
def test_index_prefix_must_be_a_valid_index_name(bad: str) -> None:
    with pytest.raises(ValueError, match="index prefix"):
        check_prefix(bad)


# search ---------------------------------------------------------------------------------------

def test_search_body_for_words_filters_and_facets() -> None:
    q = SearchQuery(text="Grupa Azoty", lemmas=["grupa", "azot"], members=["azoty"],
                    langs=["pl"], sources=["alpha"], since=date(2024, 1, 1),
                    until=date(2024, 1, 31), limit=10, offset=20, facets=True)
    body = qry.search_body(q)
    fields = ["title^4", "body", "lemmas^0.8"]
    assert body["query"] == {"bool": {
        "filter": [{"terms": {"mentioned": ["azoty"]}}, {"terms": {"lang": ["pl"]}},
                   {"terms": {"source": ["alpha"]}},
                   {"range": {"published": {"format": "yyyy-MM-dd", "gte": "2024-01-01",
                                            "lte": "2024-01-31"}}}],
        "must": [{"bool": {"must": [
            {"multi_match": {"query": "grupa", "type": "phrase", "fields": fields}},
            {"bool": {"should": [
                {"multi_match": {"query": "azoty", "type": "phrase", "fields": fields}},
                {"match_phrase": {"lemmas": "azot"}}], "minimum_should_match": 1}}]}}],
        "should": [{"multi_match": {"query": "Grupa Azoty", "fields": [
            "title.cs^4", "title.de^4", "title.en^4", "body.cs", "body.de", "body.en"]}}]}}
    assert body["from"] == 20 and body["size"] == 10 and body["track_total_hits"] is True
    assert body["track_scores"] is True
    assert body["sort"] == [{"_score": "desc"}, {"id": "asc"}]
    assert body["aggs"] == {
        "member": {"terms": {"field": "mentioned", "size": 1000}},
        "source": {"terms": {"field": "source", "size": 1000}},
        "lang": {"terms": {"field": "lang", "size": 1000}},
        "no_lang": {"missing": {"field": "lang"}}}
    hl = body["highlight"]
    assert hl["encoder"] == "html" and hl["max_analyzed_offset"] == 999_999
    assert hl["pre_tags"] == ["<mark>"] and hl["post_tags"] == ["</mark>"]
    assert hl["fields"]["body"] == {"type": "unified", "fragment_size": 200,
                                    "number_of_fragments": 1}
    assert hl["highlight_query"] == {"multi_match": {"query": "grupa azoty", "fields": [
        "body", "body.cs", "body.de", "body.en"]}}
    assert set(hl["fields"]) == {"body", "body.cs", "body.de", "body.en"}


def test_search_body_phrases_exclusions_and_date_sort() -> None:
    body = qry.search_body(SearchQuery(text='"Grupa Azoty" -Opolu', sort=SortOrder.DATE))
    fields = ["title^4", "body", "lemmas^0.8"]
    assert body["query"]["bool"]["must"] == [{"bool": {"must": [
        {"multi_match": {"query": "grupa azoty", "type": "phrase", "fields": fields}}]}}]
    assert body["query"]["bool"]["must_not"] == [
        {"multi_match": {"query": "opolu", "type": "phrase", "fields": fields}}]
    assert body["sort"] == [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    empty = qry.search_body(SearchQuery())
    assert empty["query"] == {"bool": {"filter": []}} and "track_scores" not in empty
    assert "aggs" not in empty and "highlight_query" not in empty["highlight"]


def test_unpaired_lemmas_are_an_alternative_match() -> None:
    query = qry.search_query(SearchQuery(text="Kędzierzyn-Koźle", lemmas=["kędzierzyn"]))
    assert query["bool"]["must"][0]["bool"]["should"][1] == {
        "match": {"lemmas": {"query": "kędzierzyn", "operator": "and"}}}


def test_a_pasted_page_stays_within_the_clause_limit() -> None:
    body = qry.search_body(SearchQuery(text="słowo " * 5000))
    assert len(body["query"]["bool"]["must"][0]["bool"]["must"]) <= 1000 // len("słowo ") + 1
    assert len(body["query"]["bool"]["should"][0]["multi_match"]["query"]) == 1000


def test_paging_past_the_result_window_is_refused() -> None:
    with pytest.raises(ValueError, match="10000"):
        qry.search_body(SearchQuery(limit=20, offset=9990))
    assert qry.search_body(SearchQuery(limit=5000))["size"] == 1000  # clamped like sqlite


def test_snippet_takes_the_most_marked_body_view() -> None:
    assert qry.snippet({"body": ["a <mark>x</mark> b"],
                        "body.de": ["<mark>x</mark> <mark>y</mark>"]}) == (
        "<mark>x</mark> <mark>y</mark>")
    assert qry.snippet({}) == "" and qry.snippet({"body": ["no marks"]}) == ""


def test_snippet_is_escaped_here_and_marks_inflected_forms() -> None:
    # what Elasticsearch returns with encoder html for a hostile text
    fragment = ("Tekst &lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; o "
                "<mark>Azoty</mark> &amp; Azotów &lt;&#x2F;mark&gt; tu.\ue000")
    q = SearchQuery(text="Azoty", lemmas=["azot"])
    out = qry.snippet({"body": [fragment]}, qry.query_stems(q))
    assert out == ("Tekst &lt;script&gt;alert(\"x\")&lt;/script&gt; o <mark>Azoty</mark> "
                   "&amp; <mark>Azotów</mark> &lt;/mark&gt; tu.")


def test_export_body_uses_search_after_and_never_from() -> None:
    first = qry.export_body(date(2024, 2, 6), ["gamma"], None, "pit-1")
    assert first == {"size": 500, "track_total_hits": False, "sort": [{"id": "asc"}],
                     "pit": {"id": "pit-1", "keep_alive": "5m"},
                     "query": {"bool": {"filter": [
                         {"terms": {"source": ["gamma"]}},
                         {"range": {"date": {"format": "yyyy-MM-dd", "gte": "2024-02-06"}}}]}}}
    nxt = qry.export_body(None, None, ["abc"], None)
    assert nxt["search_after"] == ["abc"] and "pit" not in nxt and "from" not in nxt


def test_near_duplicates_body_is_exact_about_the_threshold() -> None:
    sig = list(range(32))
    body = qry.near_duplicates_body(sig, 0.8, "me")
    b = body["query"]["bool"]
    assert b["minimum_should_match"] == 26  # ceil(0.8 * 32)
    assert b["should"][3] == {"term": {"minhash": "3:3"}} and len(b["should"]) == 32
    assert b["filter"] == [{"term": {"minhash_len": 32}}]
    assert b["must_not"] == [{"term": {"id": "me"}}]
    assert qry.near_duplicates_body(sig, 0.75, "me")["query"]["bool"][
        "minimum_should_match"] == 24


def test_stats_body() -> None:
    aggs = qry.stats_body()["aggs"]
    assert aggs["last_published"] == {"max": {"field": "published", "format": "yyyy-MM-dd"}}
    assert aggs["last_fetched"]["top_hits"]["sort"] == [{"fetched_at": {"order": "desc"}}]
    assert aggs["no_lang"] == {"missing": {"field": "lang"}}
    resp_aggs = {"by_lang": {"buckets": [{"key": "pl", "doc_count": 4}]},
                 "no_lang": {"doc_count": 2}}
    assert qry.lang_counts(resp_aggs, "by_lang") == {"pl": 4, "": 2}


# mentions -------------------------------------------------------------------------------------

def test_mentions_body_copies_per_calendar_interval() -> None:
    q = MentionsQuery(members=["azoty"], interval=Interval.WEEK, since=date(2024, 1, 1),
                      sources=["alpha"])
    body = ment.mentions_body(q)
    assert body["size"] == 0
    assert body["query"] == {"bool": {"filter": [
        {"exists": {"field": "mentioned"}}, {"terms": {"source": ["alpha"]}},
        {"terms": {"mentioned": ["azoty"]}},
        {"range": {"date": {"format": "yyyy-MM-dd", "gte": "2024-01-01"}}}]}}
    nested = body["aggs"]["mentions"]
    assert nested["nested"] == {"path": "mentions"}
    wanted = nested["aggs"]["wanted"]
    assert wanted["filter"] == {"bool": {"filter": [{"terms": {"mentions.member": ["azoty"]}}]}}
    groups = wanted["aggs"]["groups"]
    assert groups["composite"] == {"size": 1000, "sources": [
        {"date": {"date_histogram": {"field": "mentions.date", "calendar_interval": "week",
                                     "format": "yyyy-MM-dd"}}},
        {"member": {"terms": {"field": "mentions.member"}}}]}
    assert groups["aggs"] == {"spans": {"sum": {"field": "mentions.count"}}}
    after = ment.mentions_body(q, {"date": "2024-01-08", "member": "azoty"})
    assert after["aggs"]["mentions"]["aggs"]["wanted"]["aggs"]["groups"]["composite"][
        "after"] == {"date": "2024-01-08", "member": "azoty"}


@pytest.mark.parametrize("interval", list(Interval))
def test_calendar_intervals_are_the_units_elasticsearch_names(interval: Interval) -> None:
    body = ment.mentions_body(MentionsQuery(interval=interval))
    src = body["aggs"]["mentions"]["aggs"]["wanted"]["aggs"]["groups"]["composite"]["sources"]
    assert src[0]["date"]["date_histogram"]["calendar_interval"] in {
        "day", "week", "month", "year"}


def test_mentions_stories_group_by_story_and_bucket_the_earliest_copy() -> None:
    q = MentionsQuery(members=["azoty"], interval=Interval.WEEK, unit=MentionUnit.STORIES)
    groups = ment.mentions_body(q)["aggs"]["mentions"]["aggs"]["wanted"]["aggs"]["groups"]
    assert [list(s) for s in groups["composite"]["sources"]] == [["member"], ["story"]]
    assert groups["aggs"] == {"first": {"min": {"field": "mentions.date",
                                                "format": "yyyy-MM-dd"}},
                              "spans": {"max": {"field": "mentions.count"}}}
    acc = ment.MentionsAccumulator(Interval.WEEK)
    acc.add([  # what a composite page looks like
        {"key": {"member": "azoty", "story": "st-1"}, "doc_count": 3,
         "first": {"value": 1.7e12, "value_as_string": "2024-05-01"}, "spans": {"value": 3.0}},
        {"key": {"member": "azoty", "story": "x"}, "doc_count": 1,
         "first": {"value": 1.7e12, "value_as_string": "2024-05-20"}, "spans": {"value": 1.0}}])
    (series,) = acc.result(q).series
    assert [(b.date, b.mentions, b.documents) for b in series.buckets] == [
        ("2024-04-29", 3, 1), ("2024-05-06", 0, 0), ("2024-05-13", 0, 0), ("2024-05-20", 1, 1)]


def test_mentions_copies_accumulate_and_order_by_total() -> None:
    acc = ment.MentionsAccumulator(Interval.MONTH)
    acc.add([{"key": {"date": "2024-01-01", "member": "park"}, "doc_count": 1,
              "spans": {"value": 1.0}},
             {"key": {"date": "2024-01-01", "member": "azoty"}, "doc_count": 2,
              "spans": {"value": 3.0}},
             {"key": {"date": "2024-03-01", "member": "azoty"}, "doc_count": 1,
              "spans": {"value": 1.0}}])
    result = acc.result(MentionsQuery(names={"azoty": "Grupa Azoty"}))
    assert [s.member for s in result.series] == ["azoty", "park"]
    assert result.series[0].name == "Grupa Azoty"
    assert [(b.date, b.mentions, b.documents) for b in result.series[0].buckets] == [
        ("2024-01-01", 3, 2), ("2024-02-01", 0, 0), ("2024-03-01", 1, 1)]


def test_co_mentions_body() -> None:
    assert ment.co_mentions_body("azoty", 5) == {
        "size": 0, "query": {"bool": {"filter": [{"term": {"mentioned": "azoty"}}]}},
        "aggs": {"co": {"terms": {"field": "mentioned", "size": 5, "exclude": ["azoty"],
                                  "order": [{"_count": "desc"}, {"_key": "asc"}]}}}}
    resp = {"aggregations": {"co": {"buckets": [{"key": "park", "doc_count": 2}]}}}
    assert ment.co_mentions_from(resp) == [("park", 2)]


def test_stories_body_finds_every_copy_of_a_page_of_stories() -> None:
    body = qry.stories_body(["st-1", "st-2"])
    assert body["query"] == {"bool": {"filter": [{"terms": {"story_id": ["st-1", "st-2"]}}]}}
    assert body["_source"] == ["id", "story_id"]
    # the order of `get`'s duplicates (story_body), so export and show agree
    assert body["sort"] == qry.story_body("st-1", "x")["sort"]


def test_search_histogram_body_and_answer() -> None:
    from index.base import Interval
    from index.elastic.queries import histogram_body, histogram_from

    q = SearchQuery(text="azoty", lemmas=["azot"], sources=["nto"], limit=50, offset=20)
    body = histogram_body(q, Interval.MONTH)
    assert body["size"] == 0 and "highlight" not in body and "sort" not in body
    assert body["aggs"] == {"per": {"date_histogram": {
        "field": "published", "calendar_interval": "month", "format": "yyyy-MM-dd",
        "min_doc_count": 1}}}
    assert {"terms": {"source": ["nto"]}} in body["query"]["bool"]["filter"]
    resp = {"aggregations": {"per": {"buckets": [
        {"key_as_string": "2024-01-01", "doc_count": 2},
        {"key_as_string": "2024-03-01", "doc_count": 1}]}}}
    got = [(b.date, b.documents, b.mentions) for b in histogram_from(resp, Interval.MONTH)]
    assert got == [("2024-01-01", 2, 2), ("2024-02-01", 0, 0), ("2024-03-01", 1, 1)]
