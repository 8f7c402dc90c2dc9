"""``sources check --online``: what a source's live site answers, fetched politely.

Per source: robots.txt (its ``Sitemap:`` lines, whether it allows our configured URLs), every
start URL, sitemap and feed (HTTP status, redirects and what they mean: http->https, ``www``, a
moved domain; 403/429 reported as a site refusing non-browser clients, the user agent is never
disguised), the links found and how many the source's ``articles``/``follow`` patterns take, and
the extraction of two sample articles (title, date, author, words).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler import discovery
from crawler.classify import UrlClass, UrlRules
from crawler.fetch import Fetched, PoliteFetcher
from crawler.links import html_links
from crawler.robots import RobotsCache
from crawler.settings import user_agent
from crawler.urls import canonicalize
from pipeline.decode import decode
from pipeline.document import RawPage
from pipeline.extract import extract
from pipeline.settings import CrawlSettings, SourceConfig

SAMPLES = 2
MAX_CHILD_SITEMAPS = 2  # of a sitemap index, fetched to find article links
MAX_REQUESTS = 40  # per source
MAX_DELAY = 10.0  # seconds; a source's own delay above this is capped for the check


@dataclass
class UrlReport:
    role: str  # start_urls, sitemaps, feeds
    url: str
    status: int | None
    final_url: str
    redirects: list[str] = field(default_factory=list)  # "301 -> URL (http -> https)"
    error: str | None = None
    links: int = 0  # distinct links found (canonical URLs on the source's hosts)
    articles: int = 0  # of them, matching `articles`
    listings: int = 0  # of them, matching `follow` (and not `articles`)


@dataclass
class Sample:
    url: str
    status: int | None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    words: int = 0
    is_article: bool = False
    error: str | None = None


@dataclass
class OnlineReport:
    source: str
    robots: dict[str, Any] = field(default_factory=dict)  # host -> status, sitemaps
    urls: list[UrlReport] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"robots": self.robots, "urls": [vars(u) for u in self.urls],
                "samples": [vars(s) for s in self.samples], "problems": list(self.problems),
                "notes": list(self.notes)}


def describe_redirect(old: str, new: str) -> str:
    """What a redirect means: http -> https, www added/removed, another domain, another path."""
    a, b = urlsplit(old), urlsplit(new)
    what: list[str] = []
    if a.scheme != b.scheme:
        what.append(f"{a.scheme} -> {b.scheme}")
    ha, hb = (a.hostname or "").lower(), (b.hostname or "").lower()
    if ha != hb:
        if ha.removeprefix("www.") == hb.removeprefix("www."):
            what.append("'www' added" if hb.startswith("www.") else "'www' removed")
        else:
            what.append(f"moved to another domain ({hb})")
    elif a.port != b.port:
        what.append(f"moved to port {b.port}")
    if not what:
        what.append("moved within the site")
    return ", ".join(what)


def check_online(source: SourceConfig, crawl: CrawlSettings) -> OnlineReport:
    """Fetch the source's robots.txt, configured URLs and two sample articles."""
    delay = min(crawl.delay if source.delay is None else source.delay, MAX_DELAY)
    fetcher = PoliteFetcher(user_agent(crawl), delay, min(crawl.timeout, 30.0),
                            crawl.max_page_bytes, MAX_REQUESTS)
    report = OnlineReport(source.id)
    rules = UrlRules.of(source)
    robots = RobotsCache(fetcher, user_agent(crawl))
    found: list[str] = []
    roles = (("feeds", source.feeds), ("sitemaps", source.sitemaps),
             ("start_urls", source.start_urls))
    for role, urls in roles:
        for url in urls:
            if not robots.allowed(url):
                report.problems.append(f"{role}: robots.txt disallows {url}")
                continue
            report.urls.append(_check_url(fetcher, rules, role, url, found, report))
    report.robots = robots.summary()
    _judge(report, found)
    for url in dict.fromkeys(found):
        if len(report.samples) >= SAMPLES or fetcher.exhausted:
            break
        if robots.allowed(url):
            report.samples.append(_sample(fetcher, source, url))
    return report


def _check_url(fetcher: PoliteFetcher, rules: UrlRules, role: str, url: str,
               found: list[str], report: OnlineReport) -> UrlReport:
    got = fetcher.get(url, allow=lambda u: rules.classify(u) is not UrlClass.OFF_HOST)
    item = UrlReport(role, url, got.status, got.final_url, error=got.error)
    prev = url
    for hop in got.redirects:
        item.redirects.append(f"{hop.status} -> {hop.url} ({describe_redirect(prev, hop.url)})")
        prev = hop.url
    if got.redirects and rules.classify(got.final_url) is UrlClass.OFF_HOST:
        report.problems.append(f"{role}: {url} redirects off the allowed hosts, to "
                               f"{got.final_url} (moved? update the source)")
    if got.refused:
        report.problems.append(f"{role}: {url} answers HTTP {got.status}: the site refuses "
                               "non-browser clients (our user agent is not disguised)")
    elif not got.ok and rules.classify(got.final_url) is not UrlClass.OFF_HOST:
        why = f"HTTP {got.status}" if got.status is not None else (got.error or "no answer")
        report.problems.append(f"{role}: {url}: {why}")
        return item
    links = dict.fromkeys(canonicalize(u) for u in _links(fetcher, rules, role, got))
    on_host = [u for u in links if rules.classify(u) is not UrlClass.OFF_HOST]
    kinds = [rules.classify(u) for u in on_host]
    item.links = len(on_host)
    item.articles = kinds.count(UrlClass.ARTICLE)
    item.listings = kinds.count(UrlClass.LISTING)
    found.extend(u for u, k in zip(on_host, kinds, strict=True) if k is UrlClass.ARTICLE)
    return item


def _links(fetcher: PoliteFetcher, rules: UrlRules, role: str, got: Fetched) -> list[str]:
    if not got.ok:
        return []
    if role == "feeds":
        return [_join(got.final_url, link.url) for link in discovery.parse_feed(got.body)]
    if role == "sitemaps":
        return _sitemap_links(fetcher, rules, got)
    return html_links(got.body, got.final_url, got.content_type)


def _sitemap_links(fetcher: PoliteFetcher, rules: UrlRules, got: Fetched) -> list[str]:
    """Page links of a sitemap; of an index, those of its first child sitemaps on our hosts."""
    try:
        links = discovery.parse_sitemap(got.body)
    except ValueError:
        return []
    pages = [_join(got.final_url, x.url) for x in links if x.kind is discovery.LinkKind.PAGE]
    children = [u for x in links if x.kind is discovery.LinkKind.SITEMAP
                if rules.classify(u := _join(got.final_url, x.url)) is not UrlClass.OFF_HOST]
    for child in children[:MAX_CHILD_SITEMAPS]:
        sub = fetcher.get(child, allow=lambda u: rules.classify(u) is not UrlClass.OFF_HOST)
        if sub.ok:
            pages.extend(_join(sub.final_url, x.url) for x in _parse_or_empty(sub.body)
                         if x.kind is discovery.LinkKind.PAGE)
    return pages


def _parse_or_empty(body: bytes) -> list[discovery.FoundLink]:
    try:
        return discovery.parse_sitemap(body)
    except ValueError:
        return []


def _join(base: str, url: str) -> str:
    return urljoin(base, url.strip())


def _judge(report: OnlineReport, found: list[str]) -> None:
    answered = [u for u in report.urls if u.status is not None and 200 <= u.status < 300]
    if answered and not found:
        links = sum(u.links for u in answered)
        report.problems.append(f"no link matches `articles` ({links} links found on the "
                               "source's hosts): the patterns no longer fit the site?")
    for u in report.urls:
        if u.redirects:
            report.notes.append(f"{u.role}: {u.url} redirects: {'; '.join(u.redirects)}")


def _sample(fetcher: PoliteFetcher, source: SourceConfig, url: str) -> Sample:
    rules = UrlRules.of(source)
    got = fetcher.get(url, allow=lambda u: rules.classify(u) is not UrlClass.OFF_HOST)
    sample = Sample(url, got.status, error=got.error)
    if not got.ok:
        return sample
    page = RawPage(url=got.final_url, body=got.body, source=source.id,
                   content_type=got.content_type or None, status=got.status or 200,
                   lang_hint=source.language)
    doc = extract(decode(page))
    sample.title, sample.published, sample.author = doc.title, doc.published, doc.author
    sample.words = len(doc.text.split())
    sample.is_article = doc.is_article and not doc.skip_reason
    return sample


def format_online(data: dict[str, Any]) -> list[str]:
    """Lines for the terminal, from ``OnlineReport.to_json()``."""
    lines: list[str] = []
    for host, r in data["robots"].items():
        lines.append(f"robots.txt {host}: {r['status'] or r['error']}, "
                     f"{len(r['sitemaps'])} sitemap line(s)")
    for u in data["urls"]:
        status = u["status"] if u["status"] is not None else u["error"]
        lines.append(f"{u['role']} {u['url']}: {status}, {u['links']} links, "
                     f"{u['articles']} articles, {u['listings']} listings")
        lines.extend(f"  redirect {r}" for r in u["redirects"])
    for s in data["samples"]:
        lines.append(f"sample {s['url']}: {s['status']}, title {s['title']!r}, "
                     f"date {s['published'] or '-'}, author {s['author'] or '-'}, "
                     f"{s['words']} words{'' if s['is_article'] else ', NOT an article'}")
    return lines
