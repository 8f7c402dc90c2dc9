"""What goes into one digest: the alert's matches fetched in its window, copies collapsed.

Syndicated copies of one story (the same ``story_id``) become one entry "also in N sources".
Articles already sent by this alert (an article whose text changed is fetched again) are left
out, so no article comes twice.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from clusterwatch.alerts.spikes import Spike
from clusterwatch.alerts.text import one_line
from index.alerts import Alert, SendStatus
from index.base import Hit, SearchQuery, SortOrder, Store
from pipeline.nlp import query_lemmas

MAX_HITS = 1000  # matches looked at per digest (the store's own page limit)
SNIPPET_CHARS = 300
_TAG = re.compile(r"</?mark>")


@dataclass
class Entry:
    """One story in a digest (crawled strings raw: templates escape them)."""

    id: str
    title: str
    url: str
    source: str  # display name
    published: str | None
    members: list[str]  # display names
    snippet: str  # plain text
    also_in: list[str] = field(default_factory=list)  # other sources with a copy
    link: str | None = None  # the document page, when server.public_url is set
    doc_ids: list[str] = field(default_factory=list)  # every copy covered
    member_ids: list[str] = field(default_factory=list)


@dataclass
class Digest:
    alert: Alert
    window_start: datetime | None
    window_end: datetime
    entries: list[Entry]
    more: int = 0  # stories beyond the digest's limit (counted, not listed)
    spikes: list[Spike] = field(default_factory=list)
    search_link: str | None = None

    @property
    def count(self) -> int:
        return len(self.entries) + self.more

    @property
    def doc_ids(self) -> list[str]:
        return [i for e in self.entries for i in e.doc_ids]


@dataclass
class Names:
    """Display names for ids, and where links point."""

    members: dict[str, str]
    sources: dict[str, str]
    public_url: str | None = None


def alert_query(alert: Alert, limit: int = MAX_HITS) -> SearchQuery:
    lang = alert.langs[0] if len(alert.langs) == 1 else None
    lemmas = query_lemmas(alert.query, lang) if alert.query else []
    return SearchQuery(text=alert.query, lemmas=lemmas, members=list(alert.members),
                       langs=list(alert.langs), sources=list(alert.sources),
                       sort=SortOrder.DATE, limit=limit)


def plain_snippet(snippet: str) -> str:
    """The store's escaped, marked snippet as plain text."""
    return one_line(html.unescape(_TAG.sub("", snippet)), SNIPPET_CHARS)


def _story_of(store: Store, hit: Hit) -> str:
    doc = store.get(hit.id)
    return (doc.story_id if doc is not None and doc.story_id else None) or hit.id


def group_hits(store: Store, hits: list[Hit], names: Names, limit: int
               ) -> tuple[list[Entry], int]:
    """Entries for the first ``limit`` stories (newest first), and how many stories more."""
    entries: dict[str, Entry] = {}
    more: set[str] = set()
    for hit in hits:
        story = _story_of(store, hit)
        entry = entries.get(story)
        if entry is not None:
            source = names.sources.get(hit.source, hit.source)
            if source != entry.source and source not in entry.also_in:
                entry.also_in.append(source)
            entry.doc_ids.append(hit.id)
        elif len(entries) < limit:
            entries[story] = _entry(hit, names)
        else:
            more.add(story)
    for entry in entries.values():
        entry.also_in.sort()
    return list(entries.values()), len(more)


def _entry(hit: Hit, names: Names) -> Entry:
    link = f"{names.public_url}/documents/{hit.id}" if names.public_url else None
    return Entry(id=hit.id, title=one_line(hit.title or "") or hit.url, url=hit.url,
                 source=names.sources.get(hit.source, hit.source), published=hit.published,
                 members=[names.members.get(m, m) for m in hit.members],
                 snippet=plain_snippet(hit.snippet), link=link, doc_ids=[hit.id],
                 member_ids=list(hit.members))


def already_sent(store: Store, alert: Alert) -> set[str]:
    """Articles of earlier digests (delivered, or possibly delivered before a crash)."""
    return {i for s in store.alert_sends(alert.id, limit=1000)
            if s.status is not SendStatus.FAILED for i in s.doc_ids}


def build_digest(store: Store, alert: Alert, start: datetime | None, end: datetime,
                 names: Names, limit: int) -> Digest:
    query = alert_query(alert)
    query.fetched_after, query.fetched_until = start, end
    sent = already_sent(store, alert)
    hits = [h for h in store.search(query).hits if h.id not in sent]
    entries, more = group_hits(store, hits, names, limit)
    return Digest(alert, start, end, entries, more, search_link=search_link(alert, names))


def search_link(alert: Alert, names: Names) -> str | None:
    """The alert's search on the web UI (public_url set), newest first."""
    if not names.public_url:
        return None
    from urllib.parse import urlencode

    words = [("q", alert.query)] if alert.query else []
    pairs = [*words, *(("member", m) for m in alert.members),
             *(("source", s) for s in alert.sources), *(("lang", x) for x in alert.langs),
             ("sort", "date")]
    return f"{names.public_url}/search?{urlencode(pairs)}"
