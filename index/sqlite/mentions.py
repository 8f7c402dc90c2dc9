"""Mentions per member per interval, and co-mentions, from the ``mentions`` table.

A document's date is ``published``, else the day it was fetched. Buckets between a series'
first and last non-empty bucket are filled with zeros (a chart needs the gaps). With
``MentionUnit.STORIES`` syndicated copies count once: a story is dated by its earliest copy and
counts the largest number of mentions of any copy.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from index.base import Bucket, Interval, MentionsQuery, MentionsResult, MentionUnit, Series
from index.buckets import fill_gaps

# SQL for the first day of the bucket holding ``day`` (an ISO date column)
_BUCKET_SQL = {
    Interval.DAY: "{c}",
    Interval.WEEK: "date({c}, '-' || ((cast(strftime('%w', {c}) AS INTEGER) + 6) % 7) || ' days')",
    Interval.MONTH: "substr({c}, 1, 7) || '-01'",
    Interval.YEAR: "substr({c}, 1, 4) || '-01-01'",
}


def bucket_sql(interval: Interval, column: str = "day") -> str:
    """SQL for the first day of the bucket holding ``column`` (an ISO date column)."""
    return _BUCKET_SQL[interval].replace("{c}", column)


def _where(q: MentionsQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if q.members:
        clauses.append(f"member IN ({','.join('?' * len(q.members))})")
        params.extend(q.members)
    if q.since:
        clauses.append("day >= ?")
        params.append(q.since.isoformat())
    if q.until:
        clauses.append("day <= ?")
        params.append(q.until.isoformat())
    if q.sources:
        clauses.append(f"source IN ({','.join('?' * len(q.sources))})")
        params.extend(q.sources)
    if q.langs:
        clauses.append(f"doc IN (SELECT rowid FROM meta WHERE lang IN "
                       f"({','.join('?' * len(q.langs))}))")
        params.extend(q.langs)
    return (" AND ".join(clauses) or "1"), params


def mentions(conn: sqlite3.Connection, q: MentionsQuery) -> MentionsResult:
    where, params = _where(q)
    bucket = bucket_sql(q.interval)
    if q.unit == MentionUnit.STORIES:
        inner = (f"SELECT member, min(day) AS day, max(count) AS count FROM mentions "
                 f"WHERE {where} GROUP BY member, story")
        sql = (f"SELECT member, {bucket} AS b, sum(count), count(*) FROM ({inner}) "
               "GROUP BY member, b ORDER BY member, b")
    else:
        sql = (f"SELECT member, {bucket} AS b, sum(count), count(*) FROM mentions "
               f"WHERE {where} GROUP BY member, b ORDER BY member, b")
    found: dict[str, list[Bucket]] = {}
    for member, b, n, docs in conn.execute(sql, params):
        if b is None:  # a malformed date: nothing to bucket it by
            continue
        found.setdefault(member, []).append(Bucket(date=b, mentions=int(n), documents=int(docs)))
    order = list(dict.fromkeys(q.members)) if q.members else sorted(
        found, key=lambda m: (-sum(b.mentions for b in found[m]), m))
    series = [Series(member=m, name=q.names.get(m, m),
                     buckets=fill_gaps(found.get(m, []), q.interval)) for m in order]
    return MentionsResult(interval=q.interval, series=series)


def cache_key(q: MentionsQuery) -> tuple[object, ...]:
    return ("mentions", tuple(q.members), q.interval, q.since, q.until, tuple(q.sources),
            q.unit, tuple(q.langs), tuple(sorted(q.names.items())))


def copy_result(result: MentionsResult) -> MentionsResult:
    """A copy whose series a caller may change (buckets are replaced, never changed)."""
    return MentionsResult(interval=result.interval, by=result.by,
                          series=[replace(s, buckets=list(s.buckets)) for s in result.series])


def co_mentions(conn: sqlite3.Connection, member: str, limit: int) -> list[tuple[str, int]]:
    sql = ("SELECT o.member, count(*) AS n FROM mentions m JOIN mentions o ON o.doc = m.doc "
           "WHERE m.member = ? AND o.member != ? GROUP BY o.member ORDER BY n DESC, o.member "
           "LIMIT ?")
    return [(m, int(n)) for m, n in conn.execute(sql, (member, member, max(0, limit)))]
