"""What every crawler of one run shares: config, store, processor, crawl state, archive, stats."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum

from crawler.archive import WarcArchive
from crawler.drops import BENIGN, DropReason
from crawler.state import CrawlState
from index.base import SourceRunStats, Store
from index.writer import Writer
from pipeline.document import RawPage
from pipeline.settings import AppConfig, SourceConfig

log = logging.getLogger(__name__)

MAX_ERRORS = 5  # per source, kept in the run record


class PageKind(str, Enum):
    LISTING = "listing"
    ARTICLE = "article"
    SITEMAP = "sitemap"
    FEED = "feed"


META_KIND = "cw_kind"
META_SOURCE = "cw_source"
META_BARREN = "cw_barren"  # consecutive listing pages that brought no new article
META_ENTRY = "cw_entry"  # a configured URL (start URL, sitemap, feed) or a child sitemap


@dataclass
class ArticleItem:
    """A fetched article response on its way to the item pipeline."""

    key: str  # the canonical form of the fetched URL: the crawl state's key
    page: RawPage = field(repr=False)
    canonical_url: str  # the page's own canonical URL (rel=canonical/og:url when on-host)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answer: nothing to process
    skip_reason: str | None = None  # known before processing (not HTML): counted, not stored


@dataclass
class CrawlContext:
    config: AppConfig
    writer: Writer  # processes pages (in its pool) and stores them
    state: CrawlState
    archive: WarcArchive | None
    stats: dict[str, SourceRunStats] = field(default_factory=dict)
    responses: dict[str, int] = field(default_factory=dict)  # source -> answers received
    entries_ok: dict[str, int] = field(default_factory=dict)  # source -> entry pages read

    @property
    def store(self) -> Store:
        return self.writer.store

    def source(self, source_id: str) -> SourceConfig:
        return self.config.source(source_id)

    def stats_for(self, source_id: str) -> SourceRunStats:
        if source_id not in self.stats:
            self.stats[source_id] = SourceRunStats(source=source_id)
        return self.stats[source_id]

    def error(self, source_id: str, message: str) -> None:
        errors = self.stats_for(source_id).errors
        if len(errors) < MAX_ERRORS:
            errors.append(message[:300])

    def answered(self, source_id: str) -> None:
        self.responses[source_id] = self.responses.get(source_id, 0) + 1

    def entry_read(self, source_id: str) -> None:
        """A configured URL answered and was read: the source is reachable."""
        self.entries_ok[source_id] = self.entries_ok.get(source_id, 0) + 1

    def drop(self, source_id: str, reason: DropReason, what: str, count: int = 1) -> None:
        """Count ``count`` pages let go for ``reason``; a lost page is logged and kept among
        the source's errors, a benign one only logged."""
        dropped = self.stats_for(source_id).dropped
        first = reason.value not in dropped
        dropped[reason.value] = dropped.get(reason.value, 0) + count
        if reason in BENIGN:  # one line a reason (a big sitemap past max_pages: thousands)
            log.log(logging.INFO if first else logging.DEBUG, "%s: %s: %s%s", source_id,
                    reason.value, what, " (further ones are counted)" if first else "")
            return
        log.warning("%s: dropped (%s): %s", source_id, reason.value, what)
        self.error(source_id, f"{reason.value}: {what}")
