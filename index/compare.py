"""Comparing members: share of voice and breakdowns by source or language, built from plain
``Store.mentions`` answers so every backend gives the same figures.

* share of voice: a member's mentions in a bucket divided by all members' mentions in that
  bucket (every member of the store, not only the compared ones), over the same filters;
* breakdown: one series per (member, source) or (member, language), in the order of the groups'
  totals.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from index.alerts import Alert
from index.base import Bucket, MentionsQuery, MentionsResult, SearchQuery, Series, Store

MAX_GROUPS = 50  # sources or languages shown in one breakdown


class Breakdown(str, Enum):
    SOURCE = "source"
    LANG = "lang"


def compare(store: Store, query: MentionsQuery, share: bool = False,
            by: Breakdown | None = None) -> MentionsResult:
    """The members' series, with shares and/or broken down by ``by``."""
    if not share:
        return store.mentions(query) if by is None else _broken_down(store, query, by)
    everyone = store.mentions(replace(query, members=[]))  # one read serves both
    totals = _totals(everyone)
    result = _pick(everyone, query) if by is None else _broken_down(store, query, by)
    add_shares(result, totals)
    return result


def _totals(everyone: MentionsResult) -> dict[str, int]:
    """All members' mentions per bucket date."""
    totals: dict[str, int] = {}
    for s in everyone.series:
        for b in s.buckets:
            totals[b.date] = totals.get(b.date, 0) + b.mentions
    return totals


def _pick(everyone: MentionsResult, query: MentionsQuery) -> MentionsResult:
    """The asked members' series out of every member's (the same series a query of just those
    members gives: each series is filled between its own first and last bucket)."""
    if not query.members:
        return everyone
    found = {s.member: s for s in everyone.series}
    series = [found.get(m) or Series(m, query.names.get(m, m), [])
              for m in dict.fromkeys(query.members)]
    return MentionsResult(interval=everyone.interval, series=series)


def add_shares(result: MentionsResult, totals: dict[str, int]) -> None:
    """Each bucket's share of ``totals`` for its date (0.0 where nothing was mentioned)."""
    for s in result.series:
        s.buckets = [replace(b, share=_ratio(b.mentions, totals.get(b.date, 0)))
                     for b in s.buckets]


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _broken_down(store: Store, query: MentionsQuery, by: Breakdown) -> MentionsResult:
    groups = _groups(store, query, by)
    series: list[Series] = []
    for group in groups:
        narrowed = (replace(query, sources=[group]) if by is Breakdown.SOURCE
                    else replace(query, langs=[group]))
        for s in store.mentions(narrowed).series:
            if any(b.mentions for b in s.buckets):
                series.append(replace(s, group=group))
    order = {m: i for i, m in enumerate(query.members)}
    series.sort(key=lambda s: (order.get(s.member, len(order)), s.member,
                               -_total(s.buckets), s.group or ""))
    return MentionsResult(interval=query.interval, series=series, by=by.value)


def _groups(store: Store, query: MentionsQuery, by: Breakdown) -> list[str]:
    chosen = query.sources if by is Breakdown.SOURCE else query.langs
    if chosen:
        return list(dict.fromkeys(chosen))[:MAX_GROUPS]
    stats = store.stats()
    counts = stats.by_source if by is Breakdown.SOURCE else stats.by_lang
    return [g for g, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if g
            ][:MAX_GROUPS]


def _total(buckets: list[Bucket]) -> int:
    return sum(b.mentions for b in buckets)


def saved_search_series(store: Store, alert: Alert, query: MentionsQuery) -> Series:
    """A saved search (an alert's query and filters) as one more line on the compare chart:
    its matching documents per bucket of the compared period (``documents`` = ``mentions``)."""
    search = SearchQuery(text=alert.query, members=list(alert.members),
                         sources=list(alert.sources), langs=list(alert.langs),
                         since=query.since, until=query.until)
    return Series(member=f"search:{alert.id}", name=alert.name,
                  buckets=store.search_histogram(search, query.interval))
