"""The item pipeline: article responses -> the writer (index.writer) -> the crawl state.

Processing runs in the writer's pool of worker processes; the reactor thread never waits for
it: it awaits a Deferred fired when the worker is done (at most ``IN_FLIGHT_PER_WORKER`` pages
a worker are out at once, the rest wait here, which holds back Scrapy's downloads). Story
grouping, the upsert and the crawl state are written in this process, in the reactor thread.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredSemaphore

from crawler.context import ArticleItem, CrawlContext
from crawler.spider import SourceSpider
from crawler.state import PageOutcome, PageState, still_stored
from index.writer import Outcome, Written, count, worker_result
from pipeline.identity import body_hash
from pipeline.pool import Job, Processed

log = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 4


class StorePipeline:
    """Unchanged bodies are not reprocessed; the state row is written after the upsert, so a
    crawl killed between the two only re-fetches that page next time."""

    def __init__(self, context: CrawlContext) -> None:
        self.context = context
        workers = context.writer.pool.workers
        self._slots = DeferredSemaphore(IN_FLIGHT_PER_WORKER * workers) if workers > 1 else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        if not isinstance(crawler.spider, SourceSpider):
            raise NotConfigured("only for clusterwatch source spiders")
        return cls(crawler.spider.context)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        ctx, page = self.context, item.page
        stats = ctx.stats_for(page.source)
        if item.not_modified:
            stats.unchanged += 1
            ctx.state.touch(item.key)
            return item
        stats.fetched += 1
        digest = body_hash(page.body)
        if item.skip_reason:
            log.info("%s: %s, skipped: %s", page.source, item.skip_reason, page.url)
            stats.skipped += 1
            self._record(item, digest, None, PageOutcome.SKIPPED)
            return item
        if ctx.archive is not None:
            ctx.archive.write(page)
        prev = ctx.state.get(item.key)
        if prev is not None and prev.body_hash == digest and self._still_there(prev):
            stats.unchanged += 1
            self._record(item, digest, prev.doc_id, prev.outcome)
            return item
        processed = await self._process(Job(page, canonical_url=item.canonical_url))
        self._settle(item, digest, processed)
        return item

    async def _process(self, job: Job) -> Processed:
        writer = self.context.writer
        if self._slots is None:  # one worker: processed in this thread, as it always was
            return worker_result(writer.submit(job))
        await maybe_deferred_to_future(self._slots.acquire())
        try:
            return await maybe_deferred_to_future(_deferred(writer.submit(job)))
        finally:
            self._slots.release()

    def _settle(self, item: ArticleItem, digest: str, processed: Processed) -> None:
        ctx, page = self.context, item.page
        stats = ctx.stats_for(page.source)
        try:
            written = ctx.writer.settle(processed)
        except Exception as exc:  # a bug must not drop the page silently: the run is partial
            log.exception("%s: cannot store %s", page.source, page.url)
            written = Written(Outcome.FAILED, reason=f"cannot store: {type(exc).__name__}: {exc}")
        count(stats, written.outcome)
        if written.outcome is Outcome.FAILED:
            log.error("%s: %s: %s", page.source, written.reason, page.url)
            ctx.error(page.source, f"{written.reason}: {page.url}")
        elif written.outcome is Outcome.SKIPPED:
            log.info("%s: not an article (%s): %s", page.source, written.reason, page.url)
            self._record(item, digest, None, PageOutcome.SKIPPED)
        elif written.doc is not None:
            self._record(item, digest, written.doc.id, PageOutcome.STORED)

    def _still_there(self, prev: PageState) -> bool:
        return still_stored(prev, lambda i: self.context.store.get(i) is not None)

    def _record(self, item: ArticleItem, digest: str, doc_id: str | None,
                outcome: PageOutcome) -> None:
        self.context.state.record(item.key, item.page.source, etag=item.etag,
                                  last_modified=item.last_modified, body_hash=digest,
                                  doc_id=doc_id, outcome=outcome)


def _deferred(future: Future[Processed]) -> Deferred[Processed]:
    """A Deferred fired in the reactor thread when a worker is done (never blocks it)."""
    from twisted.internet import reactor

    d: Deferred[Processed] = Deferred()

    def done(fut: Future[Processed]) -> None:
        reactor.callFromThread(d.callback, worker_result(fut))  # type: ignore[attr-defined]

    future.add_done_callback(done)
    return d
