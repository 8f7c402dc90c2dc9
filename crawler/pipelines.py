"""The item pipeline: article responses -> pipeline stages -> store, then the crawl state."""

from __future__ import annotations

import hashlib
import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.context import ArticleItem, CrawlContext
from crawler.spider import SourceSpider
from crawler.state import PageOutcome, PageState, still_stored
from index.base import StoreError, UpsertOutcome
from pipeline.document import Document
from pipeline.identity import similarity

log = logging.getLogger(__name__)

DUPLICATE_THRESHOLD = 0.8


class StorePipeline:
    """Unchanged bodies are not reprocessed; the state row is written after the upsert, so a
    crawl killed between the two only re-fetches that page next time."""

    def __init__(self, context: CrawlContext) -> None:
        self.context = context

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        if not isinstance(crawler.spider, SourceSpider):
            raise NotConfigured("only for clusterwatch source spiders")
        return cls(crawler.spider.context)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        ctx, page = self.context, item.page
        stats = ctx.stats_for(page.source)
        if item.not_modified:
            stats.unchanged += 1
            ctx.state.touch(item.key)
            return item
        stats.fetched += 1
        body_hash = hashlib.sha256(page.body).hexdigest()
        if item.skip_reason:
            log.info("%s: %s, skipped: %s", page.source, item.skip_reason, page.url)
            stats.skipped += 1
            self._record(item, body_hash, None, PageOutcome.SKIPPED)
            return item
        if ctx.archive is not None:
            ctx.archive.write(page)
        prev = ctx.state.get(item.key)
        if prev is not None and prev.body_hash == body_hash and self._still_there(prev):
            stats.unchanged += 1
            self._record(item, body_hash, prev.doc_id, prev.outcome)
            return item
        try:
            doc = self._process(item)
        except Exception as exc:
            log.exception("%s: cannot process %s", page.source, page.url)
            stats.failed += 1
            ctx.error(page.source, f"cannot process: {type(exc).__name__}: {exc}: {page.url}")
            return item
        if doc.skip_reason or not doc.is_article:
            log.info("%s: not an article (%s): %s", page.source, doc.skip_reason, page.url)
            stats.skipped += 1
            self._record(item, body_hash, None, PageOutcome.SKIPPED)
            return item
        try:
            self._assign_story(doc)
            outcome = ctx.store.upsert(doc)
        except StoreError as exc:
            log.error("%s: store refused %s: %s", page.source, page.url, exc)
            stats.failed += 1
            ctx.error(page.source, f"store error: {exc}: {page.url}")
            return item
        if outcome is UpsertOutcome.NEW:
            stats.new += 1
        elif outcome is UpsertOutcome.UPDATED:
            stats.updated += 1
        else:
            stats.unchanged += 1
        self._record(item, body_hash, doc.id, PageOutcome.STORED)
        return item

    def _still_there(self, prev: PageState) -> bool:
        return still_stored(prev, lambda i: self.context.store.get(i) is not None)

    def _process(self, item: ArticleItem) -> Document:
        doc = self.context.processor.read(item.page)  # decoded page or document file
        doc.canonical_url = item.canonical_url  # before ensure_id: the document's identity
        return self.context.processor.process_document(doc, lang_hint=item.page.lang_hint)

    def _record(self, item: ArticleItem, body_hash: str, doc_id: str | None,
                outcome: PageOutcome) -> None:
        self.context.state.record(item.key, item.page.source, etag=item.etag,
                                  last_modified=item.last_modified, body_hash=body_hash,
                                  doc_id=doc_id, outcome=outcome)

    def _assign_story(self, doc: Document) -> None:
        """Syndicated copies share one story id: the id of the earliest-published copy.

        A store that cannot answer (an outage) leaves the document its own story, so the upsert
        still happens (and goes to the spool) instead of losing the page."""
        try:
            self._group_copies(doc)
        except StoreError as exc:
            log.warning("%s: story grouping skipped for %s: %s", doc.source, doc.url, exc)
            doc.story_id = doc.story_id or doc.id

    def _group_copies(self, doc: Document) -> None:
        store = self.context.store
        copies: list[Document] = []
        for other_id in store.near_duplicates(doc, DUPLICATE_THRESHOLD):
            if other_id == doc.id:
                continue
            other = store.get(other_id)
            if other is not None and similarity(doc.signature, other.signature) >= \
                    DUPLICATE_THRESHOLD:
                copies.append(other)
        if not copies:
            doc.story_id = doc.story_id or doc.id
            return
        group = [doc, *copies]
        first = min(group, key=_publication_order)
        doc.story_id = first.id
        for other in copies:
            if other.story_id != first.id:
                other.story_id = first.id
                store.upsert(other)


def _publication_order(doc: Document) -> tuple[str, str, str]:
    return (doc.published or "9999-12-31", doc.fetched_at.isoformat(), doc.id)
