"""Main content: trafilatura on the pre-cleaned tree, its output turned into paragraphs."""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

log = logging.getLogger(__name__)

_LEAVES = frozenset({"p", "head", "item", "quote", "cell", "code"})
_CONTAINERS = frozenset({"list", "table", "row", "quote", "cell", "div", "body"})
_BULLET = re.compile(r"^(?:[•·▪■►●–—*-]|\d{1,2}[.)])\s+")


def collapse(text: str) -> str:
    """All whitespace, NBSP included, as single spaces; no leading or trailing space."""
    return " ".join(text.split())  # str.split() and regex \s agree on what whitespace is


def _text_with_breaks(el: _Element) -> str:
    """Text of a trafilatura element; <lb/> as newline."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_text_with_breaks(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _split_breaks(text: str) -> list[str]:
    """A block split at blank lines (<br><br> in legacy layouts)."""
    return [p for p in (collapse(x) for x in re.split(r"\n[ \t\xa0]*\n", text)) if p]


def _has_blocks(el: _Element) -> bool:
    return any(child.tag in _LEAVES or child.tag in _CONTAINERS for child in el)


def body_paragraphs(body: _Element) -> list[str]:
    """Paragraphs of trafilatura's XML body, in order; list bullets stripped."""
    out: list[str] = []

    def walk(el: _Element) -> None:
        if el.text and el.text.strip() and el.tag in _CONTAINERS and _has_blocks(el):
            out.extend(_split_breaks(el.text))
        for child in el:
            tag = child.tag
            if tag in _LEAVES and not _has_blocks(child):
                paras = _split_breaks(_text_with_breaks(child))
                if tag == "item":
                    paras = [_BULLET.sub("", p) for p in paras]
                out.extend(paras)
            elif tag in _CONTAINERS or tag in _LEAVES:
                walk(child)
            if child.tail and child.tail.strip() and el.tag != "body":
                out.extend(_split_breaks(child.tail))

    walk(body)
    return out


def _trafilatura(
    tree: HtmlElement, url: str | None, precision: bool, fast: bool
) -> _Element | None:
    try:
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            fast=fast,
            output_format="xml",  # only the body tree is read: skips the plain-text rendering
        )
    except Exception:  # assorted errors on broken markup: the page is logged and skipped
        log.warning("trafilatura failed on %s", url, exc_info=True)
        return None
    body = getattr(result, "body", None)
    return body if isinstance(body, _Element) else None


def main_paragraphs(
    tree: HtmlElement, url: str | None, *, precision: bool = False, fast: bool = True
) -> list[str]:
    """Run trafilatura over a cleaned tree and return the main text as paragraphs, without the
    teasers of other articles that it took along.

    ``fast`` skips trafilatura's fallback extractors (measured: same F1, a quarter faster).
    """
    body = _trafilatura(tree, url, precision, fast)
    if body is None:
        return []
    blocks = page_blocks(tree)
    paragraphs = unmerge(body_paragraphs(body), tree, blocks)
    return drop_teasers(fill_holes(paragraphs, blocks), blocks)


_UNMERGE_MAX = 5000  # characters: trafilatura's fallback only fires on short texts
_UNMERGE_LEVELS = 6  # ancestors of a block looked at for the merged container


def _squeeze(text: str) -> str:
    return "".join(text.split())  # block boundaries are spaces in one text, nothing in the other


def unmerge(paragraphs: list[str], tree: HtmlElement, blocks: list[Block]) -> list[str]:
    """A one-paragraph result that is a whole container's text, split at the container's children.

    On a page with one short paragraph trafilatura falls back to the text of the article
    container as a single paragraph, headline and date line included. Split again, the later
    rules see those lines apart (and drop the headline and date line as they do elsewhere).
    The container is looked for among a few ancestors of a page block inside the paragraph, so
    the cost stays bounded on any page.
    """
    if len(paragraphs) != 1 or len(paragraphs[0]) > _UNMERGE_MAX:
        return paragraphs
    merged = paragraphs[0]
    inside = [b for b in blocks if len(b.text) <= len(merged) and b.text in merged]
    if not inside or any(b.text == merged for b in inside):
        return paragraphs
    squeezed = _squeeze(merged)
    node = inside[-1].el.getparent()
    for _ in range(_UNMERGE_LEVELS):
        if node is None or node.tag in ("body", "html"):
            break
        if _squeeze(node.text_content()) == squeezed:
            parts = [collapse(node.text or "")]
            for child in node:
                parts += [collapse(child.text_content()), collapse(child.tail or "")]
            parts = [p for p in parts if p]
            return parts if len(parts) > 1 else paragraphs
        node = node.getparent()
    return paragraphs


_MAX_GAP = 8


class Block:
    """A leaf block of the cleaned page (trafilatura works on its own copy of the tree)."""

    __slots__ = ("_ancestors", "el", "tag", "text")

    def __init__(self, text: str, el: HtmlElement) -> None:
        self.text = text
        self.el = el
        self.tag = str(el.tag)
        self._ancestors: tuple[HtmlElement, ...] | None = None

    @property
    def ancestors(self) -> tuple[HtmlElement, ...]:
        """Parent, grandparent, great-grandparent (nearest first; body and html excluded)."""
        if self._ancestors is None:
            chain: list[HtmlElement] = []
            node = self.el.getparent()
            while node is not None and len(chain) < _DEPTH and node.tag not in ("body", "html"):
                chain.append(node)
                node = node.getparent()
            self._ancestors = tuple(chain)
        return self._ancestors


_BLOCK_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "pre")
_NESTING = frozenset({"p", "li", "blockquote", "dd"})
_OFF_LIMITS = frozenset({"aside", "nav", "footer", "header", "figure", "form"})
_DEPTH = 3
_REFILL = frozenset(
    {"li", "h2", "h3", "h4", "h5", "h6", "dd"}
)  # what trafilatura tends to drop inside an article


def page_blocks(tree: HtmlElement) -> list[Block]:
    """Leaf blocks (no block inside) of the body, in document order."""
    body = tree.find("body")
    out: list[Block] = []
    for el in body.iter(_BLOCK_TAGS) if body is not None else ():
        if (
            el.tag in _NESTING
            and next(el.iterdescendants("p", "li", "blockquote"), None) is not None
        ):
            continue
        text = collapse(el.text_content())
        if text:
            out.append(Block(_BULLET.sub("", text) if el.tag == "li" else text, el))
    return out


def _container(a: Block, b: Block) -> HtmlElement | None:
    """The nearest ancestor the two blocks share (within a few levels), or None."""
    for x in a.ancestors:
        if any(x is y for y in b.ancestors):
            return x
    return None


def fill_holes(paragraphs: list[str], blocks: list[Block]) -> list[str]:
    """Put back list items and intertitles lying between two extracted blocks of one container."""
    index: dict[str, int] = {}
    for i, b in enumerate(blocks):
        index.setdefault(b.text, i)
    kept = set(paragraphs)
    out: list[str] = []
    prev: int | None = None
    for p in paragraphs:
        cur = index.get(p)
        if cur is not None and prev is not None and 1 < cur - prev <= _MAX_GAP:
            box = _container(blocks[prev], blocks[cur])
            for b in blocks[prev + 1 : cur] if box is not None else []:
                if (
                    b.tag in _REFILL
                    and b.text not in kept
                    and any(x is box for x in b.ancestors)
                    and not any(a.tag in _OFF_LIMITS for a in b.ancestors)
                ):
                    out.append(b.text)
                    kept.add(b.text)
        out.append(p)
        if cur is not None:
            prev = cur
    return out


# --- teasers of other articles: link cards and linked headings with their blurb -----------------
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_CARD_MAX = 600  # characters: a card is a linked headline and a blurb, never a page section
_CARD_DEPTH = 4
_LINK_SHARE = 0.6  # of a heading's characters in one link: the heading is that link


def _is_link(a: HtmlElement) -> bool:
    """A link to another page (in-page anchors and script links are not)."""
    href = (a.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:"))


def inside_link(el: HtmlElement) -> bool:
    """A block nested in a link: the whole box is a link to another page (a card)."""
    return any(a.tag == "a" and _is_link(a) for a in el.iterancestors())


def _linked_heading(el: HtmlElement) -> bool:
    """A heading that is mostly one link: a headline pointing elsewhere ('Title' + 'Video' tag)."""
    least = _LINK_SHARE * len(collapse(el.text_content()))
    return any(_is_link(a) and len(collapse(a.text_content())) >= least for a in el.iter("a"))


def _card(heading: HtmlElement) -> HtmlElement | None:
    """The small box holding a linked heading and its blurb, or None when the box is bigger."""
    text = collapse(heading.text_content())
    box = heading.getparent()
    while (
        box is not None and box.tag not in ("body", "html") and collapse(box.text_content()) == text
    ):
        box = box.getparent()  # wrappers around the heading alone (hgroup, div.title)
    if box is None or box.tag in ("body", "html") or len(collapse(box.text_content())) > _CARD_MAX:
        return None
    return box if sum(1 for _ in box.iter(_HEADINGS)) == 1 else None


def _blurb_of_card(el: HtmlElement) -> bool:
    """A paragraph in a card whose only heading is a linked headline."""
    for box in itertools.islice(el.iterancestors(), _CARD_DEPTH):
        if box.tag in ("body", "html"):
            return False
        heading = next(box.iter(_HEADINGS), None)
        if heading is not None:
            return _linked_heading(heading) and _card(heading) is box
    return False


_ASIDE = frozenset({"aside", "nav", "footer"})


def in_teaser(el: HtmlElement) -> bool:
    """An element of another article's teaser: in a link, a side box, or a card whose heading
    links elsewhere (a byline there names that article's author)."""
    if inside_link(el) or any(a.tag in _ASIDE for a in el.iterancestors()):
        return True
    for box in itertools.islice(el.iterancestors(), _CARD_DEPTH):
        if box.tag in ("body", "html", "article", "main"):
            return False
        heading = next(box.iter(_HEADINGS), None)
        if heading is not None:
            return _linked_heading(heading) or inside_link(heading)
    return False


def _link_only(li: HtmlElement) -> bool:
    """An item that is mostly links to other pages ('Topic: Headline', 'A | B')."""
    size = len(collapse(li.text_content()))
    linked = sum(len(collapse(a.text_content())) for a in li.iter("a") if _is_link(a))
    return size > 0 and linked >= _LINK_SHARE * size


def _link_list_item(li: HtmlElement) -> bool:
    """An item of a list whose every item is one link to another page: related headlines."""
    parent = li.getparent()
    items = [x for x in parent if x.tag == "li"] if parent is not None else []
    return len(items) >= 2 and all(_link_only(x) for x in items)


def is_teaser(block: Block) -> bool:
    """A block that announces another article: inside a link, or a card's headline or blurb."""
    el = block.el
    if inside_link(el):
        return True
    if block.tag == "li":
        return _link_list_item(el)
    if block.tag in _HEADINGS:
        return _linked_heading(el) and _card(el) is not None
    return block.tag == "p" and _blurb_of_card(el)


def drop_teasers(paragraphs: list[str], blocks: list[Block]) -> list[str]:
    """Paragraphs without the teasers of other articles (kept when the page has nothing else).

    Paragraphs are matched to blocks by text: a text is dropped only when every block holding it
    is a teaser and the teasers account for all its occurrences (a table cell reading 'S' stays
    even when a card elsewhere says 'S' too).
    """
    wanted = Counter(paragraphs)
    teasers: Counter[str] = Counter()
    other: set[str] = set()
    for b in blocks:
        if b.text in wanted:
            if is_teaser(b):
                teasers[b.text] += 1
            else:
                other.add(b.text)
    drop = {t for t, n in teasers.items() if t not in other and wanted[t] <= n}
    kept = [p for p in paragraphs if p not in drop]
    return kept if kept else paragraphs
