"""Scrapy settings for one source, built from the typed clusterwatch settings."""

from __future__ import annotations

from typing import Any

from pipeline.settings import CrawlSettings, SourceConfig

_MW = "crawler.middlewares"
DOWNLOADER_MIDDLEWARES = {
    f"{_MW}.origin.OriginGuardMiddleware": 40,  # before robots.txt, Scrapy's offsite (50)
    f"{_MW}.crawldelay.CrawlDelayMiddleware": 110,
    f"{_MW}.conditional.ConditionalRequestMiddleware": 560,
    f"{_MW}.redirects.RedirectGuardMiddleware": 650,  # answers reach it before redirect (600)
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    f"{_MW}.retry.BackoffRetryMiddleware": 550,
}
ITEM_PIPELINES = {"crawler.pipelines.StorePipeline": 300}


def user_agent(crawl: CrawlSettings) -> str:
    """The configured user agent, with the contact URL added when it does not name it."""
    ua = crawl.user_agent.strip()
    if crawl.contact_url and crawl.contact_url not in ua:
        ua = f"{ua} (+{crawl.contact_url})"
    return ua


def scrapy_settings(crawl: CrawlSettings, source: SourceConfig,
                    overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Per-source settings: the source's delay, concurrency and depth win over the defaults."""
    delay = crawl.delay if source.delay is None else source.delay
    per_host = source.concurrency or crawl.concurrency_per_host
    settings: dict[str, Any] = {
        "BOT_NAME": "clusterwatch",
        "USER_AGENT": user_agent(crawl),
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.0 if delay == 0 else 0.5,
        "CONCURRENT_REQUESTS": max(crawl.concurrency, per_host),
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": max(crawl.max_page_bytes // 2, 1),
        "DEPTH_LIMIT": crawl.max_depth if source.max_depth is None else source.max_depth,
        "DEPTH_PRIORITY": 1,  # breadth first: listings before deep pagination
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle and delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(per_host),
        "REDIRECT_MAX_TIMES": 5,
        "METAREFRESH_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_ENABLED": False,  # our logging is configured by the CLI
        "HTTPCACHE_ENABLED": False,
        "DOWNLOADER_MIDDLEWARES": dict(DOWNLOADER_MIDDLEWARES),
        "ITEM_PIPELINES": dict(ITEM_PIPELINES),
        "CLUSTERWATCH_RETRY_BACKOFF_BASE": min(1.0, crawl.timeout),
    }
    settings.update(overrides or {})
    return settings
