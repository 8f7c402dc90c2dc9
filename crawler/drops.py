"""Why a crawl let a page go, and which of those reasons mean something was lost.

Every drop is counted by reason in the run record (``SourceRunStats.dropped``); a run is ``ok``
only when nothing was dropped for a reason in ``LOST``. The benign reasons are the operator's
own limits and rules (``max_pages``, robots.txt, a listing URL the trap guard refused, a
redirect off the source's hosts): the crawl did what it was told.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum


class DropReason(str, Enum):
    REDIRECT_LOOP = "redirect loop"
    TOO_MANY_REDIRECTS = "too many redirects"
    DECOMPRESSION_BOMB = "decompression bomb"
    TRAP_GUARD = "trap guard"  # a listing URL that looks like a crawler trap
    TRAP_GUARD_ARTICLE = "trap guard on an article URL"
    NOT_XML = "sitemap or feed not XML"
    SITEMAP_CAP = "sitemap entries over the cap"
    SITEMAP_COUNT_CAP = "sitemaps over the cap"
    PAGE_FAILED = "listing, sitemap or feed failed"
    MAX_PAGES = "max_pages reached"
    OFF_HOST = "off-host redirect"
    ROBOTS = "robots.txt"
    IGNORED = "ignored request"
    NOT_ARCHIVED = "not archived"


# notes of a run whose data folder failed it (disk full): the job did not complete
STORAGE_ERRORS = ("archive_error", "state_error", "record_error")

BENIGN = frozenset({DropReason.TRAP_GUARD, DropReason.MAX_PAGES, DropReason.OFF_HOST,
                    DropReason.ROBOTS})
LOST = frozenset(DropReason) - BENIGN


def lost_count(dropped: Mapping[str, int]) -> int:
    """How many drops of a run's counts mean a page was lost (unknown reasons count as lost)."""
    benign = {r.value for r in BENIGN}
    return sum(n for reason, n in dropped.items() if reason not in benign)


def describe(dropped: Mapping[str, int]) -> str:
    """``redirect loop 1, trap guard 3`` (most first), or an empty string."""
    items = sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{reason} {n}" for reason, n in items if n)
