"""``sources check`` offline: a source's examples are classified as its config says, and every
configured URL falls on an allowed host. Nothing is fetched."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from crawler.classify import UrlClass, UrlRules
from crawler.urls import trap_reason
from pipeline.settings import SourceConfig


class Expect(str, Enum):
    ARTICLE = "article"
    NOT_ARTICLE = "not article"
    LISTING = "listing"
    IGNORED = "ignored"


_ACCEPTS = {
    Expect.ARTICLE: {UrlClass.ARTICLE},
    Expect.NOT_ARTICLE: {UrlClass.LISTING, UrlClass.IGNORED, UrlClass.OFF_HOST},
    Expect.LISTING: {UrlClass.LISTING},
    Expect.IGNORED: {UrlClass.IGNORED, UrlClass.OFF_HOST},
}


@dataclass(frozen=True)
class ExampleResult:
    url: str
    expected: Expect
    got: UrlClass
    trap: str | None = None  # why the trap guard would refuse it (articles, listings)

    @property
    def ok(self) -> bool:
        return self.got in _ACCEPTS[self.expected] and self.trap is None

    def problem(self) -> str:
        if self.got not in _ACCEPTS[self.expected]:
            what = "not on an allowed host" if self.got is UrlClass.OFF_HOST else self.got.value
            return f"expected {self.expected.value}, classified {what}: {self.url}"
        return f"expected {self.expected.value}, but the trap guard refuses it ({self.trap}): " \
               f"{self.url}"

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "expected": self.expected.value, "got": self.got.value,
                "trap": self.trap, "ok": self.ok}


@dataclass
class SourceCheck:
    source: str
    examples: list[ExampleResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # failures: exit 1
    warnings: list[str] = field(default_factory=list)
    online: dict[str, Any] | None = None  # ``--online``: crawler.online.OnlineReport.to_json()

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source, "ok": self.ok, "problems": list(self.problems),
            "warnings": list(self.warnings), "examples": [e.to_json() for e in self.examples]}
        if self.online is not None:
            out["online"] = self.online
        return out


def _example(rules: UrlRules, url: str, expected: Expect) -> ExampleResult:
    got = rules.classify(url)
    trap = None
    if expected in (Expect.ARTICLE, Expect.LISTING):
        reason = trap_reason(url)
        trap = reason.value if reason is not None else None
    return ExampleResult(url, expected, got, trap)


def _configured_urls(source: SourceConfig) -> list[tuple[str, str]]:
    return [*(("start_urls", u) for u in source.start_urls),
            *(("sitemaps", u) for u in source.sitemaps), *(("feeds", u) for u in source.feeds)]


def check_source(source: SourceConfig) -> SourceCheck:
    """Classify every example; every start URL, sitemap and feed must be on an allowed host."""
    rules = UrlRules.of(source)
    result = SourceCheck(source.id)
    for where, url in _configured_urls(source):
        if rules.classify(url) is UrlClass.OFF_HOST:
            result.problems.append(f"{where}: not on an allowed host "
                                   f"(allowed_domains: {', '.join(source.allowed_domains)}): {url}")
    ex = source.examples
    for urls, expected in ((ex.articles, Expect.ARTICLE), (ex.not_articles, Expect.NOT_ARTICLE),
                           (ex.listings, Expect.LISTING), (ex.ignored, Expect.IGNORED)):
        result.examples.extend(_example(rules, u, expected) for u in urls)
    result.problems.extend(e.problem() for e in result.examples if not e.ok)
    if not ex.articles:
        result.warnings.append("no example articles: add examples.articles (real URLs) so a "
                               "pattern edit that breaks the source is caught")
    if source.follow and not (ex.not_articles or ex.ignored):
        result.warnings.append("no examples.not_articles or examples.ignored: pages that are "
                               "not articles are unchecked")
    return result


def check_sources(sources: list[SourceConfig]) -> list[SourceCheck]:
    return [check_source(s) for s in sources]
