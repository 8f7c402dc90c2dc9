"""The workbench over HTTP: compare (page, CSV, SVG, API), entities (page, API, CSV),
corrections of member links posted from the document page (and refused cross-site)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import WebFixture
from tests.web.workbench_rig import own_app, serve_own_store

AZOTY_URL = "https://nto.example.pl/art/azoty-rozbudowa"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(client: TestClient, doc_id: str) -> str:
    """The document page's form token (its cookie is kept by the client)."""
    found = TOKEN.search(client.get(f"/documents/{doc_id}").text)
    assert found is not None
    return found.group(1)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebFixture]:
    yield from serve_own_store(tmp_path_factory, "workbench")


@pytest.fixture
def client(data: WebFixture) -> Iterator[TestClient]:
    with TestClient(own_app(data), raise_server_exceptions=False) as c:
        yield c


def test_compare_page_shows_every_member_with_a_figures_table(client: TestClient) -> None:
    r = client.get("/compare?member=grupa-azoty-zak&member=kkpp&interval=month&hl=en")
    assert r.status_code == 200
    assert r.text.count('class="line"') == 2  # one polyline a member
    assert "figures-table" in r.text and "Grupa Azoty" in r.text
    assert "/compare.svg?" in r.text and "format=csv" in r.text
    share = client.get("/compare?member=grupa-azoty-zak&member=kkpp&measure=share&hl=en")
    assert share.status_code == 200 and " %" in share.text
    empty = client.get("/compare?hl=en")
    assert empty.status_code == 200 and "Tick two or more members" in empty.text
    assert client.get("/compare?member=nobody").status_code == 400
    assert client.get("/compare?member=kkpp&measure=volume").status_code == 400


def test_compare_svg_download_is_well_formed(client: TestClient) -> None:
    r = client.get("/compare.svg?member=grupa-azoty-zak&member=kkpp&by=source")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(r.content)
    assert root.tag.endswith("svg")
    lines = root.findall(".//{http://www.w3.org/2000/svg}polyline")
    assert len(lines) >= 3  # azoty in two sources, kkpp in one at least
    assert client.get("/compare.svg").status_code == 400


def test_mentions_api_share_breakdown_and_csv(client: TestClient) -> None:
    got = client.get("/api/mentions?member=grupa-azoty-zak&member=kkpp&share=true"
                     "&interval=year").json()
    shares = [b["share"] for s in got["series"] for b in s["buckets"]]
    assert shares and all(0 < x <= 1 for x in shares)
    by = client.get("/api/mentions?member=grupa-azoty-zak&by=source&interval=year").json()
    assert by["by"] == "source" and {s["group"] for s in by["series"]} >= {"nto", "opole24"}
    rows = list(csv.reader(io.StringIO(client.get(
        "/api/mentions?member=grupa-azoty-zak&by=lang&share=1&format=csv").text)))
    assert rows[0] == ["member", "name", "lang", "date", "mentions", "documents", "share"]
    assert client.get("/api/mentions?by=planet").status_code == 400


def test_entities_page_api_and_csv(client: TestClient) -> None:
    page = client.get("/entities?kind=place&hl=en")
    assert page.status_code == 200 and "Kędzierzyn-Koźle" in page.text
    got = client.get("/api/entities?kind=org&since=2024-05-01&until=2024-07-31").json()
    assert got["kind"] == "org" and got["previous"] == {"since": "2024-01-30",
                                                        "until": "2024-04-30"}
    names = {e["name"]: e for e in got["entities"]}
    assert names and all(e["documents"] >= 1 for e in names.values())
    assert all(isinstance(e["new"], bool) and e["change"] is not None for e in names.values())
    prospects = client.get("/api/entities?view=prospects").json()
    member_names = {"Grupa Azoty Zakłady Azotowe Kędzierzyn S.A.", "KKPP", "ICSO"}
    assert prospects["co_mentioned_with_members"] is True
    assert not member_names & {e["name"] for e in prospects["entities"]}
    text = client.get("/api/entities?kind=place&format=csv").text
    assert text.splitlines()[0] == "name,documents,previous,change,new"
    assert client.get("/api/entities?kind=animal").status_code == 400
    assert client.get("/api/entities?top=100000").status_code == 400


def test_remove_a_link_on_the_document_page_then_undo(client: TestClient,
                                                      data: WebFixture) -> None:
    doc = data.docs[AZOTY_URL]
    assert "grupa-azoty-zak" in doc.members

    def member_documents() -> int:
        got = client.get("/api/mentions?member=grupa-azoty-zak&interval=year").json()
        return sum(b["documents"] for b in got["series"][0]["buckets"])

    before = member_documents()
    page = client.get(f"/documents/{doc.id}?hl=en")
    assert 'action="/documents/' in page.text and "remove link" in page.text
    token = form_token(client, doc.id)
    r = client.post(f"/documents/{doc.id}/links", data={
        "member": "grupa-azoty-zak", "action": "remove", "why": "<b>wrong</b> plant",
        "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#links")
    assert member_documents() == before - 1
    shown = client.get(f"/documents/{doc.id}?hl=en").text
    assert "&lt;b&gt;wrong&lt;/b&gt; plant" in shown and "<b>wrong</b>" not in shown
    listed = client.get(f"/api/corrections?doc={doc.id}").json()["corrections"]
    assert [(c["member"], c["action"], c["who"]) for c in listed] == [
        ("grupa-azoty-zak", "remove", "web")]
    r = client.post(f"/documents/{doc.id}/links", data={"member": "grupa-azoty-zak",
                                                          "action": "undo", "csrf_token": token})
    assert r.status_code == 200  # followed the redirect back to the page
    assert member_documents() == before


def test_link_posts_are_checked(client: TestClient, data: WebFixture) -> None:
    doc = data.docs[AZOTY_URL]
    url = f"/documents/{doc.id}/links"
    token = form_token(client, doc.id)
    ok = {"csrf_token": token}
    assert client.post(url, data={"member": "nobody", "action": "add", **ok}).status_code == 400
    assert client.post(url, data={"member": "kkpp", "action": "explode", **ok}
                       ).status_code == 400
    assert client.post("/documents/" + "f" * 16 + "/links",
                       data={"member": "kkpp", "action": "add", **ok}).status_code == 404
    no_token = client.post(url, data={"member": "kkpp", "action": "add"})
    assert no_token.status_code == 403
    cross = client.post(url, data={"member": "kkpp", "action": "add", **ok},
                        headers={"origin": "https://evil.example"})
    assert cross.status_code == 403
    site = client.post(url, data={"member": "kkpp", "action": "add", **ok},
                       headers={"sec-fetch-site": "cross-site"})
    assert site.status_code == 403
    assert client.get(f"/api/corrections?doc={doc.id}").json()["corrections"] == []


def test_a_saved_search_on_the_compare_page_and_api(client: TestClient,
                                                    data: WebFixture) -> None:
    from index.alerts import Alert

    data.store.save_alert(Alert(id="kwas-azotowy", name="Kwas azotowy", query="azotowego"))
    page = client.get("/compare?member=kkpp&search=kwas-azotowy&interval=year&hl=en")
    assert page.status_code == 200
    assert page.text.count('class="line"') == 2 and "Kwas azotowy" in page.text
    assert 'name="search" value="kwas-azotowy" checked' in page.text
    alone = client.get("/api/mentions?search=kwas-azotowy&interval=year").json()
    (line,) = alone["series"]
    assert line["member"] == "search:kwas-azotowy" and line["buckets"][0]["documents"] >= 2
    assert client.get("/api/mentions?search=nobody").status_code == 400
