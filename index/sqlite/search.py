"""Search over the FTS5 index: filters, bm25 ranking, date sort, snippets, facets."""

from __future__ import annotations

import copy
import math
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from index import query_text as qt
from index.base import Bucket, Hit, Interval, SearchQuery, SearchResult, SortOrder
from index.buckets import fill_gaps
from index.sqlite import fts
from index.sqlite.mentions import bucket_sql

# bm25 column weights: title, text, lemmas
BM25 = "bm25(docs_fts, 4.0, 1.0, 0.8)"
SNIPPET = (f"snippet(docs_fts, 1, '{qt.MARK_OPEN}', '{qt.MARK_CLOSE}', '…', 32)")
FACETS = ("member", "source", "lang")
MAX_LIMIT = 1000
# facet sampling: a row id hashed by Fibonacci hashing (multiplying by 2**31 / golden ratio,
# modulo 2**31) into [0, HASH_RANGE): spread evenly over any run of row ids, so a sample never
# follows the order documents were stored in (a source's batch, a crawl's round robin)
HASH_RANGE = 2**31
SAMPLE_HASH = "((({r}) % 2147483648) * 1327217885) % 2147483648"
# bm25 costs time for every ranked match: a query without filters that matches more documents
# than this ranks only the most recently stored RANK_WINDOW of them (``total`` stays exact)
RANK_WINDOW = 10_000


@dataclass
class _Sql:
    """The filters shared by the hit, count and facet queries. Clauses name the row id as
    ``{r}``: the FTS row id when no meta column is needed, else ``m.rowid``. Next to a MATCH,
    ``{p}`` is "+": a check on each match, never a row id lookup that re-runs the MATCH once
    per listed document."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    needs_meta: bool = False

    def add(self, clause: str, *params: Any, meta: bool = False) -> None:
        self.where.append(clause)
        self.params.extend(params)
        self.needs_meta = self.needs_meta or meta

    def sql(self, rowid: str, match: bool) -> str:
        if not self.where:
            return "1"
        return " AND ".join(c.format(r=rowid, p="+" if match else "") for c in self.where)


def _filters(q: SearchQuery, negative: str) -> _Sql:
    f = _Sql()
    if negative:
        f.add("{p}{r} NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)", negative)
    if q.members:
        marks = ",".join("?" * len(q.members))
        f.add(f"{{p}}{{r}} IN (SELECT doc FROM mentions WHERE member IN ({marks}))", *q.members)
    if q.langs:
        f.add(f"m.lang IN ({','.join('?' * len(q.langs))})", *q.langs, meta=True)
    if q.sources:
        f.add(f"m.source IN ({','.join('?' * len(q.sources))})", *q.sources, meta=True)
    if q.since:
        f.add("m.published >= ?", q.since.isoformat(), meta=True)
    if q.until:
        f.add("m.published <= ?", q.until.isoformat(), meta=True)
    if q.fetched_after or q.fetched_until:  # through the fetched_at index
        low, high = q.fetched_after, q.fetched_until
        f.add("{p}{r} IN (SELECT rowid FROM documents WHERE fetched_at > ? AND fetched_at <= ?)",
              utc_iso(low) if low else "", utc_iso(high) if high else "\uffff")
    return f


def utc_iso(moment: datetime) -> str:
    """As documents' ``fetched_at`` is stored (ISO, UTC), so text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()


@dataclass
class _From:
    body: str  # FROM … WHERE …
    params: list[Any]
    rowid: str  # the row id expression in ``body``


def _matched(f: _Sql, match: str, joined: bool = False) -> _From:
    """Every hit. The FTS index alone when no filter needs ``meta m`` (source, language,
    date) and ``joined`` does not ask for its columns."""
    if not match:
        return _From(f"FROM meta m WHERE {f.sql('m.rowid', False)}", f.params, "m.rowid")
    if not (joined or f.needs_meta):
        return _From(f"FROM docs_fts WHERE docs_fts MATCH ? AND {f.sql('docs_fts.rowid', True)}",
                     [match, *f.params], "docs_fts.rowid")
    return _From("FROM docs_fts JOIN meta m ON m.rowid = docs_fts.rowid "
                 f"WHERE docs_fts MATCH ? AND {f.sql('m.rowid', True)}", [match, *f.params],
                 "m.rowid")


class CountCache:
    """Totals and facets of recent queries (the costly part: every match is visited), kept
    while the store's generation (bumped on every change, see SqliteStore) stays the same."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[Any, ...], tuple[int, Any]] = OrderedDict()

    def get(self, key: tuple[Any, ...], generation: int) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != generation:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: tuple[Any, ...], generation: int, value: Any) -> None:
        with self._lock:
            self._items[key] = (generation, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def search(conn: sqlite3.Connection, q: SearchQuery, cache: CountCache | None = None,
           generation: int = 0) -> SearchResult:
    parsed = qt.parse(q.text)
    if q.text.strip() and not parsed.terms:
        return SearchResult(total=0, hits=[])  # only punctuation: nothing can match
    match = fts.match_expression(parsed, q.lemmas)  # "(words) NOT (exclusions)"
    only_exclusions = "" if match else fts.negative_expression(parsed)
    f = _filters(q, only_exclusions)
    hits_from = _matched(f, match)

    def cached(kind: str, compute: Callable[[], Any]) -> Any:
        key = (kind, hits_from.body, *hits_from.params)
        value = cache.get(key, generation) if cache is not None else None
        if value is None:
            value = compute()
            if cache is not None:
                cache.put(key, generation, value)
        return value

    total: int = cached("total", lambda: int(conn.execute(
        f"SELECT count(*) {hits_from.body}", hits_from.params).fetchone()[0]))
    limit, offset = max(0, min(q.limit, MAX_LIMIT)), max(0, q.offset)
    hits: list[Hit] = []
    if total and limit:
        stems = qt.stems_of(parsed.words(), q.lemmas)
        hits = _hits(conn, q, f, _Ranked(match, total), stems, limit, offset)
    result = SearchResult(total=total, hits=hits)
    if q.facets:
        sample = q.facet_sample if 0 < q.facet_sample < total else 0
        facets, estimated = cached(f"facets/{sample}", lambda: _facets(conn, f, match, total,
                                                                      sample))
        result.facets, result.facets_estimated = copy.deepcopy(facets), estimated
    return result


def histogram(conn: sqlite3.Connection, q: SearchQuery, interval: Interval) -> list[Bucket]:
    """Documents matching ``q`` per bucket of their published date (undated ones left out)."""
    parsed = qt.parse(q.text)
    if q.text.strip() and not parsed.terms:
        return []
    match = fts.match_expression(parsed, q.lemmas)
    only_exclusions = "" if match else fts.negative_expression(parsed)
    src = _matched(_filters(q, only_exclusions), match, joined=True)
    bucket = bucket_sql(interval, "m.published")
    rows = conn.execute(f"SELECT {bucket} AS b, count(*) {src.body} AND m.published IS NOT NULL "
                        "GROUP BY b ORDER BY b", src.params).fetchall()
    return fill_gaps([Bucket(b, int(n), int(n)) for b, n in rows if b], interval)


@dataclass
class _Ranked:
    match: str
    total: int


def _rank_floor(conn: sqlite3.Connection, ranked: _Ranked, wanted: int) -> int | None:
    """The row id below which matches are not ranked (see RANK_WINDOW), or None."""
    if ranked.total <= RANK_WINDOW or wanted > RANK_WINDOW:
        return None
    row = conn.execute("SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? "
                       "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                       (ranked.match, RANK_WINDOW)).fetchone()
    return int(row[0]) if row else None


def _hits(conn: sqlite3.Connection, q: SearchQuery, f: _Sql, ranked: _Ranked,
          stems: re.Pattern[str] | None, limit: int, offset: int) -> list[Hit]:
    """Rank first (row ids and scores only), then build snippets for the page of hits."""
    match = ranked.match
    if match and q.sort == SortOrder.RELEVANCE:
        src = _matched(f, match)
        body, params = src.body, src.params
        order, score = f"{BM25}, {src.rowid}", f"-{BM25}"
        floor = None if f.where else _rank_floor(conn, ranked, offset + limit)
        if floor is not None:
            body, params = f"{body} AND docs_fts.rowid > ?", [*params, floor]
    else:
        src = _matched(f, match, joined=True)
        body, params = src.body, src.params
        order, score = "m.published DESC, m.id DESC", (f"-{BM25}" if match else "0.0")
    top = conn.execute(f"SELECT {src.rowid}, {score} {body} ORDER BY {order} LIMIT ? OFFSET ?",
                       [*params, limit, offset]).fetchall()
    if not top:
        return []
    scores = {r: float(s) for r, s in top}
    marks = ",".join("?" * len(top))
    snippets: dict[int, str] = {}
    if match:  # rowid constraints on the FTS table itself: FTS5 seeks instead of scanning
        snippets = dict(conn.execute(
            f"SELECT rowid, {SNIPPET} FROM docs_fts WHERE docs_fts MATCH ? "
            f"AND rowid IN ({marks})", [match, *scores]).fetchall())
    cols = ("rowid, id, url, title, source, lang, published, members, substr(text, 1, 20000), "
            "media_type")
    rows = conn.execute(f"SELECT {cols} FROM documents WHERE rowid IN ({marks})",
                        list(scores)).fetchall()
    by_rowid = {r[0]: r for r in rows}
    return [_hit(by_rowid[r], scores[r], snippets.get(r), stems) for r in scores
            if r in by_rowid]


def _hit(r: tuple[Any, ...], score: float, marked: str | None,
         stems: re.Pattern[str] | None) -> Hit:
    if marked and qt.MARK_OPEN in marked:
        snippet = qt.marked_to_html(marked, stems)
    else:  # matched through the title or the lemmas only, or no query words at all
        snippet = qt.highlight(r[8] or "", stems)
    return Hit(id=r[1], url=r[2], title=r[3], source=r[4], lang=r[5], published=r[6],
               snippet=snippet, members=r[7].split() if r[7] else [], score=score,
               media_type=r[9] or "text/html")


def _facets(conn: sqlite3.Connection, f: _Sql, match: str, total: int, sample: int
            ) -> tuple[dict[str, dict[str, int]], bool]:
    """Counts per member, source and language in one pass (grouped by source, language and
    member set), and whether they are estimates. With ``sample`` (fewer than ``total``), only
    the matches whose row id hashes below a threshold are visited, about ``sample`` of them
    spread evenly over the whole store, and each count is scaled by total / visited: the cost
    follows ``sample``, not the number of matches (a very common word matches ~40 % of
    documents)."""
    src = _matched(f, match, joined=True)
    body, params = src.body, src.params
    if sample:
        body = f"{body} AND {SAMPLE_HASH.format(r=src.rowid)} < ?"
        params = [*params, math.ceil(HASH_RANGE * sample / total)]
    groups = conn.execute(f"SELECT m.source, m.lang, m.members, count(*) {body} "
                          "GROUP BY 1, 2, 3", params).fetchall()
    visited = sum(n for *_, n in groups)
    if sample and not visited:  # too few matches for the hash to pick any: count them all
        return _facets(conn, f, match, total, 0)
    out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for source, lang, members, n in groups:
        _add(out["source"], source, n)
        _add(out["lang"], lang or "", n)
        for member in members.split():
            _add(out["member"], member, n)
    if sample:
        scale = total / visited
        out = {name: {k: estimate(n * scale) for k, n in counts.items()}
               for name, counts in out.items()}
    return out, bool(sample)


def estimate(x: float) -> int:
    """An estimated count, rounded to two significant digits (never below 1)."""
    n = max(1, round(x))
    if n < 100:
        return n
    step = int(10 ** (len(str(n)) - 2))
    return round(n / step) * step


def _add(counts: dict[str, int], key: str, n: int) -> None:
    counts[key] = counts.get(key, 0) + int(n)
