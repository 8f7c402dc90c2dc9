"""Search over the FTS5 index: filters, bm25 ranking, date sort, snippets, facets."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from index.base import Hit, SearchQuery, SearchResult, SortOrder
from index.sqlite import fts

# bm25 column weights: title, text, lemmas
BM25 = "bm25(docs_fts, 4.0, 1.0, 0.8)"
SNIPPET = (f"snippet(docs_fts, 1, '{fts.MARK_OPEN}', '{fts.MARK_CLOSE}', '…', 32)")
FACETS = ("member", "source", "lang")
MAX_LIMIT = 1000
# bm25 costs time for every ranked match: a query without filters that matches more documents
# than this ranks only the most recently stored RANK_WINDOW of them (``total`` stays exact)
RANK_WINDOW = 20_000


@dataclass
class _Sql:
    """The WHERE part over ``documents d`` shared by the hit, count and facet queries."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.where) if self.where else "1"


def _filters(q: SearchQuery, negative: str) -> _Sql:
    """Filters over ``documents d`` (the positive match, when any, is joined separately)."""
    f = _Sql()
    if negative:
        f.add("d.rowid NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)", negative)
    if q.members:
        marks = ",".join("?" * len(q.members))
        f.add(f"d.rowid IN (SELECT doc FROM mentions WHERE member IN ({marks}))", *q.members)
    if q.langs:
        f.add(f"d.lang IN ({','.join('?' * len(q.langs))})", *q.langs)
    if q.sources:
        f.add(f"d.source IN ({','.join('?' * len(q.sources))})", *q.sources)
    if q.since:
        f.add("d.published >= ?", q.since.isoformat())
    if q.until:
        f.add("d.published <= ?", q.until.isoformat())
    return f


def _matched(f: _Sql, match: str, joined: bool = False) -> tuple[str, list[Any]]:
    """FROM … WHERE … of every hit, and its parameters. Without filters the FTS index is
    enough (no row lookups), unless ``joined`` asks for the documents' columns."""
    if not match:
        return f"FROM documents d WHERE {f.sql()}", f.params
    if not f.where and not joined:
        return "FROM docs_fts WHERE docs_fts MATCH ?", [match]
    return ("FROM docs_fts JOIN documents d ON d.rowid = docs_fts.rowid "
            f"WHERE docs_fts MATCH ? AND {f.sql()}", [match, *f.params])


def search(conn: sqlite3.Connection, q: SearchQuery) -> SearchResult:
    parsed = fts.parse(q.text)
    if q.text.strip() and not parsed.terms:
        return SearchResult(total=0, hits=[])  # only punctuation: nothing can match
    match = fts.match_expression(parsed, q.lemmas)  # "(words) NOT (exclusions)"
    only_exclusions = "" if match else fts.negative_expression(parsed)
    f = _filters(q, only_exclusions)
    body, params = _matched(f, match)
    total = conn.execute(f"SELECT count(*) {body}", params).fetchone()[0]
    limit, offset = max(0, min(q.limit, MAX_LIMIT)), max(0, q.offset)
    hits: list[Hit] = []
    if total and limit:
        stems = fts.stems_of(parsed.words(), q.lemmas)
        hits = _hits(conn, q, f, _Ranked(match, total), stems, limit, offset)
    result = SearchResult(total=int(total), hits=hits)
    if q.facets:
        result.facets = _facets(conn, *_matched(f, match, joined=True))
    return result


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
        body, params = _matched(f, match)
        rowid = "d.rowid" if f.where else "docs_fts.rowid"  # see _matched
        order, score = f"{BM25}, {rowid}", f"-{BM25}"
        floor = None if f.where else _rank_floor(conn, ranked, offset + limit)
        if floor is not None:
            body, params = f"{body} AND docs_fts.rowid > ?", [*params, floor]
    else:
        body, params = _matched(f, match, joined=True)
        rowid, order = "d.rowid", "d.published DESC, d.id DESC"
        score = f"-{BM25}" if match else "0.0"
    top = conn.execute(f"SELECT {rowid}, {score} {body} ORDER BY {order} LIMIT ? OFFSET ?",
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
    cols = "rowid, id, url, title, source, lang, published, members, substr(text, 1, 20000)"
    rows = conn.execute(f"SELECT {cols} FROM documents WHERE rowid IN ({marks})",
                        list(scores)).fetchall()
    by_rowid = {r[0]: r for r in rows}
    return [_hit(by_rowid[r], scores[r], snippets.get(r), stems) for r in scores
            if r in by_rowid]


def _hit(r: tuple[Any, ...], score: float, marked: str | None,
         stems: re.Pattern[str] | None) -> Hit:
    if marked and fts.MARK_OPEN in marked:
        snippet = fts.marked_to_html(marked, stems)
    else:  # matched through the title or the lemmas only, or no query words at all
        snippet = fts.highlight(r[8] or "", stems)
    return Hit(id=r[1], url=r[2], title=r[3], source=r[4], lang=r[5], published=r[6],
               snippet=snippet, members=r[7].split() if r[7] else [], score=score)


def _facets(conn: sqlite3.Connection, body: str, params: list[Any]) -> dict[str, dict[str, int]]:
    sql = (f"WITH m AS MATERIALIZED (SELECT d.rowid AS r, d.source, d.lang {body}) "
           "SELECT 'member', mm.member, count(*) FROM m JOIN mentions mm ON mm.doc = m.r "
           "GROUP BY mm.member "
           "UNION ALL SELECT 'source', source, count(*) FROM m GROUP BY source "
           "UNION ALL SELECT 'lang', coalesce(lang, ''), count(*) FROM m GROUP BY lang")
    out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for kind, key, n in conn.execute(sql, params):
        out[kind][key] = int(n)
    return out
