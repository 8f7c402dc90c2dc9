"""Per-source template memory: paragraphs repeated across many pages of one source are boilerplate.

A pure, JSON-serialisable structure: for every source the number of pages seen and, per paragraph
hash, on how many of them it occurred. The extractor consults it before and updates it after each
page; the caller persists ``to_json()`` (e.g. ``<data dir>/templates.json``) between runs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

_WS = re.compile(r"\s+")


def block_hash(text: str) -> str:
    """Hash of a paragraph, insensitive to case and whitespace."""
    return hashlib.sha1(_WS.sub(" ", text).strip().casefold().encode("utf-8")).hexdigest()[:16]


@dataclass
class SourceStats:
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # hashes of the pages already counted (a re-crawled or reprocessed page counts once)
    seen: dict[str, None] = field(default_factory=dict)


@dataclass
class TemplateMemory:
    """Counts of paragraph hashes per source.

    A paragraph is boilerplate for a source once it was seen on at least ``min_pages`` pages
    and on at least ``min_share`` of the pages seen. ``max_hashes`` bounds memory per source.
    """

    min_pages: int = 3
    min_share: float = 0.1
    max_hashes: int = 20_000
    sources: dict[str, SourceStats] = field(default_factory=dict)

    max_pages_remembered: int = 50_000

    def observe(self, source: str, paragraphs: list[str], page: str | None = None) -> None:
        """Record the paragraphs of one page of ``source`` (each distinct paragraph counts once).

        ``page`` (the URL) makes the count idempotent: a page seen before is not counted again,
        so re-crawling or reprocessing never turns an article's own paragraphs into boilerplate.
        """
        stats = self.sources.setdefault(source, SourceStats())
        if page is not None:
            key = block_hash(page)
            if key in stats.seen:
                return
            stats.seen[key] = None
            if len(stats.seen) > self.max_pages_remembered:
                del stats.seen[next(iter(stats.seen))]
        stats.pages += 1
        for h in {block_hash(p) for p in paragraphs}:
            stats.counts[h] = stats.counts.get(h, 0) + 1
        if len(stats.counts) > self.max_hashes:
            stats.counts = {h: c for h, c in stats.counts.items() if c > 1}
            if len(stats.counts) > self.max_hashes:  # still too many: keep the most frequent
                top = sorted(stats.counts.items(), key=lambda kv: -kv[1])[: self.max_hashes // 2]
                stats.counts = dict(top)

    def is_boilerplate(self, source: str, paragraph: str) -> bool:
        stats = self.sources.get(source)
        if stats is None or stats.pages < self.min_pages:
            return False
        count = stats.counts.get(block_hash(paragraph), 0)
        return count >= self.min_pages and count >= self.min_share * stats.pages

    def boilerplate(self, source: str) -> frozenset[str]:
        """The hashes of the paragraphs that are boilerplate for ``source`` now."""
        stats = self.sources.get(source)
        if stats is None or stats.pages < self.min_pages:
            return frozenset()
        floor = max(self.min_pages, self.min_share * stats.pages)
        return frozenset(h for h, c in stats.counts.items() if c >= floor)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "min_pages": self.min_pages,
            "min_share": self.min_share,
            "sources": {
                s: {"pages": st.pages, "counts": st.counts, "seen": list(st.seen)}
                for s, st in sorted(self.sources.items())
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TemplateMemory:
        """Rebuild a memory from ``to_json()`` output; ValueError on a malformed structure."""
        if (
            not isinstance(data, dict)
            or data.get("version") != 1
            or not isinstance(data.get("sources"), dict)
        ):
            raise ValueError("template memory: expected an object with version 1 and 'sources'")
        mem = cls(
            min_pages=int(data.get("min_pages", 3)), min_share=float(data.get("min_share", 0.1))
        )
        for name, st in data["sources"].items():
            counts = st.get("counts", {}) if isinstance(st, dict) else None
            if not isinstance(counts, dict):
                raise ValueError(f"template memory: source {name!r} has no 'counts' object")
            mem.sources[str(name)] = SourceStats(
                int(st.get("pages", 0)), {str(k): int(v) for k, v in counts.items()},
                dict.fromkeys(str(k) for k in st.get("seen", [])),
            )
        return mem
