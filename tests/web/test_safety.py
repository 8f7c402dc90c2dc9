"""Hostile crawled text is shown as text; headers; the token when bound beyond loopback."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from clusterwatch.cli import build_parser, serve
from clusterwatch.cli.context import Context
from clusterwatch.web import create_app
from clusterwatch.web.render import safe_snippet, safe_url
from clusterwatch.web.security import is_loopback, token_matches
from tests.web.conftest import HOSTILE_URL, WebFixture


class _Tags(HTMLParser):
    """Every live tag and attribute of a page, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _assert_inert(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("iframe", "object", "embed"), (tag, attrs)
        if tag == "script":  # only our own file (progressive enhancement), never inline code
            assert dict(attrs).get("src") == "/static/app.js", attrs
        if tag == "img":  # only our own logo
            assert dict(attrs).get("src") == "/static/favicon.svg", attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
    assert "&lt;script&gt;" in html or "&lt;img" in html  # the payload is shown, as text


def test_hostile_document_page_escapes_title_body_author(client: TestClient,
                                                         web_data: WebFixture) -> None:
    doc = web_data.docs[HOSTILE_URL]
    assert "<script>" in (doc.title or "") and "onerror=" in doc.text  # the payload is there
    html = client.get(f"/documents/{doc.id}").text
    _assert_inert(html)
    assert "onerror=alert(&#39;author&#39;)" in html  # the author, as text


def test_hostile_search_results_are_escaped(client: TestClient) -> None:
    html = client.get("/search?q=komunikat").text
    _assert_inert(html)
    assert "<mark>" in html
    assert "&lt;/mark&gt;&lt;mark&gt;" in html  # crawled text cannot open or close marks


def test_hostile_member_and_sources_pages(client: TestClient) -> None:
    _assert_inert(client.get("/members/grupa-azoty-zak?since=2024-07-01").text)
    assert "<b>DNS" not in client.get("/sources").text


def test_error_page_escapes_the_parameter(client: TestClient) -> None:
    r = client.get("/search", params={"since": "<script>alert(1)</script>"})
    assert r.status_code == 400
    assert "<script>alert(1)" not in r.text


def test_safe_snippet_keeps_only_balanced_marks() -> None:
    s = safe_snippet('a <mark>b</mark> <img src=x onerror=alert(1)> &amp; & <mark>c')
    assert str(s) == ('a <mark>b</mark> &lt;img src=x onerror=alert(1)&gt; &amp; &amp; '
                      '<mark>c</mark>')
    assert str(safe_snippet("</mark>x<mark ")) == "x&lt;mark "
    assert str(safe_snippet('"quoted" &lt;b&gt;')) == "&#34;quoted&#34; &lt;b&gt;"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://nto.example.pl/a", True), ("http://x.pl/", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:alert(1)", False), (" data:text/html,x", False),
    ("//evil.example/", False), ("", False), (None, False), ("http://[::1", False),
])
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/", "/api/search?q=x", "/static/style.css", "/missing", "/api/search?page=0"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"


@pytest.fixture
def guarded(web_data: WebFixture) -> FastAPI:
    return create_app(web_data.config, web_data.store, token="s3cret-token-for-tests")


def test_token_is_required_when_set(guarded: FastAPI) -> None:
    with TestClient(guarded) as c:
        r = c.get("/api/status")
        assert r.status_code == 401 and "basic" in r.headers["www-authenticate"].lower()
        assert c.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
        ok = c.get("/api/status", headers={"authorization": "Bearer s3cret-token-for-tests"})
        assert ok.status_code == 200
        basic = base64.b64encode(b"staff:s3cret-token-for-tests").decode()
        assert c.get("/", headers={"authorization": f"Basic {basic}"}).status_code == 200
        assert c.get("/", headers={"authorization": "Basic !!!"}).status_code == 401


def test_token_matches_and_loopback() -> None:
    assert token_matches("Bearer abc", "abc") and not token_matches("Bearer abcd", "abc")
    assert not token_matches(None, "abc") and not token_matches("Digest abc", "abc")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")


@pytest.mark.parametrize(("token", "problem"), [(None, "is not set"), ("abc", "shorter")])
def test_serve_refuses_a_public_address_without_token(
        web_data: WebFixture, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        token: str | None, problem: str) -> None:
    if token is None:
        monkeypatch.delenv("CLUSTERWATCH_TOKEN", raising=False)
    else:
        monkeypatch.setenv("CLUSTERWATCH_TOKEN", token)
    args = build_parser().parse_args(["--config", str(web_data.config.dir), "serve",
                                      "--host", "0.0.0.0", "--port", "1"])
    ctx = Context(config_dir=str(web_data.config.dir))
    assert serve.run(args, ctx) == 2  # refused before anything is bound
    err = capsys.readouterr().err
    assert "CLUSTERWATCH_TOKEN" in err and problem in err and "0.0.0.0" in err
    ctx.close()


@pytest.mark.parametrize("extra", [["--nightly", "25:00"], ["--nightly", "7"],
                                   ["--port", "70000"], ["--port", "http"]])
def test_serve_rejects_bad_options(extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["serve", *extra])
    assert done.value.code == 2
    assert extra[0] in capsys.readouterr().err
