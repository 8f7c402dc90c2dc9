"""A page's id/class attributes and text nodes, gathered once for all cleaning rules (speed)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement

_ATTR_VALUES = XPath(
    "//body//@id | //body//@class | //body//@itemprop | //body//@rel", smart_strings=False
)
_BY_TOKEN = XPath("//body//*[@class][contains(concat(' ', normalize-space(@class), ' '), $t)]")
_TEXTS = XPath("//body//text()")


class PageIndex:
    """Lowercased id/class values with their elements, and the body's text nodes."""

    def __init__(self, tree: HtmlElement, source: str = "") -> None:
        self.tree = tree
        self.source = source  # the page's HTML, for cheap pre-checks before walking the tree
        self._blob: str | None = None
        self._texts: list[object] | None = None
        self._starts: list[int] = []
        self._joined = ""

    def _lowered(self) -> str:
        if self._blob is None:
            self._blob = "\n".join(_ATTR_VALUES(self.tree)).lower()
        return self._blob

    def by_attr(
        self, terms: Iterable[str], attrs: tuple[str, ...] = ("id", "class")
    ) -> list[HtmlElement]:
        """Elements whose id, class, itemprop or rel contains one of ``terms`` (lowercase)."""
        blob = self._lowered()
        present = [t for t in terms if t.lower() in blob]
        if not present:
            return []
        return list(_term_query(tuple(present), attrs)(self.tree))

    def by_class_token(self, tokens: Iterable[str]) -> list[HtmlElement]:
        """Elements with one of ``tokens`` as a whole class name."""
        blob = self._lowered()
        out: list[HtmlElement] = []
        for token in tokens:
            if token in blob:
                out.extend(_BY_TOKEN(self.tree, t=f" {token} "))
        return out

    def texts_matching(self, pattern: re.Pattern[str]) -> list[HtmlElement]:
        """Parents of the text nodes that start (after whitespace) with a match of ``pattern``.

        One regex pass over the page source first, then one over all text nodes joined.
        """
        if self.source and not re.search(
            r">\s*(?:" + pattern.pattern + ")", self.source, pattern.flags
        ):
            return []
        if self._texts is None:
            self._texts = list(_TEXTS(self.tree))
            self._starts = []
            pos = 1
            for node in self._texts:
                self._starts.append(pos)
                pos += len(str(node)) + 1
            self._joined = "\x00" + "\x00".join(str(n) for n in self._texts)
        anchored = re.compile(r"\x00\s*(?:" + pattern.pattern + ")", pattern.flags)
        out: list[HtmlElement] = []
        for m in anchored.finditer(self._joined):
            node = self._texts[bisect_right(self._starts, m.start() + 1) - 1]
            parent = node.getparent()  # type: ignore[attr-defined]
            if parent is not None:
                out.append(parent)
        return out


@lru_cache(maxsize=256)
def _term_query(terms: tuple[str, ...], attrs: tuple[str, ...]) -> XPath:
    """One XPath: elements whose ``attrs`` contain one of ``terms`` (case as given)."""
    tests = [f"contains(@{a}, '{t}')" for t in terms for a in attrs]
    return XPath(f"//body//*[{' or '.join(tests)}]")


def attached(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether ``el`` is still inside ``root`` (not removed with an ancestor)."""
    ancestors = list(el.iterancestors())
    return bool(ancestors) and ancestors[-1] is root


def drop(el: HtmlElement) -> None:
    """Remove an element and its content, keeping its tail text."""
    if el.getparent() is not None:
        el.drop_tree()
