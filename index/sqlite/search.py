"""Search over the FTS5 index: filters, bm25 ranking, date sort, snippets, facets."""

from __future__ import annotations

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


def _filters(q: SearchQuery, match: str, negative: str) -> _Sql:
    f = _Sql()
    if match:
        f.add("d.rowid IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)", match)
    elif negative:
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


def search(conn: sqlite3.Connection, q: SearchQuery) -> SearchResult:
    parsed = fts.parse(q.text)
    match = fts.match_expression(parsed, q.lemmas)
    negative = fts.negative_expression(parsed)
    if q.text.strip() and not parsed.terms:
        return SearchResult(total=0, hits=[])  # only punctuation: nothing can match
    f = _filters(q, match, negative)
    total = conn.execute(f"SELECT count(*) FROM documents d WHERE {f.sql()}", f.params
                         ).fetchone()[0]
    limit, offset = max(0, min(q.limit, MAX_LIMIT)), max(0, q.offset)
    hits = _hits(conn, q, f, match, parsed.words(), limit, offset) if total and limit else []
    result = SearchResult(total=int(total), hits=hits)
    if q.facets:
        result.facets = _facets(conn, f)
    return result


def _hits(conn: sqlite3.Connection, q: SearchQuery, f: _Sql, match: str, words: list[str],
          limit: int, offset: int) -> list[Hit]:
    cols = "d.id, d.url, d.title, d.source, d.lang, d.published, d.members"
    if match and q.sort == SortOrder.RELEVANCE:
        sql = (f"SELECT {cols}, -{BM25}, {SNIPPET}, d.text FROM docs_fts "
               f"JOIN documents d ON d.rowid = docs_fts.rowid "
               f"WHERE docs_fts MATCH ? AND {f.sql()} ORDER BY {BM25}, d.id LIMIT ? OFFSET ?")
        rows = conn.execute(sql, [match, *f.params, limit, offset]).fetchall()
    elif match:
        sql = (f"SELECT {cols}, -{BM25}, {SNIPPET}, d.text FROM docs_fts "
               f"JOIN documents d ON d.rowid = docs_fts.rowid "
               f"WHERE docs_fts MATCH ? AND {f.sql()} "
               f"ORDER BY d.published IS NULL, d.published DESC, d.id LIMIT ? OFFSET ?")
        rows = conn.execute(sql, [match, *f.params, limit, offset]).fetchall()
    else:
        sql = (f"SELECT {cols}, 0.0, NULL, substr(d.text, 1, 2000) FROM documents d "
               f"WHERE {f.sql()} ORDER BY d.published IS NULL, d.published DESC, d.id "
               f"LIMIT ? OFFSET ?")
        rows = conn.execute(sql, [*f.params, limit, offset]).fetchall()
    return [_hit(r, words) for r in rows]


def _hit(r: tuple[Any, ...], words: list[str]) -> Hit:
    marked = r[8]
    if marked and fts.MARK_OPEN in marked:
        snippet = fts.marked_to_html(marked)
    else:  # matched through the title or the lemmas only
        snippet = fts.highlight(r[9] or "", words)
    return Hit(id=r[0], url=r[1], title=r[2], source=r[3], lang=r[4], published=r[5],
               snippet=snippet, members=r[6].split() if r[6] else [],
               score=float(r[7]))


def _facets(conn: sqlite3.Connection, f: _Sql) -> dict[str, dict[str, int]]:
    sql = (f"WITH m AS MATERIALIZED (SELECT d.rowid AS r, d.source, d.lang FROM documents d "
           f"WHERE {f.sql()}) "
           "SELECT 'member', mm.member, count(*) FROM m JOIN mentions mm ON mm.doc = m.r "
           "GROUP BY mm.member "
           "UNION ALL SELECT 'source', source, count(*) FROM m GROUP BY source "
           "UNION ALL SELECT 'lang', coalesce(lang, ''), count(*) FROM m GROUP BY lang")
    out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for kind, key, n in conn.execute(sql, f.params):
        out[kind][key] = int(n)
    return out
