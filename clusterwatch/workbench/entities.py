"""Most named organisations, places and persons in a period, with the change against the
previous period of the same length and a mark for names never seen before the period."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from index.base import EntitiesQuery, Store
from pipeline.registry import Registry

MAX_TOP = 1000


@dataclass
class EntityRow:
    name: str
    documents: int
    previous: int | None = None  # documents in the previous period (None: no period given)
    new: bool = False  # never named before the period

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.documents - self.previous

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "documents": self.documents, "previous": self.previous,
                "change": self.change, "new": self.new}


@dataclass
class EntityReport:
    query: EntitiesQuery
    rows: list[EntityRow]
    previous_since: date | None = None
    previous_until: date | None = None

    def to_json(self) -> dict[str, Any]:
        q = self.query
        return {"kind": q.kind.value,
                "since": q.since.isoformat() if q.since else None,
                "until": q.until.isoformat() if q.until else None,
                "previous": ({"since": self.previous_since.isoformat(),
                              "until": self.previous_until.isoformat()}
                             if self.previous_since and self.previous_until else None),
                "co_mentioned_with_members": q.with_members,
                "entities": [r.to_json() for r in self.rows]}


def member_names(registry: Registry) -> list[str]:
    """Every name a member is known by (left out of the prospects view)."""
    out: dict[str, None] = {}
    for m in registry:
        for name in (m.name, *m.aliases):
            out.setdefault(name, None)
    return list(out)


def entity_report(store: Store, query: EntitiesQuery, today: date | None = None
                  ) -> EntityReport:
    """Top names of the period; with ``since`` given, the previous period and "new" marks."""
    rows = [EntityRow(e.name, e.documents) for e in store.entities(query)]
    if query.since is None or not rows:
        return EntityReport(query, rows)
    until = query.until or today or date.today()
    length = max((until - query.since).days + 1, 1)
    prev_until = query.since - timedelta(days=1)
    prev_since = prev_until - timedelta(days=length - 1)
    names = [r.name for r in rows]
    before = replace(query, names=names, top=len(names))
    previous = {e.name: e.documents for e in store.entities(
        replace(before, since=prev_since, until=prev_until))}
    seen = {e.name for e in store.entities(replace(before, since=None, until=prev_until))}
    for r in rows:
        r.previous = previous.get(r.name, 0)
        r.new = r.name not in seen
    return EntityReport(query, rows, prev_since, prev_until)
