"""Search, facet, export and lookup request bodies (pure functions), and reading their answers."""

from __future__ import annotations

import html
import math
import re
from dataclasses import replace
from datetime import date
from typing import Any

from index.base import Bucket, Hit, Interval, SearchQuery, SearchResult, SortOrder
from index.buckets import fill_gaps
from index.elastic.mappings import DAY_FORMAT, LANGUAGE_ANALYZERS

# one query syntax and one way of marking snippets for both backends
from index.query_text import MARK_CLOSE as MARKER_CLOSE
from index.query_text import MARK_OPEN as MARKER_OPEN
from index.query_text import ParsedQuery, clean, marked_to_html, parse, stems_of
from index.query_text import highlight as stem_snippet

# a query word matches in the title, the body or the pipeline's lemmas (bm25, title weighted
# as the embedded store weighs it); the language analysers' sub-fields only add to the score
MATCH_FIELDS = ["title^4", "body", "lemmas^0.8"]
LANGUAGE_FIELDS = [f"{f}.{lang}{boost}" for f, boost in (("title", "^4"), ("body", ""))
                   for lang in LANGUAGE_ANALYZERS]
BODY_FIELDS = ["body", *(f"body.{lang}" for lang in LANGUAGE_ANALYZERS)]
# the published date as the pipeline gave it is in the record
HIT_SOURCE = ["id", "url", "title", "source", "lang", "members", "record.published", "media_type"]
# facet name -> field; documents without a language count under "" (a ``missing`` agg)
FACET_FIELDS = {"member": "mentioned", "source": "source", "lang": "lang"}
NO_LANG = "no_lang"
MAX_LIMIT = 1000
MAX_QUERY_CHARS = 1000  # as pipeline.nlp's query lemmas
WORD = re.compile(r"\w+", re.UNICODE)
FACET_SIZE = 1000
SNIPPET_FRAGMENT = 200
SNIPPET_FRAGMENTS = 1
FALLBACK_CHARS = 20_000  # of the body, for a snippet built here
MAX_ANALYZED_OFFSET = 999_999  # below index.highlight.max_analyzed_offset (1,000,000)
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
MAX_WINDOW = 10_000  # index.max_result_window: from + size past it is refused
PAGE = 500  # export page size
PIT_KEEP_ALIVE = "5m"  # between two export pages (the caller writes a page meanwhile)


def _day(d: date) -> str:
    return d.isoformat()


def range_clause(field: str, since: date | None, until: date | None) -> dict[str, Any] | None:
    if since is None and until is None:
        return None
    bounds: dict[str, Any] = {"format": DAY_FORMAT}
    if since is not None:
        bounds["gte"] = _day(since)
    if until is not None:
        bounds["lte"] = _day(until)
    return {"range": {field: bounds}}


def search_filters(q: SearchQuery) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    for field, values in (("mentioned", q.members), ("lang", q.langs), ("source", q.sources)):
        if values:
            filters.append({"terms": {field: list(dict.fromkeys(values))}})
    rng = range_clause("published", q.since, q.until)
    if rng is not None:
        filters.append(rng)
    if q.fetched_after or q.fetched_until:
        bounds: dict[str, Any] = {}
        if q.fetched_after:
            bounds["gt"] = q.fetched_after.isoformat()
        if q.fetched_until:
            bounds["lte"] = q.fetched_until.isoformat()
        filters.append({"range": {"fetched_at": bounds}})
    return filters


def parsed_text(q: SearchQuery) -> ParsedQuery:
    """The query's terms; the text is bounded, so a pasted page cannot exceed the cluster's
    limit on query clauses (a few per term)."""
    return parse(q.text[:MAX_QUERY_CHARS])


def _phrase(words: list[str], fields: list[str]) -> dict[str, Any]:
    return {"multi_match": {"query": " ".join(words), "type": "phrase", "fields": fields}}


def _term_clause(words: list[str], lemmas: list[str] | None) -> dict[str, Any]:
    """One query term (a word or a phrase): in the title, body or lemmas; or through its lemmas."""
    plain = _phrase(words, MATCH_FIELDS)
    if lemmas is None or lemmas == words:
        return plain
    return {"bool": {"should": [plain, {"match_phrase": {"lemmas": " ".join(lemmas)}}],
                     "minimum_should_match": 1}}


def _positive(parsed: ParsedQuery, lemmas: list[str]) -> dict[str, Any] | None:
    """Every positive term must match; each word also through its own lemma when the lemmas
    pair with the words one to one, else all the lemmas together are an alternative."""
    pos = parsed.positive
    if not pos:
        return None
    lemmas = [w for lem in lemmas for w in WORD.findall(lem.casefold())]
    words = parsed.words()
    if lemmas and len(lemmas) == len(words):
        it = iter(lemmas)
        clauses = [_term_clause(t.words, [next(it) for _ in t.words]) for t in pos]
        return {"bool": {"must": clauses}}
    plain: dict[str, Any] = {"bool": {"must": [_term_clause(t.words, None) for t in pos]}}
    if not lemmas:
        return plain
    by_lemma = {"match": {"lemmas": {"query": " ".join(lemmas), "operator": "and"}}}
    return {"bool": {"should": [plain, by_lemma], "minimum_should_match": 1}}


def search_query(q: SearchQuery) -> dict[str, Any]:
    """Which documents match (as the embedded store decides), scored by bm25; the language
    analysers' views of title and body add to the score without widening the match."""
    parsed = parsed_text(q)
    boolean: dict[str, Any] = {"filter": search_filters(q)}
    positive = _positive(parsed, q.lemmas)
    if positive is not None:
        boolean["must"] = [positive]
        if q.text.strip():
            boolean["should"] = [{"multi_match": {"query": q.text[:MAX_QUERY_CHARS],
                                                 "fields": LANGUAGE_FIELDS}}]
    negative = [_phrase(t.words, MATCH_FIELDS) for t in parsed.negative]
    if negative:
        boolean["must_not"] = negative
    return {"bool": boolean}


def nothing_can_match(q: SearchQuery) -> bool:
    """Only punctuation: no term to look for."""
    return bool(q.text.strip()) and not parsed_text(q).terms


__all__ = ["parse", "stem_snippet", "stems_of"]


def highlight(q: SearchQuery) -> dict[str, Any]:
    """``<mark>`` around matches in the body, the text HTML-escaped by Elasticsearch."""
    field = {"type": "unified", "fragment_size": SNIPPET_FRAGMENT,
             "number_of_fragments": SNIPPET_FRAGMENTS}
    words = parsed_text(q).words()
    body: dict[str, Any] = {"encoder": "html", "pre_tags": [MARK_OPEN], "post_tags": [MARK_CLOSE],
                            "require_field_match": False,
                            # a longer text is highlighted in its beginning instead of failing
                            "max_analyzed_offset": MAX_ANALYZED_OFFSET,
                            "fields": {name: dict(field) for name in BODY_FIELDS}}
    if words:
        body["highlight_query"] = {"multi_match": {"query": " ".join(words),
                                                   "fields": BODY_FIELDS}}
    return body


def sort_clause(q: SearchQuery) -> list[dict[str, Any]]:
    newest = {"published": {"order": "desc", "missing": "_last"}}
    if q.sort == SortOrder.RELEVANCE and parsed_text(q).positive:
        return [{"_score": "desc"}, {"id": "asc"}]
    return [newest, {"id": "asc"}]


def facet_aggs() -> dict[str, Any]:
    aggs: dict[str, Any] = {name: {"terms": {"field": field, "size": FACET_SIZE}}
                            for name, field in FACET_FIELDS.items()}
    aggs[NO_LANG] = {"missing": {"field": "lang"}}
    return aggs


def lang_counts(aggs: dict[str, Any], name: str) -> dict[str, int]:
    counts = terms_counts(aggs.get(name))
    missing = int((aggs.get(NO_LANG) or {}).get("doc_count") or 0)
    if missing:
        counts[""] = missing
    return counts


def search_body(q: SearchQuery) -> dict[str, Any]:
    """``POST /{prefix}-docs/_search`` body; raises ValueError past the 10,000 window."""
    limit, offset = max(0, min(q.limit, MAX_LIMIT)), max(0, q.offset)
    if offset + limit > MAX_WINDOW:
        raise ValueError(f"results past {MAX_WINDOW} cannot be paged: narrow the query")
    body: dict[str, Any] = {
        "query": search_query(q), "from": offset, "size": limit,
        "track_total_hits": True, "sort": sort_clause(q), "_source": HIT_SOURCE,
        "highlight": highlight(q)}
    if parsed_text(q).positive:
        body["track_scores"] = True  # a score even when sorted by date
    if q.facets:
        body["aggs"] = facet_aggs()
    return body


def snippet(highlights: dict[str, list[str]], stems: re.Pattern[str] | None = None) -> str:
    """The body fragments with the most marks (every analyzer's view of the body is asked),
    re-escaped here; inflected forms of the query words are marked too, as in the embedded
    store. Empty when nothing was marked."""
    best: list[str] = []
    best_marks = 0
    for name in BODY_FIELDS:
        frags = highlights.get(name) or []
        marks = sum(f.count(MARK_OPEN) for f in frags)
        if marks > best_marks:
            best, best_marks = frags, marks
    if not best:
        return ""
    joined = " … ".join(f.strip() for f in best)
    # the server escaped the text and added the tags: turn the tags into markers, take the
    # text back, and let the one escaping routine of both backends write the HTML
    marked = clean(joined).replace(MARK_OPEN, MARKER_OPEN).replace(MARK_CLOSE, MARKER_CLOSE)
    return marked_to_html(html.unescape(marked), stems)


def hit_from(raw: dict[str, Any], scored: bool, stems: re.Pattern[str] | None = None) -> Hit:
    src = raw.get("_source") or {}
    score = raw.get("_score") if scored else None
    return Hit(id=src.get("id") or raw["_id"], url=src.get("url") or "", title=src.get("title"),
               source=src.get("source") or "", lang=src.get("lang"),
               published=(src.get("record") or {}).get("published"),
               snippet=snippet(raw.get("highlight") or {}, stems),
               members=list(src.get("members") or []),
               score=float(score) if score is not None else 0.0,
               media_type=src.get("media_type") or "text/html")


def query_stems(q: SearchQuery) -> re.Pattern[str] | None:
    return stems_of(parsed_text(q).words(), q.lemmas)


def total_of(resp: dict[str, Any]) -> int:
    total = resp.get("hits", {}).get("total", 0)
    return int(total["value"] if isinstance(total, dict) else total)


def terms_counts(agg: dict[str, Any] | None) -> dict[str, int]:
    buckets = (agg or {}).get("buckets") or []
    return {str(b["key"]): int(b["doc_count"]) for b in buckets}


def search_result(resp: dict[str, Any], q: SearchQuery) -> SearchResult:
    scored = bool(parsed_text(q).positive)
    stems = query_stems(q)
    hits = [hit_from(h, scored, stems) for h in resp.get("hits", {}).get("hits", [])]
    out = SearchResult(total=total_of(resp), hits=hits)
    if q.facets:
        aggs = resp.get("aggregations") or {}
        out.facets = {name: terms_counts(aggs.get(name)) for name in FACET_FIELDS}
        out.facets["lang"] = lang_counts(aggs, "lang")
    return out


def export_body(since: date | None, sources: list[str] | None,
                after: list[Any] | None = None, pit: str | None = None) -> dict[str, Any]:
    """One page of every document in id order: search_after, never ``from`` (point in time
    when the server offers it: then the request names no index)."""
    filters: list[dict[str, Any]] = []
    if sources:
        filters.append({"terms": {"source": list(sources)}})
    rng = range_clause("date", since, None)
    if rng is not None:
        filters.append(rng)
    body: dict[str, Any] = {"size": PAGE, "query": {"bool": {"filter": filters}},
                            "sort": [{"id": "asc"}], "track_total_hits": False}
    if pit is not None:
        body["pit"] = {"id": pit, "keep_alive": PIT_KEEP_ALIVE}
    if after is not None:
        body["search_after"] = after
    return body


def by_url_body(field: str, url: str) -> dict[str, Any]:
    """``field`` is ``url``, else ``canonical_url``."""
    return {"size": 1, "query": {"term": {field: url}}, "sort": [{"id": "asc"}]}


def story_body(story_id: str, doc_id: str, limit: int = 1000) -> dict[str, Any]:
    """Other stored copies of one story, oldest first."""
    return {"size": limit, "_source": ["id"],
            "sort": [{"date": "asc"}, {"fetched_at": "asc"}, {"id": "asc"}],
            "query": {"bool": {"filter": [{"term": {"story_id": story_id}}],
                               "must_not": [{"term": {"id": doc_id}}]}}}


def stories_body(story_ids: list[str], limit: int = 10_000) -> dict[str, Any]:
    """Every stored copy of the given stories (id and story), oldest first, as ``story_body``."""
    return {"size": limit, "_source": ["id", "story_id"],
            "sort": [{"date": "asc"}, {"fetched_at": "asc"}, {"id": "asc"}],
            "query": {"bool": {"filter": [{"terms": {"story_id": story_ids}}]}}}


def near_duplicates_body(signature: list[int], threshold: float, doc_id: str,
                         limit: int = 1000) -> dict[str, Any]:
    """Documents sharing at least ``ceil(threshold * n)`` MinHash positions: exact, server-side."""
    n = len(signature)
    need = max(1, math.ceil(threshold * n - 1e-9))  # 1e-9: 0.8 * 32 is not quite 25.6
    should = [{"term": {"minhash": f"{i}:{v}"}} for i, v in enumerate(signature)]
    return {"size": limit, "_source": ["id", "minhash"], "query": {"bool": {
        "filter": [{"term": {"minhash_len": n}}],
        "must_not": [{"term": {"id": doc_id}}],
        "should": should, "minimum_should_match": need}}}


def stats_body() -> dict[str, Any]:
    return {"size": 0, "track_total_hits": True, "aggs": {
        "by_source": {"terms": {"field": "source", "size": FACET_SIZE * 10}},
        "by_lang": {"terms": {"field": "lang", "size": FACET_SIZE}},
        NO_LANG: {"missing": {"field": "lang"}},
        "last_published": {"max": {"field": "published", "format": DAY_FORMAT}},
        "last_fetched": {"top_hits": {"size": 1, "sort": [{"fetched_at": {"order": "desc"}}],
                                      "_source": {"includes": ["record.fetched_at"]}}}}}


def revisions_body(doc_id: str, limit: int = 1000) -> dict[str, Any]:
    return {"size": limit, "query": {"term": {"doc_id": doc_id}},
            "sort": [{"seen_at": "asc"}, {"seq": "asc"}]}


def runs_body(limit: int) -> dict[str, Any]:
    return {"size": limit, "sort": [{"started": "desc"}, {"id": "desc"}]}


def recent_body(source: str, limit: int) -> dict[str, Any]:
    """A source's newest documents by fetch time, newest first (ties: id descending)."""
    return {"size": max(0, min(limit, MAX_WINDOW)), "track_total_hits": False,
            "query": {"bool": {"filter": [{"term": {"source": source}}]}},
            "sort": [{"fetched_at": "desc"}, {"id": "desc"}]}


def revision_scan_body(after: list[Any] | None = None) -> dict[str, Any]:
    """One page of every revision, newest first within each document (``seq`` breaks ties:
    unique per revision), for pruning: only the ids are needed."""
    body: dict[str, Any] = {"size": PAGE, "_source": False, "track_total_hits": False,
                            "sort": [{"doc_id": "asc"}, {"seen_at": "desc"}, {"seq": "desc"}]}
    if after is not None:
        body["search_after"] = after
    return body


def ids_query(ids: list[str]) -> dict[str, Any]:
    return {"ids": {"values": list(ids)}}


def histogram_body(q: SearchQuery, interval: Interval) -> dict[str, Any]:
    """Documents matching the search per calendar bucket of ``published`` (weeks on Monday)."""
    query = search_body(replace(q, limit=0, offset=0, facets=False))["query"]
    return {"size": 0, "query": query, "aggs": {"per": {"date_histogram": {
        "field": "published", "calendar_interval": interval.value, "format": DAY_FORMAT,
        "min_doc_count": 1}}}}


def histogram_from(resp: dict[str, Any], interval: Interval) -> list[Bucket]:
    buckets = ((resp.get("aggregations") or {}).get("per") or {}).get("buckets") or []
    found = [Bucket(str(b["key_as_string"])[:10], int(b["doc_count"]), int(b["doc_count"]))
             for b in buckets if b.get("doc_count")]
    return fill_gaps(found, interval)
