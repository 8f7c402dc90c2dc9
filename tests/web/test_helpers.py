"""The web package's helpers: catalog, parameters, chart geometry, entity spans, pagination."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from clusterwatch.web.chart import build_chart, fill_gaps, nice_ceiling
from clusterwatch.web.i18n import Catalog, CatalogError
from clusterwatch.web.params import BadParameter, SearchParams, mention_params, search_params
from clusterwatch.web.render import paragraphs, segments
from clusterwatch.web.routes.search import page_window
from index.base import Bucket, Interval, MentionUnit, SortOrder
from index.query_text import analysed
from pipeline.document import Entity

KNOWN = {"kkpp": "KKPP", "icso-blachownia": "ICSO"}


def test_catalog_is_complete_and_formats_dates() -> None:
    cat = Catalog.load()
    assert set(cat.languages) == {"pl", "en"}
    assert cat.text("results_count", "en", n=3) == "3 results"
    assert cat.format_date("2016-01-14", "pl") == "14 stycznia 2016"
    assert cat.format_date("2016-01-14", "en") == "14 January 2016"
    assert cat.format_date("not a date", "en") == "not a date"
    assert cat.format_number(1234567, "pl") == "1\u00a0234\u00a0567"
    assert cat.format_number(1234567, "en") == "1,234,567"
    assert cat.text("no-such-key", "en") == "no-such-key"


def test_catalog_choice_of_language() -> None:
    cat = Catalog.load()
    assert cat.choose("en", "pl", "pl") == "en"
    assert cat.choose("xx", "en", "pl") == "en"
    assert cat.choose(None, None, "de-DE,de;q=0.9,en;q=0.5,pl;q=0.4") == "en"
    assert cat.choose(None, None, "fr") == cat.default


def test_catalog_check_names_a_missing_text(tmp_path: Path) -> None:
    bad = Catalog(("pl", "en"), "pl", {"hello": {"pl": "cześć"}},
                  Catalog.load().months, Catalog.load().months_short)
    with pytest.raises(CatalogError, match="hello"):
        bad.check()


def test_search_params_roundtrip_through_the_url() -> None:
    p = search_params(" azoty ", ["kkpp", "", "kkpp"], ["pl"], ["nto"], "2024-01-01", "",
                      "date", "2", 20, KNOWN)
    assert p == SearchParams("azoty", ["kkpp"], ["pl"], ["nto"], date(2024, 1, 1), None,
                             SortOrder.DATE, 2, 20)
    assert p.offset == 20
    assert p.url(page=2) == ("/search?q=azoty&member=kkpp&lang=pl&source=nto&since=2024-01-01"
                             "&sort=date&page=2")
    assert "page=" not in p.toggle("member", "icso-blachownia")  # a new filter: page 1
    assert "member=kkpp&member=icso-blachownia" in p.toggle("member", "icso-blachownia")
    assert "member" not in p.toggle("member", "kkpp")
    q = p.to_query(facets=True)
    assert q.text == "azoty" and q.offset == 20 and q.facets and q.members == ["kkpp"]
    assert not q.lemmas and analysed(q).lemmas  # the raw text: the store's search analyses it


@pytest.mark.parametrize(("args", "param"), [
    ({"since": "2024-02-30"}, "since"), ({"page": "1.5"}, "page"), ({"sort": "best"}, "sort"),
    ({"member": ["ghost"]}, "member"), ({"lang": ["POL"]}, "lang"), ({"q": "x" * 301}, "q"),
])
def test_search_params_reject(args: dict[str, object], param: str) -> None:
    base: dict[str, object] = {"q": "", "member": [], "lang": [], "source": [], "since": None,
                               "until": None, "sort": None, "page": None}
    base.update(args)
    with pytest.raises(BadParameter) as err:
        search_params(limit=20, known_members=KNOWN, **base)  # type: ignore[arg-type]
    assert err.value.param == param


def test_mention_params() -> None:
    p = mention_params(["kkpp"], "week", "stories", None, "2024-12-31", KNOWN)
    assert (p.interval, p.unit, p.until) == (Interval.WEEK, MentionUnit.STORIES,
                                             date(2024, 12, 31))
    assert p.to_query(KNOWN).names == {"kkpp": "KKPP"}
    assert mention_params([], None, None, None, None, KNOWN).to_query(KNOWN).names == KNOWN


def test_fill_gaps_and_chart_geometry() -> None:
    buckets = [Bucket("2024-01-01", 3, 2), Bucket("2024-04-01", 1, 1)]
    filled = fill_gaps(buckets, Interval.MONTH)
    assert [b.date for b in filled] == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    weeks = fill_gaps([Bucket("2024-01-01", 1, 1), Bucket("2024-01-15", 1, 1)], Interval.WEEK)
    assert [b.documents for b in weeks] == [1, 0, 1]
    chart = build_chart(buckets, Interval.MONTH, lambda d: d[:7])
    assert len(chart.bars) == 4 and not chart.empty
    tallest = max(chart.bars, key=lambda b: b.h)
    assert tallest.documents == 2 and tallest.y == chart.top  # scaled to the top tick
    assert all(chart.left <= b.x and b.x + b.w <= chart.right for b in chart.bars)
    assert [v for _, v in chart.y_ticks] == [0, 1, 2]
    assert build_chart([], Interval.MONTH, str).empty


def test_nice_ceiling() -> None:
    assert [nice_ceiling(n) for n in (0, 1, 2, 3, 7, 11, 99, 101)] == [1, 1, 2, 5, 10, 20, 100,
                                                                        200]


def test_segments_skip_bad_and_overlapping_spans() -> None:
    text = "Grupa Azoty ZAK w Kędzierzynie-Koźlu"
    ents = [Entity("Grupa Azoty ZAK", "ORG", 0, 15, "Grupa Azoty ZAK", "zak"),
            Entity("Azoty", "ORG", 6, 11, "Azoty"),  # overlaps: dropped
            Entity("Kędzierzynie-Koźlu", "LOC", 18, 36, "Kędzierzyn-Koźle"),
            Entity("far away", "PER", 90, 99, "x"),  # out of range: dropped
            Entity("Grupa", "ORG", 0, 5, "Grupa", field="title")]  # another field
    segs = segments(text, ents)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.label) for s in segs if s.label] == [
        ("Grupa Azoty ZAK", "ORG"), ("Kędzierzynie-Koźlu", "LOC")]


def test_paragraphs_split_at_blank_lines() -> None:
    text = "Pierwszy akapit o KKPP.\n\nDrugi akapit.\n\n\nTrzeci."
    paras = paragraphs(text, [Entity("KKPP", "ORG", 18, 22, "KKPP", "kkpp")])
    assert len(paras) == 3
    assert [s.label for s in paras[0]] == [None, "ORG", None]
    assert paras[2][0].text == "Trzeci."


def test_page_window() -> None:
    assert page_window(1, 1) == [1]
    assert page_window(1, 3) == [1, 2, 3]
    assert page_window(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]


def test_health_cache_serves_stale_while_refreshing(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from clusterwatch.web.health import HealthCache, SourceState
    from index.base import RunRecord, SourceRunStats, StoreOptions
    from index.factory import open_store
    from tests.web.conftest import write_config

    url = f"sqlite:///{tmp_path / 'h.db'}"
    config = write_config(tmp_path / "config", url)
    store = open_store(url, StoreOptions(data_dir=str(tmp_path)))
    try:
        now = datetime.now(timezone.utc)
        store.add_run(RunRecord("r1", "crawl", now, now, "ok", [SourceRunStats("nto", new=1)]))
        cache = HealthCache(ttl=0.0)
        first = cache.get(config, store)
        state = {r.health.source: r.state for r in first.rows}
        assert state["nto"] is SourceState.OK and state["quiet"] is SourceState.NEVER
        store.add_run(RunRecord("r2", "crawl", now, now, "failed",
                                [SourceRunStats("nto", reached=False, failed=1)]))
        assert cache.get(config, store) is first  # stale, answered at once
        deadline = time.monotonic() + 20
        while (snap := cache.get(config, store)) is first:
            assert time.monotonic() < deadline, "no background refresh"
            time.sleep(0.05)
        assert {r.health.source: r.state for r in snap.rows}["nto"] is SourceState.UNREACHED
    finally:
        time.sleep(0.2)  # let a last background refresh finish before closing
        store.close()


def test_app_from_config_alone_opens_and_closes_its_store(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from clusterwatch.web import create_app
    from tests.web.conftest import write_config

    config = write_config(tmp_path / "config", f"sqlite:///{tmp_path / 'own.db'}")
    app = create_app(config, warm_health=False)
    with TestClient(app) as c:
        assert c.get("/api/search").json() == {"total": 0, "hits": []}
        assert c.get("/api/status").json()["store"]["documents"] == 0
    assert (tmp_path / "own.db").exists()


def test_bare_document_renders(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from clusterwatch.web import create_app
    from pipeline.document import Document
    from pipeline.identity import identify
    from tests.web.conftest import write_config

    url = f"sqlite:///{tmp_path / 'bare.db'}"
    config = write_config(tmp_path / "config", url)
    app = create_app(config, warm_health=False)
    doc = identify(Document(url="file:///notatki/notatka.txt", source="local",
                            text="Krótka notatka bez tytułu.\n\nDrugi akapit.",
                            entities=[Entity("nic", "ORG", 400, 403, "nic")]))
    with TestClient(app) as c:
        app.state.web.store.upsert(doc)
        html = c.get(f"/documents/{doc.id}?hl=en").text
        assert "(untitled)" in html and "no date" in html
        assert "Drugi akapit." in html
        assert 'href="file:' not in html  # only http(s) links to the original
        assert c.get("/?hl=en").text.count('class="hit"') == 1


def test_snippet_page_finds_the_page_of_the_marked_fragment() -> None:
    from clusterwatch.web.render import snippet_page
    from pipeline.document import PageSpan

    text = "Grupa Azoty buduje.\n\nStrona druga: magazyn wodoru.\n\nTrzecia: magazyn &amp; hala."
    pages = [PageSpan(1, 0, 19, "text"), PageSpan(2, 21, 49, "text"),
             PageSpan(3, 51, len(text), "ocr")]
    assert snippet_page("… Strona druga: <mark>magazyn</mark> wodoru …", text, pages) == 2
    assert snippet_page("Trzecia: <mark>magazyn</mark> &amp;amp; hala", text, pages) == 3
    assert snippet_page("<mark>Grupa</mark> Azoty", text, pages) == 1
    assert snippet_page("<mark>nieznane</mark>", text, pages) is None
    assert snippet_page("<mark>Grupa</mark>", text, []) is None
