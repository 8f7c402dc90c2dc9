"""Request parameters, checked once for pages and API alike: bad values raise BadParameter (400).

HTML forms send every field, empty ones included, so an empty value means "not given".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from index.base import Interval, MentionsQuery, MentionUnit, SearchQuery, SortOrder

MAX_QUERY_CHARS = 300
MAX_FILTER_VALUES = 20
MAX_OFFSET = 10_000  # deepest result reachable by paging
MAX_LIMIT = 100
_CODE = re.compile(r"^[a-z]{2,3}$")
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DOC_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class BadParameter(ValueError):  # noqa: N818 - answered as HTTP 400 Bad Request
    """A parameter the server cannot use: answered with 400 and this message."""

    def __init__(self, param: str, problem: str) -> None:
        self.param, self.problem = param, problem
        super().__init__(f"{param}: {problem}")


def _clean(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


def parse_date(param: str, value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise BadParameter(param, f"not a date (YYYY-MM-DD): {text[:40]!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadParameter(param, f"no such day: {text!r}") from None


def parse_int(param: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        n = int(value.strip())
    except ValueError:
        raise BadParameter(param, f"not a whole number: {value.strip()[:40]!r}") from None
    if not low <= n <= high:
        raise BadParameter(param, f"must be between {low} and {high}, got {n}")
    return n


def parse_choice(param: str, value: str | None, enum: type[SortOrder] | type[Interval]
                 | type[MentionUnit], default: str) -> str:
    text = (value or "").strip() or default
    allowed = [e.value for e in enum]
    if text not in allowed:
        raise BadParameter(param, f"must be one of {', '.join(allowed)}, got {text[:40]!r}")
    return text


def check_codes(param: str, values: list[str], pattern: re.Pattern[str]) -> list[str]:
    out = _clean(values)
    if len(out) > MAX_FILTER_VALUES:
        raise BadParameter(param, f"at most {MAX_FILTER_VALUES} values")
    for v in out:
        if not pattern.match(v):
            raise BadParameter(param, f"not a valid value: {v[:40]!r}")
    return list(dict.fromkeys(out))


def check_members(values: list[str], known: Iterable[str]) -> list[str]:
    ids = check_codes("member", values, _SOURCE_ID)
    known_set = set(known)
    for v in ids:
        if v not in known_set:
            raise BadParameter("member", f"unknown member {v!r}")
    return ids


def check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise BadParameter("since", f"{since} is after until {until}")


@dataclass(frozen=True)
class SearchParams:
    """The whole state of a search page (and of /api/search)."""

    q: str = ""
    members: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = 1
    limit: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    @property
    def filtered(self) -> bool:
        return bool(self.members or self.langs or self.sources or self.since or self.until)

    def to_query(self, facets: bool = False) -> SearchQuery:
        return SearchQuery(text=self.q,
                           members=list(self.members), langs=list(self.langs),
                           sources=list(self.sources), since=self.since, until=self.until,
                           sort=self.sort, limit=self.limit, offset=self.offset, facets=facets)

    def pairs(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        out += [("member", m) for m in self.members]
        out += [("lang", v) for v in self.langs] + [("source", v) for v in self.sources]
        out += [(k, v.isoformat()) for k, v in (("since", self.since), ("until", self.until)) if v]
        if self.sort is not SortOrder.RELEVANCE:
            out.append(("sort", self.sort.value))
        if self.page > 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, path: str = "/search", **changes: Any) -> str:
        """This search with some fields changed (a new filter resets the page to 1)."""
        if "page" not in changes:
            changes["page"] = 1
        state = replace(self, **changes)
        query = urlencode(state.pairs())
        return f"{path}?{query}" if query else path

    def toggle(self, facet: str, value: str) -> str:
        """The URL that adds ``value`` to a facet filter, or removes it when already set."""
        attr = {"member": "members", "source": "sources", "lang": "langs"}[facet]
        current: list[str] = getattr(self, attr)
        new = [v for v in current if v != value] if value in current else [*current, value]
        changes: dict[str, Any] = {attr: new}
        return self.url(**changes)


def search_params(q: str | None, member: list[str], lang: list[str], source: list[str],
                  since: str | None, until: str | None, sort: str | None, page: str | None,
                  limit: int, known_members: Iterable[str]) -> SearchParams:
    text = (q or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise BadParameter("q", f"too long (at most {MAX_QUERY_CHARS} characters)")
    p = SearchParams(
        q=text, members=check_members(member, known_members),
        langs=check_codes("lang", lang, _CODE), sources=check_codes("source", source, _SOURCE_ID),
        since=parse_date("since", since), until=parse_date("until", until),
        sort=SortOrder(parse_choice("sort", sort, SortOrder, SortOrder.RELEVANCE.value)),
        page=parse_int("page", page, 1, 1, MAX_OFFSET), limit=limit)
    check_range(p.since, p.until)
    if p.offset >= MAX_OFFSET:
        raise BadParameter("page", f"too deep: at most {MAX_OFFSET // limit} pages of {limit}")
    return p


@dataclass(frozen=True)
class MentionParams:
    members: list[str]
    interval: Interval = Interval.MONTH
    unit: MentionUnit = MentionUnit.COPIES
    since: date | None = None
    until: date | None = None

    def to_query(self, names: dict[str, str]) -> MentionsQuery:
        return MentionsQuery(members=list(self.members), interval=self.interval,
                             since=self.since, until=self.until, unit=self.unit,
                             names={m: names[m] for m in self.members if m in names} or names)

    def pairs(self) -> list[tuple[str, str]]:
        out = [("member", m) for m in self.members]
        out += [("interval", self.interval.value), ("unit", self.unit.value)]
        out += [(k, v.isoformat()) for k, v in (("since", self.since), ("until", self.until)) if v]
        return out


def mention_params(member: list[str], interval: str | None, unit: str | None, since: str | None,
                   until: str | None, known_members: Iterable[str],
                   default_interval: Interval = Interval.MONTH) -> MentionParams:
    p = MentionParams(
        members=check_members(member, known_members),
        interval=Interval(parse_choice("interval", interval, Interval, default_interval.value)),
        unit=MentionUnit(parse_choice("unit", unit, MentionUnit, MentionUnit.COPIES.value)),
        since=parse_date("since", since), until=parse_date("until", until))
    check_range(p.since, p.until)
    return p
