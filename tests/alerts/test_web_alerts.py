"""The alerts pages (CSRF-protected forms), the Atom feed through feedparser, member spikes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import feedparser
from fastapi.testclient import TestClient

from clusterwatch.alerts.runner import AlertRunner
from clusterwatch.web import create_app
from clusterwatch.web.csrf import COOKIE
from tests.alerts.conftest import HOSTILE, World, seed

TOKEN = "feed-token-0123456789abcdef"


def client(world: World, token: str | None = None) -> TestClient:
    app = create_app(world.config, world.store, token=token, warm_health=False)
    return TestClient(app, base_url="http://127.0.0.1:8000")


def _token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m is not None
    return m.group(1)


def _form(**kw: object) -> dict[str, object]:
    out: dict[str, object] = {"name": "Azoty watch", "query": "", "member": ["azoty"],
                              "emails": "press@example.org\nboss@example.org", "every": "weekly",
                              "at": "08:30", "weekday": "fri"}
    out.update(kw)
    return out


def test_save_a_search_as_an_alert_with_csrf(world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    world.base = datetime.now(timezone.utc)
    seed(world)
    c = client(world)
    page = c.get("/search", params={"q": "instalacja", "member": "azoty", "hl": "en"}).text
    link = re.search(r'href="(/alerts/new\?[^"]+)"[^>]*>Save as alert<', page)
    assert link is not None
    form = c.get(link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200 and COOKIE in form.cookies
    assert 'name="query" value="instalacja"' in form.text
    assert re.search(r'<option value="azoty" selected>', form.text)
    token = _token(form.text)
    assert c.post("/alerts/new", data=_form()).status_code == 403  # no token
    assert c.post("/alerts/new", data=_form(csrf_token="x" * 40)).status_code == 403
    cross = c.post("/alerts/new", data=_form(csrf_token=token),
                   headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403 and world.store.alerts() == []
    bad = c.post("/alerts/new", data=_form(csrf_token=token, emails="not-an-address"))
    assert bad.status_code == 400 and "not an e-mail address" in bad.text
    assert world.store.alerts() == []
    ok = c.post("/alerts/new", data=_form(csrf_token=token), follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/alerts?done=saved"
    (alert,) = world.store.alerts()
    assert alert.members == ["azoty"] and alert.emails == ["press@example.org", "boss@example.org"]
    assert alert.every.value == "weekly" and alert.weekday == "fri" and alert.at == "08:30"


def test_list_edit_pause_delete_and_last_sent(world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    world.base = datetime.now(timezone.utc)
    seed(world)
    c = client(world)
    token = _token(c.get("/alerts/new").text)
    c.post("/alerts/new", data=_form(csrf_token=token, name="<b>Azoty</b>", every="run"))
    (alert,) = world.store.alerts()
    listing = c.get("/alerts", params={"hl": "en"}).text
    assert "&lt;b&gt;Azoty&lt;/b&gt;" in listing and "<b>Azoty</b>" not in listing
    assert "never" in listing
    AlertRunner(world.config, world.store, None).run([alert])  # no sender: refused, kept
    from clusterwatch.alerts.mail import OutboxSender

    AlertRunner(world.config, world.store, OutboxSender(world.tmp / "out")).run(
        world.store.alerts())
    listing = c.get("/alerts", params={"hl": "en"}).text
    row = listing.split("&lt;b&gt;Azoty&lt;/b&gt;", 1)[1].split("</tr>", 1)[0]
    assert re.search(r'<td class="num">2</td>', row) and "never" not in row
    edit = c.get(f"/alerts/{alert.id}")
    assert 'value="&lt;b&gt;Azoty&lt;/b&gt;"' in edit.text
    c.post(f"/alerts/{alert.id}", data=_form(csrf_token=token, name="Azoty 2", query="hala"))
    (edited,) = world.store.alerts()
    assert edited.name == "Azoty 2" and edited.query == "hala" and edited.last_count == 2
    assert c.post(f"/alerts/{alert.id}/pause", data={}).status_code == 403
    c.post(f"/alerts/{alert.id}/pause", data={"csrf_token": token})
    assert world.store.alerts()[0].paused is True
    assert "Resume" in c.get("/alerts", params={"hl": "en"}).text
    c.post(f"/alerts/{alert.id}/delete", data={"csrf_token": token})
    assert world.store.alerts() == []
    assert c.get(f"/alerts/{alert.id}").status_code == 404


def test_atom_feed_parsed_by_feedparser_and_token_protected(
        world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    seed(world)
    c = client(world)
    token = _token(c.get("/alerts/new").text)
    c.post("/alerts/new", data=_form(csrf_token=token, every="run"))
    (alert,) = world.store.alerts()
    protected = client(world, token=TOKEN)
    assert protected.get(f"/alerts/{alert.id}.atom").status_code == 401
    resp = protected.get(f"/alerts/{alert.id}.atom",
                         headers={"authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/atom+xml")
    assert b"<script" not in resp.content
    feed = feedparser.parse(resp.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "clusterwatch: Azoty watch"
    titles = [e.title for e in feed.entries]
    assert len(titles) == 2 and titles.count("Nowa instalacja w ZAK") == 1
    hostile = next(e for e in feed.entries if e.title != "Nowa instalacja w ZAK")
    assert hostile.title == " ".join(HOSTILE.split())  # text, one line, nothing executed
    assert hostile.link.startswith("https://cw.example.org/documents/")
    assert {t.term for t in hostile.tags} == {"Grupa Azoty ZAK"}
    assert c.get("/alerts/nope.atom").status_code == 404


def test_member_page_flags_a_spike(world_factory: Callable[..., World]) -> None:
    world = world_factory(None)
    today = date.today()
    for n in range(8):  # a quiet baseline: one article a week
        world.add(f"https://alpha.example/old{n}", f"Azoty {n}", "Zwykły dzień w ZAK.",
                  members={"azoty": 1}, published=(today - timedelta(days=10 + 7 * n)).isoformat())
    c = client(world)
    assert "Spike" not in c.get("/members/azoty", params={"hl": "en"}).text
    for n in range(4):
        world.add(f"https://alpha.example/new{n}", f"Azoty awaria {n}", "Awaria w ZAK.",
                  members={"azoty": 1}, published=today.isoformat())
    page = c.get("/members/azoty", params={"hl": "en"}).text
    assert "Spike: Grupa Azoty ZAK mentioned in 4 articles today" in page
    assert "mentioned in 4 articles this week" in page


def test_an_unconfirmed_delivery_is_shown(world_factory: Callable[..., World]) -> None:
    from index.alerts import AlertSend

    world = world_factory(None)
    c = client(world)
    token = _token(c.get("/alerts/new").text)
    c.post("/alerts/new", data=_form(csrf_token=token))
    (alert,) = world.store.alerts()
    assert "delivery not confirmed" not in c.get("/alerts", params={"hl": "en"}).text
    now = datetime.now(timezone.utc)
    claimed = AlertSend(id="s1", alert_id=alert.id, at=now, window_start=None, window_end=now,
                        count=3, doc_ids=["d1"])
    assert world.store.claim_alert_window(claimed, None)  # then the process died
    assert "delivery not confirmed" in c.get("/alerts", params={"hl": "en"}).text
