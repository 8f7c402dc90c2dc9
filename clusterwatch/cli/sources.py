"""`clusterwatch sources`: check the sources' patterns against their examples (and, with
``--online``, against the live sites); discover a new portal's sitemaps, feeds and patterns."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from clusterwatch.cli import UsageError
from clusterwatch.cli.common import positive_int, print_json
from clusterwatch.cli.context import Context

if TYPE_CHECKING:
    from crawler.check import SourceCheck


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "sources", help="check the sources' URL patterns; discover a new portal")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser(
        "check", help="classify every example URL (exit 1 when one is wrong); --online: "
        "fetch robots.txt, start URLs, sitemaps, feeds and two sample articles")
    check.add_argument("--source", action="append", metavar="ID", help="only this source")
    check.add_argument("--json", action="store_true", help="one JSON object")
    check.add_argument("--online", action="store_true",
                       help="also fetch each source politely (our user agent, its delay)")
    discover = actions.add_parser(
        "discover", help="find a site's sitemaps and feeds, learn its URL patterns and print "
        "a sources.yaml block for review")
    discover.add_argument("url", help="the portal's home or news page (http or https)")
    discover.add_argument("--id", help="the id of the proposed source (default: from the host)")
    discover.add_argument("--max-pages", type=positive_int, default=None, metavar="N",
                          help="pages sampled (default 80, at most 300)")
    discover.add_argument("--json", action="store_true", help="the proposal as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.action == "discover":
        return _discover(args, ctx)
    # imported here: every command's start-up would otherwise pay for Scrapy's import
    from crawler.check import check_sources
    from crawler.runner import select_sources

    sources = select_sources(ctx.config, args.source)
    results = check_sources(sources)
    if args.online:
        from crawler.online import check_online

        crawl = ctx.config.settings.crawl
        for result, source in zip(results, sources, strict=True):
            result.online = check_online(source, crawl).to_json()
            result.problems.extend(result.online["problems"])
    ok = all(r.ok for r in results)
    if args.json:
        print_json({"ok": ok, "sources": [r.to_json() for r in results]})
    else:
        for r in results:
            _print_check(r)
        failed = [r.source for r in results if not r.ok]
        print(f"{len(results)} sources checked, "
              + (f"{len(failed)} failed: {', '.join(failed)}" if failed else "all ok"))
    return 0 if ok else 1


def _print_check(r: SourceCheck) -> None:
    out = sys.stdout
    n = len(r.examples)
    out.write(f"{r.source}: {'ok' if r.ok else 'FAILED'} ({n} example{'s' * (n != 1)})\n")
    for problem in r.problems:
        out.write(f"  ! {_safe(problem)}\n")
    for warning in r.warnings:
        out.write(f"  - {_safe(warning)}\n")
    if r.online is not None:
        from crawler.online import format_online

        for line in format_online(r.online):
            out.write(f"    {_safe(line)}\n")


def _safe(text: str) -> str:
    """One terminal line: control characters (crawled text is hostile) become spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _discover(args: argparse.Namespace, ctx: Context) -> int:
    from crawler.discover import (
        DEFAULT_PAGES,
        Discoverer,
        DiscoveryError,
        propose,
        self_check,
        to_yaml,
    )
    from crawler.fetch import PoliteFetcher
    from crawler.settings import user_agent

    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {args.url!r}")
    crawl = ctx.config.settings.crawl
    pages = args.max_pages or DEFAULT_PAGES
    fetcher = PoliteFetcher(user_agent(crawl), crawl.delay, crawl.timeout,
                            crawl.max_page_bytes, max_requests=pages + 40)
    try:
        found = Discoverer(args.url, fetcher, user_agent(crawl), pages).run()
    except DiscoveryError as exc:
        print(f"clusterwatch: {exc}", file=sys.stderr)
        return 1
    block = propose(found, args.id)
    problems = self_check(block)
    if args.json:
        print_json({"source": block, "problems": problems, "pages": len(found.pages),
                    "articles": len(found.articles), "notes": found.notes})
    else:
        sys.stdout.write(to_yaml(block, found))
        for problem in problems:
            sys.stdout.write(f"# PROBLEM: {_safe(problem)}\n")
    return 0 if block.get("articles") and not problems else 1
