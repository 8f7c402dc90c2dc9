"""Parameters of the workbench pages and API (compare, entities), checked once: bad values
raise BadParameter (400). The URL holds the whole state of each page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from clusterwatch.web.params import (  # the one place parameters are checked
    _CODE,
    _SOURCE_ID,
    DOC_ID,
    BadParameter,
    MentionParams,
    check_codes,
    check_range,
    mention_params,
    parse_date,
    parse_int,
)
from index.base import EntitiesQuery, EntityKind, MentionsQuery
from index.compare import Breakdown

MAX_COMPARED = 8
MEASURES = ("documents", "mentions", "share")
TOP_DEFAULT, TOP_MAX = 25, 200


def _choice(param: str, value: str | None, allowed: Iterable[str], default: str) -> str:
    text = (value or "").strip() or default
    options = list(allowed)
    if text not in options:
        raise BadParameter(param, f"must be one of {', '.join(options)}, got {text[:40]!r}")
    return text


@dataclass(frozen=True)
class CompareParams:
    mention: MentionParams
    measure: str = "documents"
    by: Breakdown | None = None
    sources: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)  # saved searches (alert ids) as lines

    @property
    def share(self) -> bool:
        return self.measure == "share"

    def to_query(self, names: dict[str, str]) -> MentionsQuery:
        q = self.mention.to_query(names)
        return replace(q, sources=list(self.sources), langs=list(self.langs), names=names)

    def pairs(self) -> list[tuple[str, str]]:
        out = [*self.mention.pairs(), ("measure", self.measure)]
        out += [("by", self.by.value)] if self.by else []
        out += [("source", s) for s in self.sources] + [("lang", lang) for lang in self.langs]
        out += [("search", a) for a in self.searches]
        return out

    @property
    def anything(self) -> bool:
        return bool(self.mention.members or self.searches)

    def url(self, path: str, **extra: str) -> str:
        return f"{path}?{urlencode([*self.pairs(), *extra.items()])}"


def compare_params(member: list[str], interval: str | None, unit: str | None,
                   since: str | None, until: str | None, measure: str | None, by: str | None,
                   source: list[str], lang: list[str], known: Iterable[str],
                   search: list[str] | None = None) -> CompareParams:
    m = mention_params(member, interval, unit, since, until, known)
    if len(m.members) > MAX_COMPARED:
        raise BadParameter("member", f"at most {MAX_COMPARED} members at once")
    b = _choice("by", by, ["", *[x.value for x in Breakdown]], "")
    return CompareParams(m, _choice("measure", measure, MEASURES, "documents"),
                         Breakdown(b) if b else None,
                         check_codes("source", source, _SOURCE_ID),
                         check_codes("lang", lang, _CODE),
                         check_codes("search", search or [], DOC_ID))


@dataclass(frozen=True)
class EntityParams:
    kind: EntityKind = EntityKind.ORG
    since: date | None = None
    until: date | None = None
    sources: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    top: int = TOP_DEFAULT
    prospects: bool = False

    def to_query(self, exclude: list[str]) -> EntitiesQuery:
        kind = EntityKind.ORG if self.prospects else self.kind
        return EntitiesQuery(kind=kind, since=self.since, until=self.until,
                             sources=list(self.sources), langs=list(self.langs), top=self.top,
                             with_members=self.prospects,
                             exclude=exclude if self.prospects else [])

    def pairs(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = [("kind", self.kind.value), ("top", str(self.top))]
        out += [(k, v.isoformat()) for k, v in (("since", self.since), ("until", self.until)) if v]
        out += [("source", s) for s in self.sources] + [("lang", lang) for lang in self.langs]
        out += [("view", "prospects")] if self.prospects else []
        return out

    def url(self, path: str, **changes: Any) -> str:
        pairs = [(k, v) for k, v in self.pairs() if k not in changes]
        pairs += [(k, str(v)) for k, v in changes.items() if v not in (None, "")]
        return f"{path}?{urlencode(pairs)}"


def entity_params(kind: str | None, since: str | None, until: str | None, source: list[str],
                  lang: list[str], top: str | None, view: str | None) -> EntityParams:
    p = EntityParams(
        kind=EntityKind(_choice("kind", kind, [k.value for k in EntityKind], "org")),
        since=parse_date("since", since), until=parse_date("until", until),
        sources=check_codes("source", source, _SOURCE_ID), langs=check_codes("lang", lang, _CODE),
        top=parse_int("top", top, TOP_DEFAULT, 1, TOP_MAX),
        prospects=_choice("view", view, ["top", "prospects"], "top") == "prospects")
    check_range(p.since, p.until)
    return p
