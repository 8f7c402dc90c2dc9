"""The crawl bench's baseline: a bare Scrapy spider that only runs trafilatura and writes JSON
Lines. ``python -m bench.crawl_baseline BASE_URL OUT.jsonl [CONCURRENCY]`` (a child process of
``bench.crawl``). It follows the bench site's listing pages, extracts every article with
``trafilatura.extract`` in the reactor thread, and writes one line per article; no language,
tagging, members, stories, store, crawl state or archive.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

import scrapy
import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base: str, out: TextIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [f"{base}/"]
        self.out = out

    def parse(self, response: Response) -> Iterator[Any]:
        if "/artykul/" in response.url:
            text = trafilatura.extract(response.text, url=response.url, output_format="json",
                                       with_metadata=True)
            if text:
                self.out.write(json.dumps({"url": response.url, **json.loads(text)},
                                          ensure_ascii=False) + "\n")
            return
        for href in response.css("a::attr(href)").getall():
            if "/lista/" in href or "/artykul/" in href:
                yield response.follow(href, self.parse)


def main(argv: list[str]) -> int:
    base, out_path = argv[0], argv[1]
    concurrency = int(argv[2]) if len(argv) > 2 else 8
    settings = {"LOG_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": True,
                "CONCURRENT_REQUESTS": concurrency,
                "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency, "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False, "RETRY_ENABLED": False}
    with open(out_path, "w", encoding="utf-8") as out:
        process = CrawlerProcess(settings=settings)
        process.crawl(BareSpider, base=base, out=out)
        process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
