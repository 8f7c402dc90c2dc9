"""Property-based tests (hypothesis): the query parser (against a real SQLite store), the URL
rules and the settings loader. No input raises anything but the documented clear error."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.urls import MAX_URL_LENGTH, Origins, TrapReason, canonicalize, trap_reason
from index.base import SearchQuery, StoreOptions
from index.query_text import MARK_CLOSE, MARK_OPEN, MAX_TERMS, marked_to_html, parse
from index.sqlite import SqliteStore
from pipeline.settings import ConfigError, Settings, load_settings
from tests.cli.cliutil import sample_documents

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
QUERY_CHARS = st.text(alphabet=st.sampled_from(list('abcząęŁ"-*:^()+ \t\n\\\'{}[]<>&NEARAND'
                                                  "OR\u00a0\u200b\ue000\ue001\x00")),
                      max_size=80)
ANY_QUERY = st.one_of(QUERY_CHARS, st.text(max_size=60))


# -- the query parser -------------------------------------------------------------------------

@FAST
@given(ANY_QUERY)
def test_parse_gives_bounded_plain_words(text: str) -> None:
    q = parse(text)
    assert len(q.terms) <= MAX_TERMS
    for term in q.terms:
        assert term.words and all(re.fullmatch(r"\w+", w) for w in term.words)
        assert all(w == w.casefold() for w in term.words)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    folder = tmp_path_factory.mktemp("props")
    s = SqliteStore(f"sqlite:///{folder / 'store.db'}", StoreOptions(data_dir=str(folder)))
    s.upsert_many(sample_documents())
    yield s
    s.close()


@FAST
@given(text=ANY_QUERY, negate=st.booleans())
def test_any_query_text_searches_a_real_store_without_error(store: SqliteStore, text: str,
                                                            negate: bool) -> None:
    """User text never reaches FTS5 as syntax: no query is a StoreError or a traceback."""
    query = f"azoty -{text}" if negate else text
    result = store.search(SearchQuery(text=query, lemmas=[w for t in parse(query).terms
                                                           for w in t.words][:3]))
    assert result.total >= len(result.hits) >= 0
    for hit in result.hits:
        assert "<script" not in hit.snippet.lower()


@FAST
@given(st.text(max_size=200))
def test_snippets_are_escaped_and_marks_balanced(text: str) -> None:
    out = marked_to_html(text)
    assert out.count("<mark>") == out.count("</mark>")
    bare = out.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare
    assert html.unescape(bare) == text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


# -- the URL rules ----------------------------------------------------------------------------

URL_PIECES = st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "//", "a.pl", "A.PL",
                              ":80", ":443", ":99999", ":x", "[::1", "[::1]", "/", "//", "..",
                              "?", "&", "=", "#", "page=", "utm_source=x", ";jsessionid=1",
                              "%", "%zz", "kalendarz", "2024-05", "events", "\x00", " ", "é",
                              "/a/b/a/b/a/b", "9" * 20])
URLS = st.one_of(st.lists(URL_PIECES, max_size=12).map("".join), st.text(max_size=60),
                 st.just("http://a.pl/" + "x/" * 300))


@FAST
@given(URLS)
def test_canonicalize_is_a_clear_error_or_stable(url: str) -> None:
    try:
        key = canonicalize(url)
    except ValueError:
        return  # a bad port or a broken IPv6 host: the crawler skips such links
    assert canonicalize(key) == key  # idempotent: one key per page


@FAST
@given(URLS, st.booleans())
@example("http://[::1", False)  # an unclosed IPv6 bracket (found here once)
def test_trap_and_origin_rules_never_raise(url: str, article: bool) -> None:
    origins = Origins.of(["http://a.pl/", "http://127.0.0.1:8080/"], [])
    assert isinstance(origins.allows(url), bool)
    try:
        key = canonicalize(url)
    except ValueError:
        return
    reason = trap_reason(key, article=article)
    if len(key) > MAX_URL_LENGTH:
        assert reason is TrapReason.TOO_LONG
    if article:
        assert reason not in (TrapReason.CALENDAR, TrapReason.DEEP_PAGINATION)


# -- the settings loader ----------------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12))
KEYS = st.sampled_from([*Settings.model_fields, "delay", "timeout", "max_page_bytes", "retries",
                        "autothrottle", "port", "webhook_url", "shards", "typo"])
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)


@FAST
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_any_settings_file_loads_or_names_file_and_field(tmp_path: Path,
                                                        data: dict[str, Any]) -> None:
    (tmp_path / "settings.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        s = load_settings(tmp_path, env={})
    except ConfigError as exc:
        assert exc.file.endswith("settings.yaml") and exc.problem
        return
    assert 0 <= s.crawl.delay <= 600 and 0 < s.crawl.timeout <= 3600
    assert isinstance(s.crawl.obey_robots, bool)


ENV_KEYS = st.sampled_from(["CLUSTERWATCH_CRAWL__DELAY", "CLUSTERWATCH_CRAWL__OBEY_ROBOTS",
                            "CLUSTERWATCH_SERVER__PORT", "CLUSTERWATCH_CRAWL__USER_AGENT",
                            "CLUSTERWATCH_NIGHTLY__WEBHOOK_URL", "CLUSTERWATCH_FOO__BAR",
                            "CLUSTERWATCH_CRAWL__NOPE", "CLUSTERWATCH_LOG_FORMAT"])


@FAST
@given(st.dictionaries(ENV_KEYS, st.text(max_size=12), max_size=3))
def test_any_environment_loads_or_names_the_variable(tmp_path: Path,
                                                     env: dict[str, str]) -> None:
    try:
        load_settings(tmp_path, env=env)
    except ConfigError as exc:
        assert exc.file.startswith("environment variable CLUSTERWATCH_"), str(exc)
        assert exc.file.removeprefix("environment variable ") in env


@FAST
@given(st.text(max_size=120))
def test_any_text_as_settings_file_is_a_config_error_or_settings(tmp_path: Path,
                                                                  text: str) -> None:
    (tmp_path / "settings.yaml").write_text(text, encoding="utf-8")
    try:
        load_settings(tmp_path, env={})
    except ConfigError as exc:
        assert "settings.yaml" in str(exc)
