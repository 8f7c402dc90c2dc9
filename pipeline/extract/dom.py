"""A page's id/class attributes and text nodes, gathered once for all cleaning rules (speed)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement


class _BodyQuery:
    """An XPath over the page body: run from the body element when the page has exactly one
    (the usual case: no walk over the whole document to find it), else from every ``//body``."""

    def __init__(self, *paths: str, smart_strings: bool = True) -> None:
        self.local = XPath(" | ".join(paths), smart_strings=smart_strings)
        self.anywhere = XPath(" | ".join(f"//body/{p}" for p in paths), smart_strings=smart_strings)

    def __call__(self, index: PageIndex, **variables: str) -> Any:
        body = index.body
        if body is None:
            return self.anywhere(index.tree, **variables)
        return self.local(body, **variables)


_ATTR_VALUES = _BodyQuery(
    *(f"descendant-or-self::*/@{a}" for a in ("id", "class", "itemprop", "rel")),
    smart_strings=False,
)
_TEXTS = _BodyQuery("descendant::text()", smart_strings=False)
_TEXT_NODES = _BodyQuery("descendant::text()")  # smart strings: each knows its parent (costlier)
_FEW_HITS = 20
_BY_TOKEN = _BodyQuery(
    "descendant::*[@class][contains(concat(' ', normalize-space(@class), ' '), $t)]"
)


# tags whose elements the metadata and cleaning rules look up: gathered in one walk of the tree
_GATHERED = ("body", "meta", "script", "title", "h1", "h2", "h3", "time", "marquee", "figcaption")
_HEADINGS = frozenset({"h1", "h2", "h3"})


class PageIndex:
    """Lowercased id/class values with their elements, the body's text nodes, and the elements
    of a few tags (``tagged``), gathered in one walk when the index is built."""

    def __init__(self, tree: HtmlElement, source: str = "") -> None:
        self.tree = tree
        self.source = source  # the page's HTML, for cheap pre-checks before walking the tree
        self._blob: str | None = None
        self.metas: dict[str, str] | None = None  # meta name/property -> content, see meta.py
        # as built (before cleaning): elements removed later stay listed, see ``attached``
        self.tagged: dict[str, list[HtmlElement]] = {tag: [] for tag in _GATHERED}
        self.headings: list[HtmlElement] = []  # h1, h2 and h3 in document order
        for el in tree.iter(*_GATHERED):
            self.tagged[el.tag].append(el)
            if el.tag in _HEADINGS:
                self.headings.append(el)
        bodies = self.tagged["body"]
        # the one body element (cleaning never removes it), or None: queries then use //body
        self.body: HtmlElement | None = bodies[0] if len(bodies) == 1 else None

    def first(self, tag: str) -> HtmlElement | None:
        """The first gathered ``tag`` element below the root (as ``tree.find(".//tag")``)."""
        return next((el for el in self.tagged[tag] if el is not self.tree), None)

    def _lowered(self) -> str:
        if self._blob is None:
            # each distinct value once (menus repeat theirs): half the text for the term checks
            self._blob = "\n".join(dict.fromkeys(_ATTR_VALUES(self))).lower()
        return self._blob

    def by_attr(
        self, terms: Iterable[str], attrs: tuple[str, ...] = ("id", "class")
    ) -> list[HtmlElement]:
        """Elements whose id, class, itemprop or rel contains one of ``terms`` (lowercase)."""
        blob = self._lowered()
        present = [
            term
            for head, group in _term_groups(tuple(terms))
            if head in blob
            for term, low in group
            if low in blob
        ]
        if not present:
            return []
        return list(_term_query(tuple(present), attrs)(self))

    def by_class_token(self, tokens: Iterable[str]) -> list[HtmlElement]:
        """Elements with one of ``tokens`` as a whole class name."""
        blob = self._lowered()
        out: list[HtmlElement] = []
        for token in tokens:
            if token in blob:
                out.extend(_BY_TOKEN(self, t=f" {token} "))
        return out

    def texts_starting(self, prefixes: tuple[str, ...]) -> list[HtmlElement]:
        """Parents of the text nodes that start (after whitespace) with one of ``prefixes``.

        One regex pass over the page source first, then one over the tree's text nodes joined
        (plain strings); only the nodes that match are fetched again, with their parents.
        """
        gate, anchored = _prefix_patterns(prefixes)
        if self.source and not gate.search(self.source):
            return []
        texts: list[str] = _TEXTS(self)
        starts = list(accumulate((len(t) + 1 for t in texts), initial=1))
        joined = "\x00" + "\x00".join(texts)
        hits = [bisect_right(starts, m.start() + 1) for m in anchored.finditer(joined)]
        if not hits:
            return []
        if self.body is not None and len(hits) <= _FEW_HITS:
            picked = " or ".join(f"position() = {i}" for i in hits)
            nodes = XPath(f"(descendant::text())[{picked}]")(self.body)
        else:
            every = _TEXT_NODES(self)
            nodes = [every[i - 1] for i in hits]
        out: list[HtmlElement] = []
        for node in nodes:
            if (parent := node.getparent()) is not None:
                out.append(parent)
        return out


@lru_cache(maxsize=16)
def _prefix_patterns(prefixes: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The source gate and the text-node regex of ``texts_starting``."""
    if any(not p or p[0].isspace() for p in prefixes):
        raise ValueError("prefixes must be non-empty and start with a non-space character")
    alternatives = "|".join(re.escape(p) for p in prefixes)
    # possessive \s*+ (no backtracking): equivalent, since no prefix starts with whitespace
    gate = re.compile(r">\s*+(?:" + alternatives + ")")
    return gate, re.compile(r"\x00\s*+(?:" + alternatives + ")")


@lru_cache(maxsize=64)
def _term_groups(terms: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """``terms`` (with their lowercase forms) grouped by their first four lowercase characters.

    A group whose head is absent from the attribute values needs no look at its members (speed).
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for term in terms:
        if not term:
            raise ValueError("attribute terms must be non-empty")
        low = term.lower()
        groups.setdefault(low[:4], []).append((term, low))
    return tuple((head, tuple(group)) for head, group in groups.items())


@lru_cache(maxsize=256)
def _term_query(terms: tuple[str, ...], attrs: tuple[str, ...]) -> _BodyQuery:
    """One XPath: elements whose ``attrs`` contain one of ``terms`` (case as given)."""
    # one test per attribute (``@id[contains(., 'a') or contains(., 'b')]``): fewer steps per
    # element than one contains() per attribute and term; same elements for non-empty terms
    tests = " or ".join(f"contains(., '{t}')" for t in terms)
    return _BodyQuery(f"descendant::*[{' or '.join(f'@{a}[{tests}]' for a in attrs)}]")


def attached(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether ``el`` is still inside ``root`` (not removed with an ancestor)."""
    ancestors = list(el.iterancestors())
    return bool(ancestors) and ancestors[-1] is root


def drop(el: HtmlElement) -> None:
    """Remove an element and its content, keeping its tail text."""
    if el.getparent() is not None:
        el.drop_tree()
