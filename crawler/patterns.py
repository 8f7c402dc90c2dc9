"""Learn ``articles``/``follow`` regexes from the URL shapes of sampled pages.

URLs of one shape (as many path segments, the same trailing slash, file extension and query
parameter names) are generalised column by column: a segment common to all stays literal,
numbers become ``\\d{n}`` (``\\d+`` in listings and when lengths differ), a few section names
become an alternation, slugs become ``[a-z0-9-]+`` (with their ``-123``/``,123`` id suffix kept
as a shape). Patterns start with ``^https?://[^/]+`` (the source's hosts are checked apart) and
end with ``$`` (query strings are tolerated by the classification, ``crawler.classify``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from crawler.urls import canonicalize

MAX_ALTERNATIVES = 3  # more distinct section names than this: any slug
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_SHAPES = [  # (test, regex) for a segment that is not all digits, first match wins
    (re.compile(r"^[a-z0-9_-]+-\d{3,}$"), r"[a-z0-9_-]+-\d+"),
    (re.compile(r"^[a-z0-9_-]+,\d{3,}$"), r"[a-z0-9_-]+,\d+"),
    (re.compile(r"^\d+,\d+,[a-z0-9_-]+$"), r"\d+,\d+,[a-z0-9_-]+"),
    (_SLUG, r"[a-z0-9_-]+"),
]
_EXT = re.compile(r"^(.+?)(\.[a-z0-9]{2,5})$")
PREFIX = r"^https?://[^/]+"


@dataclass(frozen=True)
class Shape:
    segments: int
    trailing_slash: bool
    extension: str
    params: tuple[str, ...]


@dataclass(frozen=True)
class _Parsed:
    segments: list[str]  # the last one without its extension
    shape: Shape
    query: dict[str, str]


def _parse(url: str) -> _Parsed:
    parts = urlsplit(canonicalize(url))
    segments = [s for s in parts.path.split("/") if s]
    ext = ""
    if segments and (m := _EXT.match(segments[-1])):
        segments[-1], ext = m.group(1), m.group(2)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    shape = Shape(len(segments), parts.path.endswith("/") and bool(segments), ext.lower(),
                  tuple(sorted(query)))
    return _Parsed(segments, shape, query)


def _escape(text: str) -> str:
    """``re.escape`` without escaping '-' (readable patterns; '-' is literal outside [])."""
    return re.escape(text).replace("\\-", "-")


def _digits(values: list[str], exact: bool) -> str:
    lengths = {len(v) for v in values}
    return rf"\d{{{lengths.pop()}}}" if exact and len(lengths) == 1 else r"\d+"


def _column(values: list[str], last: bool, listing: bool, fixed_last: bool = False) -> str:
    """One path segment's regex; ``fixed_last``: the query, not the path, names the page."""
    distinct = sorted(set(values))
    if all(v.isdigit() for v in distinct):
        return _digits(distinct, exact=not listing)
    if len(distinct) == 1 and (not last or listing or fixed_last):
        return _escape(distinct[0])
    if not last and len(distinct) <= MAX_ALTERNATIVES and all(_SLUG.match(v) for v in distinct):
        return "(?:" + "|".join(_escape(v) for v in distinct) + ")"
    for test, regex in _SHAPES:
        if all(test.match(v) for v in distinct):
            return regex
    return r"[^/]+"


def _query(items: list[_Parsed], names: tuple[str, ...]) -> str:
    parts = []
    for name in names:
        values = sorted({p.query[name] for p in items})
        if len(values) == 1 and len(items) > 1:  # the same in every URL: a fixed parameter
            value = _escape(values[0])
        elif all(v.isdigit() for v in values):
            value = r"\d+"
        else:
            value = "[^&]*"
        parts.append(f"{_escape(name)}={value}")
    return r"\?" + "&".join(parts)


def _pattern(items: list[_Parsed], listing: bool) -> str:
    shape = items[0].shape
    cols = [_column([p.segments[i] for p in items], i == shape.segments - 1, listing,
                    fixed_last=bool(shape.params))
            for i in range(shape.segments)]
    path = "/" + "/".join(cols)
    if shape.extension:
        path += _escape(shape.extension)
    if shape.trailing_slash:
        path += "/"
    query = _query(items, shape.params) if shape.params else ""
    return f"{PREFIX}{path}{query}$"


def learn_patterns(urls: list[str], listing: bool = False) -> list[str]:
    """One regex per URL shape, most frequent shape first (ties: the shorter regex)."""
    groups: dict[Shape, list[_Parsed]] = defaultdict(list)
    for url in urls:
        parsed = _parse(url)
        groups[parsed.shape].append(parsed)
    ordered = sorted(groups.values(), key=lambda g: -len(g))
    patterns = [_pattern(g, listing) for g in ordered]
    return list(dict.fromkeys(patterns))
