"""The offline check (crawler.check): examples against patterns, configured URLs against hosts.
The four sources issue 19 found broken, with their old patterns, fail on the portals' real URLs;
the shipped config passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.check import Expect, check_source
from crawler.classify import UrlClass
from pipeline.settings import SourceConfig, load_sources
from tests.conftest import ROOT

SHIPPED = ROOT / "config" / "sources.yaml"


def _source(**kw: Any) -> SourceConfig:
    return SourceConfig.model_validate({"id": "s", **kw})


# the patterns of the first config, before issue 19; examples are the issue's evidence
OLD = {
    "radio-opole": {
        "start_urls": ["https://radio.opole.pl/"],
        "follow": [r"radio\.opole\.pl/\d+,\d+,[a-z0-9-]+&.*go=morelist"],
        "articles": [r"radio\.opole\.pl/\d+,\d+,[a-z0-9-]+$"],
        "examples": {"articles": [
            "https://radio.opole.pl/100,741917,wiadomosci-z-regionu&dtx=&szukaj=&go=morelist&s=106",
            "https://radio.opole.pl/index.php?idp=100&idx=741917&s=108"]}},
    "nto": {
        "start_urls": ["https://nto.pl/"], "allowed_domains": ["nto.pl"],
        "follow": [r"^https://nto\.pl/[a-z-]+/?$"],
        "articles": [r"^https://nto\.pl/[a-z0-9-]+/ar/c\d+-\d+$"],
        "examples": {"articles": ["https://nto.pl/artykul/ar/c1p1-19960921"],
                     "ignored": ["https://nto.pl/rss"]}},
    "kk-naszemiasto": {
        "start_urls": ["https://kedzierzynkozle.naszemiasto.pl/"],
        "follow": [r"^https://kedzierzynkozle\.naszemiasto\.pl/[a-z-]+/?$"],
        "articles": [r"^https://kedzierzynkozle\.naszemiasto\.pl/[a-z0-9-]+/ar/c\d+-\d+$"],
        "examples": {"articles": [
            "https://kedzierzynkozle.naszemiasto.pl/artykul/ar/c7-9161265",
            "https://kedzierzynkozle.naszemiasto.pl/artykul/ar/c15p1-21631935"]}},
    "chemanager": {
        "start_urls": ["https://www.chemanager-online.com/news"],
        "follow": [r"chemanager-online\.com/news(\?page=\d+)?$"],
        "articles": [r"chemanager-online\.com/news/[a-z0-9-]+$"],
        "examples": {"articles": [
            "https://chemanager-online.com/en/news/dow-to-shut-down-three-upstream-european-assets"
        ]}},
}
# what the check says about each, in the issue's words
OLD_PROBLEMS = {
    "radio-opole": ["expected article, classified listing: https://radio.opole.pl/100,741917",
                    "expected article, classified ignored: https://radio.opole.pl/index.php"],
    "nto": ["expected article, classified ignored: https://nto.pl/artykul/ar/c1p1-19960921",
            "expected ignored, classified listing: https://nto.pl/rss"],
    "kk-naszemiasto": ["expected article, classified ignored: https://kedzierzynkozle."
                       "naszemiasto.pl/artykul/ar/c15p1-21631935"],
    "chemanager": ["expected article, classified not on an allowed host: "
                   "https://chemanager-online.com/en/news/dow"],
}


@pytest.mark.parametrize("sid", sorted(OLD))
def test_old_patterns_fail_on_the_real_urls(sid: str) -> None:
    result = check_source(_source(**OLD[sid]))
    assert not result.ok
    for expected in OLD_PROBLEMS[sid]:
        assert any(p.startswith(expected) for p in result.problems), result.problems
    assert len(result.problems) == len(OLD_PROBLEMS[sid])


def test_kk_first_example_was_fine_with_the_old_pattern() -> None:
    result = check_source(_source(**OLD["kk-naszemiasto"]))
    first = result.examples[0]
    assert first.ok and first.got is UrlClass.ARTICLE


def test_shipped_config_passes_and_every_source_has_examples() -> None:
    """What CI runs: a pattern edit that breaks a shipped source fails the build."""
    sources = load_sources(SHIPPED)
    assert len(sources) == 13
    for source in sources:
        result = check_source(source)
        assert result.ok, (source.id, result.problems)
        assert not result.warnings, (source.id, result.warnings)
        kinds = {e.expected for e in result.examples}
        assert Expect.ARTICLE in kinds and kinds & {Expect.NOT_ARTICLE, Expect.IGNORED}, source.id


def test_shipped_fixes_of_issue_19() -> None:
    by_id = {s.id: s for s in load_sources(SHIPPED)}
    mz = by_id["mz-chemiedreieck"]
    assert "https://www.mz.de/sitemaps/newssitemap-index.xml" in mz.sitemaps
    assert "https://servis.idnes.cz/rss.aspx?c=usti" in by_id["idnes-usti"].feeds
    assert "https://www.wnp.pl/rss/serwis_rss.xml" in by_id["wnp-chemia"].feeds
    assert any(f.endswith("/rss/artykuly/1.xml") for f in by_id["kk-naszemiasto"].feeds)
    assert by_id["chemanager"].allowed_domains == ["chemanager-online.com"]
    arts = {e.url for e in check_source(mz).examples if e.expected is Expect.ARTICLE}
    assert any("/mitteldeutschland/" in u for u in arts)
    assert any("/panorama/" in u for u in arts)
    assert any(u.endswith("?reduced=true") for u in arts)


def test_configured_urls_off_the_allowed_hosts_fail() -> None:
    result = check_source(_source(start_urls=["https://www.portal.example/"],
                                  feeds=["https://feeds.other.example/rss"],
                                  allowed_domains=["portal.example"], articles=["/a/"],
                                  examples={"articles": ["https://portal.example/a/1"]}))
    assert result.problems == ["feeds: not on an allowed host (allowed_domains: "
                               "portal.example): https://feeds.other.example/rss"]


def test_trap_guarded_examples_fail() -> None:
    result = check_source(_source(start_urls=["https://p.example/"], articles=["/a/"],
                                  follow=[r"/news/news\?page="],
                                  examples={"articles": ["https://p.example/a/1"],
                                            "listings": ["https://p.example/news/news?page=3"]}))
    assert result.problems == ["expected listing, but the trap guard refuses it (repeating "
                               "path segments): https://p.example/news/news?page=3"]


def test_missing_examples_warn_but_pass() -> None:
    result = check_source(_source(start_urls=["https://p.example/"], articles=["/a/"],
                                  follow=["/list/"]))
    assert result.ok and len(result.warnings) == 2
    assert result.to_json()["examples"] == []


def test_listing_example_must_be_followed() -> None:
    result = check_source(_source(start_urls=["https://p.example/"], articles=["/a/"],
                                  examples={"articles": ["https://p.example/a/1"],
                                            "listings": ["https://p.example/lista/2"]}))
    assert result.problems == ["expected listing, classified ignored: https://p.example/lista/2"]


def test_path_of_shipped_config_is_relative_to_the_repo() -> None:
    assert Path("config/sources.yaml") == SHIPPED.relative_to(ROOT)
