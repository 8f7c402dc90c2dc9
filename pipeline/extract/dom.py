"""One pass over a page's id/class attributes and text nodes, shared by the cleaning rules (speed)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from lxml.etree import XPath
from lxml.html import HtmlElement

_ATTRS = XPath("//body//@id | //body//@class | //body//@itemprop | //body//@rel")
_TEXTS = XPath("//body//text()")


class PageIndex:
    """Lowercased id/class values with their elements, and the body's text nodes."""

    def __init__(self, tree: HtmlElement, source: str = "") -> None:
        self.tree = tree
        self.source = source  # the page's HTML, for cheap pre-checks before walking the tree
        self._values: list[str] = []
        self._attrs: list[object] = []
        self._blob: str | None = None
        self._texts: list[object] | None = None
        self._starts: list[int] = []
        self._joined = ""

    def by_attr(self, terms: Iterable[str]) -> list[HtmlElement]:
        """Elements whose id, class, itemprop or rel contains one of ``terms`` (lowercase), each once."""
        if self._blob is None:
            self._attrs = list(_ATTRS(self.tree))
            self._values = [str(a).lower() for a in self._attrs]
            self._blob = "\n".join(self._values)
        present = [t for t in terms if t in self._blob]
        if not present:
            return []
        seen: set[int] = set()
        out: list[HtmlElement] = []
        for value, attr in zip(self._values, self._attrs):
            if any(t in value for t in present):
                el = attr.getparent()  # type: ignore[attr-defined]
                if el is not None and id(el) not in seen:
                    seen.add(id(el))
                    out.append(el)
        return out

    def by_class_token(self, tokens: Iterable[str]) -> list[HtmlElement]:
        """Elements with one of ``tokens`` as a whole class name."""
        wanted = frozenset(tokens)
        out: list[HtmlElement] = []
        if self._blob is None:
            self.by_attr(wanted)
        for value, attr in zip(self._values, self._attrs):
            if attr.attrname == "class" and wanted.intersection(value.split()):  # type: ignore[attr-defined]
                el = attr.getparent()  # type: ignore[attr-defined]
                if el is not None:
                    out.append(el)
        return out

    def texts_matching(self, pattern: re.Pattern[str]) -> list[HtmlElement]:
        """Parents of the text nodes that start (after whitespace) with a match of ``pattern``.

        One regex pass over the page source first, then one over all text nodes joined.
        """
        if self.source and not re.search(r">\s*(?:" + pattern.pattern + ")", self.source, pattern.flags):
            return []
        if self._texts is None:
            self._texts = list(_TEXTS(self.tree))
            self._starts = []
            pos = 1
            for node in self._texts:
                self._starts.append(pos)
                pos += len(node) + 1
            self._joined = "\x00" + "\x00".join(str(n) for n in self._texts)
        anchored = re.compile(r"\x00\s*(?:" + pattern.pattern + ")", pattern.flags)
        out: list[HtmlElement] = []
        for m in anchored.finditer(self._joined):
            node = self._texts[bisect_right(self._starts, m.start() + 1) - 1]
            parent = node.getparent()  # type: ignore[attr-defined]
            if parent is not None:
                out.append(parent)
        return out


def attached(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether ``el`` is still inside ``root`` (not removed with an ancestor)."""
    top = el
    for top in el.iterancestors():
        pass
    return top is root and el is not root


def drop(el: HtmlElement) -> None:
    """Remove an element and its content, keeping its tail text."""
    if el.getparent() is not None:
        el.drop_tree()
