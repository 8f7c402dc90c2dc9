"""``run_crawl``: every requested source in one CrawlerProcess (one Twisted reactor a process)."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess

from crawler.archive import WarcArchive
from crawler.context import CrawlContext
from crawler.drops import STORAGE_ERRORS, DropReason, lost_count
from crawler.settings import scrapy_settings
from crawler.spider import SourceSpider
from crawler.state import CrawlState
from index.base import RunRecord, SourceRunStats, Store, StoreError, run_status
from index.writer import Writer
from pipeline.settings import AppConfig, ConfigError, SourceConfig

log = logging.getLogger(__name__)


def storage_failed(run: RunRecord) -> bool:
    return any(run.notes.get(key) for key in STORAGE_ERRORS)


def select_sources(config: AppConfig, source_ids: list[str] | None) -> list[SourceConfig]:
    """The named sources (ConfigError naming sources.yaml for an unknown id), or every enabled."""
    if not source_ids:
        return [s for s in config.sources if s.enabled]
    known = [s.id for s in config.sources]
    unknown = [sid for sid in source_ids if sid not in known]
    if unknown:
        raise ConfigError(config.dir / "sources.yaml", "sources",
                          f"no source with id {', '.join(map(repr, unknown))} "
                          f"(known: {', '.join(known) or 'none'})")
    return [config.source(sid) for sid in dict.fromkeys(source_ids)]


def run_crawl(config: AppConfig, store: Store, writer: Writer,
              source_ids: list[str] | None = None, kind: str = "crawl",
              scrapy_overrides: dict[str, Any] | None = None) -> RunRecord:
    """Crawl the sources, hand every article to ``writer`` (which stores into ``store``), save
    and return the run record.

    Must run once per process (the Twisted reactor cannot restart).
    """
    if writer.store is not store:
        raise ValueError("run_crawl: the writer must write into the store given")
    sources = select_sources(config, source_ids)
    started = datetime.now(timezone.utc)
    # who runs it, so the next run can close this record if the process gets killed
    run = RunRecord(id=f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}", kind=kind,
                    started=started, notes={"pid": os.getpid(), "host": socket.gethostname()})
    data_dir = Path(config.settings.data_dir)
    state = CrawlState(data_dir)
    archive = WarcArchive(data_dir, run.id) if config.settings.crawl.archive else None
    ctx = CrawlContext(config, writer, state, archive)
    _save_run(store, run)
    try:
        _crawl(ctx, sources, scrapy_overrides or {})
    finally:
        state.close()
        if archive is not None:
            archive.close()
    if archive is not None:
        _count_unarchived(ctx, archive)
    run.sources = [_finish_stats(ctx, s.id) for s in sources]
    run.finished = datetime.now(timezone.utc)
    run.status = run_status(run.sources, lambda s: lost_count(s.dropped)).value
    if archive is not None:
        run.notes["archive"] = str(archive.path)
        if archive.error:
            run.notes["archive_error"] = archive.error
    if state.write_error:
        run.notes["state_error"] = state.write_error
    if not _save_run(store, run):
        run.notes["record_error"] = "the run record could not be saved in the store"
    return run


def _save_run(store: Store, run: RunRecord) -> bool:
    """Record the run; a store that cannot be reached does not stop the crawl (documents go to
    the store's spool, and the run is in the summary and the nightly report)."""
    try:
        store.add_run(run)
    except StoreError as exc:
        log.warning("cannot record run %s in the store: %s", run.id, exc)
        return False
    return True


def _count_unarchived(ctx: CrawlContext, archive: WarcArchive) -> None:
    for source_id, n in archive.unarchived.items():
        ctx.drop(source_id, DropReason.NOT_ARCHIVED, archive.error or "archive write failed",
                 count=n)


def _crawl(ctx: CrawlContext, sources: list[SourceConfig], overrides: dict[str, Any]) -> None:
    levels = {name: logging.getLogger(name).level for name in ("scrapy", "twisted", "py.warnings")}
    logging.disable(logging.INFO)  # Scrapy logs its banner while it sets its levels to DEBUG
    try:
        process = CrawlerProcess(settings={"LOG_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
                                           "LOG_INSTALL_ROOT_HANDLER": False})
    finally:
        logging.disable(logging.NOTSET)
    for name, level in levels.items():  # Scrapy's logging setup must not override the CLI's
        logging.getLogger(name).setLevel(level)
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_NoTraceback())
    for i, source in enumerate(sources):
        ctx.stats_for(source.id)
        settings = scrapy_settings(ctx.config.settings.crawl, source, overrides)
        # the first crawler installs the reactor (the one CrawlerProcess.start runs)
        crawler = Crawler(SourceSpider, settings, init_reactor=i == 0)
        deferred = process.crawl(crawler, source=source, context=ctx)
        deferred.addErrback(_source_crashed, ctx, source.id)
    process.start(install_signal_handlers=True)


class _NoTraceback(logging.Filter):
    """Scrapy logs an unreachable robots.txt with a traceback; the message is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


def _source_crashed(failure: Any, ctx: CrawlContext, source_id: str) -> None:
    log.error("%s: crawl stopped: %s", source_id, failure.getErrorMessage())
    ctx.error(source_id, f"crawl stopped: {failure.getErrorMessage()}")
    ctx.stats_for(source_id).reached = False


def _finish_stats(ctx: CrawlContext, source_id: str) -> SourceRunStats:
    """A source is reached when one of its configured URLs answered and could be read (an
    article fetched counts too): a start URL answering 404 is not a source that works."""
    stats = ctx.stats_for(source_id)
    if ctx.responses.get(source_id, 0) == 0:
        stats.reached = False
        if not stats.errors:
            stats.errors.append("no answer from any configured URL")
    elif not ctx.entries_ok.get(source_id) and not stats.fetched and not stats.unchanged:
        stats.reached = False
        stats.errors.insert(0, "no configured URL (start URL, sitemap, feed) could be read")
    return stats
