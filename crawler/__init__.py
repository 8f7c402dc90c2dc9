"""The Scrapy crawler: one spider per configured source, run in-process by ``run_crawl``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.runner import run_crawl

__all__ = ["run_crawl"]


def __getattr__(name: str) -> Any:
    if name == "run_crawl":  # imported lazily: importing crawler must not start Scrapy
        from crawler.runner import run_crawl

        return run_crawl
    raise AttributeError(name)
