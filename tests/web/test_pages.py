"""The server-rendered pages: search state in the URL, document, member, sources, languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from clusterwatch.web.routes import search as search_route
from tests.web.conftest import COPY_URLS, WebFixture


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            d = dict(attrs)
            self.links.append((d.get("href") or "", d))


def links(html: str) -> list[str]:
    p = _Links()
    p.feed(html)
    return [href for href, _ in p.links]


def test_start_page_lists_newest_articles_with_pagination(client: TestClient) -> None:
    r = client.get("/", headers={"accept-language": "en"})
    assert r.status_code == 200
    html = r.text
    assert "7 results" in html
    assert html.count('class="hit"') == 3  # page_size is 3 in the test settings
    assert "page 1 of 3" in html
    assert "/search?page=2" in links(html)
    page3 = client.get("/search?page=3", headers={"accept-language": "en"}).text
    assert page3.count('class="hit"') == 1
    assert 'class="facet"' not in html  # whole-store facets are skipped on the bare start page
    assert 'class="facet"' in client.get("/search?lang=pl").text


def test_search_keeps_its_whole_state_in_links(client: TestClient) -> None:
    url = "/search?q=azoty&source=nto&lang=pl&since=2024-01-01&until=2024-12-31&sort=date"
    html = client.get(url, headers={"accept-language": "en"}).text
    assert 'value="azoty"' in html and 'value="2024-01-01"' in html
    assert re.search(r'<option value="nto"\s+selected>', html)
    assert re.search(r'<option value="date"\s+selected>', html)
    facet_links = [h for h in links(html) if "member=" in h]
    assert facet_links, "member facets link to narrowed searches"
    state = dict(parse_qsl(urlsplit(facet_links[0]).query))
    assert state["q"] == "azoty" and state["source"] == "nto" and state["sort"] == "date"
    assert state["since"] == "2024-01-01" and state["until"] == "2024-12-31"


def test_facet_link_toggles_a_filter(client: TestClient) -> None:
    html = client.get("/search?q=azoty&member=kkpp", headers={"accept-language": "en"}).text
    assert "2 results" in html
    selected = re.search(r'<a href="([^"]+)" class="selected"', html)
    assert selected is not None
    removed = selected.group(1).replace("&amp;", "&")
    assert "member=kkpp" not in removed  # clicking the chosen facet removes it
    assert "5 results" in client.get(removed, headers={"accept-language": "en"}).text


def test_snippets_are_highlighted(client: TestClient) -> None:
    html = client.get("/search?q=katalizator").text
    assert re.search(r"<mark>katalizator\w*</mark>", html, re.I)


def test_bad_page_parameters_show_a_400_page(client: TestClient) -> None:
    r = client.get("/search?since=2024-99-99", headers={"accept-language": "en"})
    assert r.status_code == 400
    assert "text/html" in r.headers["content-type"]
    assert "Bad request" in r.text and "since" in r.text
    assert client.get("/search?page=-3").status_code == 400
    assert client.get("/members/kkpp?interval=hourly").status_code == 400


def test_document_page(client: TestClient, web_data: WebFixture) -> None:
    doc = web_data.docs[COPY_URLS[0]]
    html = client.get(f"/documents/{doc.id}", headers={"accept-language": "en"}).text
    assert "Anna Kowalczyk" in html
    assert "14 March 2024" in html and "structured data (JSON-LD)" in html
    assert 'href="https://nto.example.pl/art/azoty-rozbudowa"' in html
    assert re.search(r'class="ent ent-ORG ent-member"[^>]*><a href="/members/kkpp">', html)
    assert re.search(r'class="ent ent-LOC"[^>]*>Kędzierzyn', html)
    copy = web_data.docs[COPY_URLS[1]]
    assert f'href="/documents/{copy.id}"' in html  # the syndicated copy
    assert '/members/grupa-azoty-zak">' in html  # member chips


def test_document_entity_spans_match_offsets(client: TestClient, web_data: WebFixture) -> None:
    doc = web_data.docs[COPY_URLS[0]]
    html = client.get(f"/documents/{doc.id}").text
    shown = re.findall(r'<span class="ent ent-(\w+)[^"]*"[^>]*>(?:<a [^>]+>)?([^<]+)<', html)
    in_text = {(e.label, e.text) for e in doc.entities}
    assert in_text and in_text <= set(shown)


def test_unknown_document_and_member_are_404_pages(client: TestClient) -> None:
    for path in ("/documents/ffffffffffffffff", "/members/nobody", "/no-such-page"):
        r = client.get(path)
        assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_member_page_chart_and_lists(client: TestClient) -> None:
    html = client.get("/members/grupa-azoty-zak", headers={"accept-language": "en"}).text
    assert '<svg class="chart-svg"' in html
    bars = re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"', html)
    assert len(bars) == 5  # March to July 2024, empty months included
    assert sum(float(h) > 0 for h in bars) == 4
    assert "Mar 2024" in html
    assert "/api/mentions?member=grupa-azoty-zak&amp;interval=month&amp;unit=copies&amp;" \
           "format=csv" in html
    assert '/members/kkpp">' in html  # co-mentioned members
    assert "Latest articles" in html and "Park Przemysłowy Metalchem" not in html.split(
        "Latest articles")[1].split("</section>")[0]


def test_member_page_weekly_stories(client: TestClient) -> None:
    html = client.get("/members/kkpp?interval=week&unit=stories").text
    bars = re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"', html)
    assert len(bars) == 1
    assert re.search(r'<option value="stories"\s+selected>', html)


def test_sources_page(client: TestClient) -> None:
    html = client.get("/sources", headers={"accept-language": "en"}).text
    for state in ("badge-ok", "badge-silent", "badge-unreached"):
        assert state in html
    assert "Cichy Portal" in html and "Recent runs" in html
    assert "&lt;b&gt;DNS&lt;/b&gt;" in html  # a crawl error is text, not markup


def test_language_switch_polish_and_cookie(client: TestClient) -> None:
    html = client.get("/search?q=azoty&hl=pl").text
    assert '<html lang="pl">' in html and "Wyniki: 5" in html
    assert client.cookies.get("cw_hl") == "pl"
    again = client.get("/search?q=azoty", headers={"accept-language": "en"}).text
    assert "Wyniki: 5" in again  # the cookie wins over the browser's language
    en = client.get("/search?q=azoty&hl=en").text
    assert "5 results" in en
    assert "/search?q=azoty&amp;hl=pl" in en  # the switch keeps the search


def test_dates_in_the_readers_locale(client: TestClient, web_data: WebFixture) -> None:
    doc = web_data.docs[COPY_URLS[0]]
    assert "14 marca 2024" in client.get(f"/documents/{doc.id}?hl=pl").text
    assert "14 March 2024" in client.get(f"/documents/{doc.id}?hl=en").text


def test_static_assets_are_local(client: TestClient) -> None:
    html = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200


def test_active_filter_chips_remove_one_filter(client: TestClient) -> None:
    html = client.get("/search?q=azoty&member=kkpp&member=icso-blachownia&since=2024-01-01",
                      headers={"accept-language": "en"}).text
    chips = re.findall(r'<a class="filter-chip" href="([^"]+)">', html)
    assert len(chips) == 3
    removed = [dict(parse_qsl(urlsplit(h.replace("&amp;", "&")).query)) for h in chips]
    assert "since" not in removed[2] and removed[2]["q"] == "azoty"
    first = parse_qsl(urlsplit(chips[0].replace("&amp;", "&")).query)
    assert ("member", "kkpp") not in first and ("member", "icso-blachownia") in first
    assert "1 January 2024" in html


def test_estimated_facet_counts_are_marked(client: TestClient,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    url = "/search?q=azoty"
    exact = client.get(url, headers={"accept-language": "en"}).text
    assert 'class="facet"' in exact and "≈" not in exact and "facet-note" not in exact
    monkeypatch.setattr(search_route, "FACET_SAMPLE", 2)  # fewer than the matches
    html = client.get(url, headers={"accept-language": "en"}).text
    assert "5 results" in html  # the total stays exact
    counts = re.findall(r'<span class="count( estimated)?">([^<]*)</span>', html)
    assert counts and all(est and text.startswith("≈") for est, text in counts)
    assert "estimated counts: from a sample of about 2 of the 5 results" in html
    pl = client.get(url, headers={"accept-language": "pl"}).text
    assert "liczby szacunkowe" in pl
    api = client.get("/api/search?q=azoty&facets=1").json()  # the API counts exactly
    assert "facets_estimated" not in api and api["facets"]
