"""The JSON API against the real app and a real SQLite file: shapes, filters, bad parameters."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import COPY_URLS, HOSTILE_URL, WebFixture


def _id(web: WebFixture, url: str) -> str:
    return web.docs[url].id


def test_search_has_the_cli_json_shape(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "azoty"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"total", "hits"}
    assert body["total"] >= 3
    hit = body["hits"][0]
    assert set(hit) == {"id", "url", "title", "source", "lang", "published", "snippet",
                        "members", "score", "media_type"}
    assert "<mark>" in hit["snippet"]


def test_search_base_form_finds_inflected_text(client: TestClient) -> None:
    # "katalizator" only occurs inflected ("katalizatorów", "katalizatory") in the fixtures
    hits = client.get("/api/search", params={"q": "katalizator"}).json()["hits"]
    assert any("ICSO" in (h["title"] or "") for h in hits)


def test_search_filters_and_facets(client: TestClient, web_data: WebFixture) -> None:
    r = client.get("/api/search", params={"member": "kkpp", "facets": "true"}).json()
    assert {h["url"] for h in r["hits"]} == set(COPY_URLS)
    assert r["facets"]["source"] == {"nto": 1, "opole24": 1}
    by_lang = client.get("/api/search", params={"q": "azoty", "lang": "en"}).json()
    assert [h["source"] for h in by_lang["hits"]] == ["chemnews"]
    dated = client.get("/api/search", params={"since": "2024-06-01", "until": "2024-06-30",
                                              "sort": "date"}).json()
    assert [h["published"] for h in dated["hits"]] == ["2024-06-18", "2024-06-03"]


def test_search_limit_and_page(client: TestClient) -> None:
    first = client.get("/api/search", params={"sort": "date", "limit": 2}).json()
    second = client.get("/api/search", params={"sort": "date", "limit": 2, "page": 2}).json()
    assert first["total"] == second["total"] == 7
    assert len(first["hits"]) == len(second["hits"]) == 2
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


@pytest.mark.parametrize(("params", "needle"), [
    ({"since": "2024-13-01"}, "since"),
    ({"since": "yesterday"}, "since"),
    ({"until": "2024-02-30"}, "until"),
    ({"since": "2024-05-01", "until": "2024-01-01"}, "after"),
    ({"page": "0"}, "page"),
    ({"page": "two"}, "page"),
    ({"page": "999999"}, "page"),
    ({"limit": "0"}, "limit"),
    ({"limit": "5000"}, "limit"),
    ({"sort": "random"}, "sort"),
    ({"member": "no-such-member"}, "unknown member"),
    ({"lang": "<script>"}, "lang"),
    ({"source": "../etc"}, "source"),
    ({"q": "x" * 400}, "too long"),
    ({"facets": "maybe"}, "facets"),
])
def test_search_bad_parameters_answer_400(client: TestClient, params: dict[str, str],
                                          needle: str) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert needle in r.json()["error"]


def test_document_has_the_show_json_shape(client: TestClient, web_data: WebFixture) -> None:
    doc_id = _id(web_data, COPY_URLS[0])
    body = client.get(f"/api/documents/{doc_id}").json()
    for key in ("id", "url", "source", "lang", "title", "author", "published", "text",
                "members", "entities", "organisations", "places", "persons", "duplicates"):
        assert key in body
    assert body["id"] == doc_id
    assert {"id": "kkpp", "count": 1} in body["members"]
    assert body["duplicates"] == [_id(web_data, COPY_URLS[1])]
    ent = body["entities"][0]
    assert body["text" if ent["field"] == "text" else "title"][ent["start"]:ent["end"]] \
        == ent["text"]


@pytest.mark.parametrize("doc_id", ["0000000000000000", "nope", "a" * 80, "..%2F..%2Fetc"])
def test_unknown_document_is_404(client: TestClient, doc_id: str) -> None:
    r = client.get(f"/api/documents/{doc_id}")
    assert r.status_code == 404
    assert "error" in r.json()


def test_mentions_json(client: TestClient) -> None:
    r = client.get("/api/mentions", params={"member": "grupa-azoty-zak", "interval": "month"})
    body = r.json()
    assert body["interval"] == "month"
    [series] = body["series"]
    assert series["member"] == "grupa-azoty-zak"
    assert series["name"].startswith("Grupa Azoty")
    months = {b["date"]: b["documents"] for b in series["buckets"]}
    assert months["2024-03-01"] == 2  # the story and its syndicated copy
    assert months["2024-04-01"] == 1
    assert all(b["mentions"] >= b["documents"] for b in series["buckets"])


def test_mentions_stories_count_copies_once(client: TestClient) -> None:
    r = client.get("/api/mentions", params={"member": "kkpp", "unit": "stories"}).json()
    assert [b["documents"] for b in r["series"][0]["buckets"]] == [1]


def test_mentions_csv(client: TestClient) -> None:
    r = client.get("/api/mentions", params={"member": "icso-blachownia", "format": "csv",
                                            "interval": "week"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["member"] for row in rows} == {"icso-blachownia"}
    assert sum(int(row["documents"]) for row in rows) == 3
    assert all(row["date"] for row in rows)


@pytest.mark.parametrize(("params", "needle"), [
    ({"interval": "fortnight"}, "interval"),
    ({"unit": "pages"}, "unit"),
    ({"format": "xml"}, "format"),
    ({"member": "ghost"}, "unknown member"),
    ({"since": "2024-1-1"}, "since"),
])
def test_mentions_bad_parameters_answer_400(client: TestClient, params: dict[str, str],
                                            needle: str) -> None:
    r = client.get("/api/mentions", params=params)
    assert r.status_code == 400
    assert needle in r.json()["error"]


def test_status(client: TestClient) -> None:
    body = client.get("/api/status").json()
    assert body["store"]["documents"] == 7
    states = {s["id"]: s["state"] for s in body["sources"]}
    assert states == {"nto": "ok", "opole24": "ok", "chemnews": "unreached", "quiet": "silent"}
    assert body["recent_runs"][0]["id"] == "run-new"
    assert {r["source"] for r in body["runs"]} >= {"nto", "chemnews"}  # last run per source
    assert body["documents"] == 7 and "by_lang" in body and "pending" in body
    assert "quiet" in body["health"]["flagged"]


def test_openapi_describes_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/documents/{doc_id}", "/api/mentions", "/api/status"} \
        <= set(spec["paths"])
    assert not any(p.startswith(("/members", "/sources", "/search")) for p in spec["paths"])
    assert client.get("/docs").status_code == 404  # interactive docs would load a CDN


def test_unknown_paths_and_methods(client: TestClient) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["status"] == 404
    r = client.post("/api/search")
    assert r.status_code == 405 and "error" in r.json()


def test_hostile_strings_come_back_as_data(client: TestClient, web_data: WebFixture) -> None:
    body = client.get(f"/api/documents/{_id(web_data, HOSTILE_URL)}").json()
    assert "<script>" in body["title"]  # kept verbatim in JSON; escaping is the page's job
    assert client.get(f"/api/documents/{body['id']}").headers["content-type"] \
        .startswith("application/json")


JUNK = ["", " ", "\x00", "🙂", "-1", "9" * 30, "<script>", "a" * 1000, "0000-00-00",
        "2024-02-29", "%zz", "true", "../../etc/passwd"]
PARAMS = {"/api/search": ["q", "member", "lang", "source", "since", "until", "sort", "page",
                          "limit", "facets"],
          "/search": ["q", "member", "lang", "source", "since", "until", "sort", "page"],
          "/api/mentions": ["member", "interval", "unit", "since", "until", "format"],
          "/members/kkpp": ["interval", "unit", "since", "until"]}


def test_junk_never_answers_500(client: TestClient) -> None:
    for path, names in PARAMS.items():
        for name in names:
            for value in JUNK:
                r = client.get(path, params={name: value})
                assert r.status_code in (200, 400), (path, name, value, r.status_code, r.text)
    for doc_id in JUNK[1:]:
        r = client.get(f"/api/documents/{quote(doc_id, safe='')}")
        assert r.status_code in (404, 400), (doc_id, r.status_code)
