"""The fixture-site server: files, content types, validators, overrides, the request log."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from clusterwatch.devserver import DevServerError, SiteServer, serve_sites


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(req, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "alfa"
    (site / "news").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Start</h1>", encoding="utf-8")
    (site / "news" / "a.html").write_text("<p>Zażółć</p>", encoding="utf-8")
    (site / "feed.rss").write_text("<rss/>", encoding="utf-8")
    (site / "doc.pdf").write_bytes(b"%PDF-1.4 fake")
    (site / "_private.txt").write_text("secret", encoding="utf-8")
    (site / "cal.html").write_text("calendar", encoding="utf-8")
    (site / "_headers.yaml").write_text(
        "/latin.html: {content_type: 'text/html; charset=iso-8859-2', body: 'x'}\n"
        "/broken.html: {status: 500}\n"
        "/moved.html: {status: 301, location: 'http://other.invalid/x'}\n"
        "/big.html: {body_bytes: 1000}\n"
        "/slow.html: {delay: 0.3, body: slow}\n"
        "/cal/*: {file: cal.html}\n", encoding="utf-8")
    (tmp_path / "beta").mkdir()
    (tmp_path / "beta" / "index.html").write_text("beta", encoding="utf-8")
    return tmp_path


def test_files_types_and_index(root: Path) -> None:
    with serve_sites(root) as srv:
        assert set(srv.urls) == {"alfa", "beta"}
        assert srv.url("alfa") != srv.url("beta")
        base = srv.url("alfa")
        status, headers, body = _get(base + "/")
        assert (status, body) == (200, b"<h1>Start</h1>")
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert _get(base + "/news/a.html")[2].decode("utf-8") == "<p>Zażółć</p>"
        assert _get(base + "/feed.rss")[1]["content-type"] == "application/rss+xml"
        assert _get(base + "/doc.pdf")[1]["content-type"] == "application/pdf"
        assert _get(base + "/news")[0] == 301
        assert _get(base + "/missing.html")[0] == 404
        assert _get(base + "/_private.txt")[0] == 404
        assert _get(base + "/_headers.yaml")[0] == 404
        assert _get(base + "/../beta/index.html")[0] == 404
        assert _get(srv.url("beta") + "/")[2] == b"beta"


def test_conditional_requests_follow_file_changes(root: Path) -> None:
    with serve_sites(root) as srv:
        url = srv.url("alfa") + "/news/a.html"
        _, headers, _ = _get(url)
        etag, modified = headers["etag"], headers["last-modified"]
        assert _get(url, {"If-None-Match": etag})[0] == 304
        assert _get(url, {"If-Modified-Since": modified})[0] == 304
        page = root / "alfa" / "news" / "a.html"
        page.write_text("<p>changed, longer</p>", encoding="utf-8")
        os.utime(page, (time.time() + 5, time.time() + 5))
        status, headers2, body = _get(url, {"If-None-Match": etag})
        assert status == 200 and body == b"<p>changed, longer</p>"
        assert headers2["etag"] != etag
        assert _get(url, {"If-Modified-Since": modified})[0] == 200


def test_overrides(root: Path) -> None:
    with serve_sites(root) as srv:
        base = srv.url("alfa")
        assert _get(base + "/latin.html")[1]["content-type"] == "text/html; charset=iso-8859-2"
        assert _get(base + "/broken.html")[0] == 500
        status, headers, _ = _get(base + "/moved.html")
        assert status == 301 and headers["location"] == "http://other.invalid/x"
        assert len(_get(base + "/big.html")[2]) == 1000
        t0 = time.monotonic()
        assert _get(base + "/slow.html")[2] == b"slow"
        assert time.monotonic() - t0 >= 0.3
        assert _get(base + "/cal/2026/11/")[2] == b"calendar"


def test_request_log(root: Path) -> None:
    with serve_sites(root) as srv:
        _get(srv.url("alfa") + "/news/a.html?x=1", {"User-Agent": "tester/1"})
        _get(srv.url("beta") + "/nothing")
        log = srv.requests("alfa")
        assert [(r.method, r.path, r.status) for r in log] == [("GET", "/news/a.html?x=1", 200)]
        assert log[0].headers["user-agent"] == "tester/1"
        assert [r.status for r in srv.requests("beta")] == [404]
        srv.clear_log()
        assert srv.requests() == []


def test_bad_input(root: Path, tmp_path: Path) -> None:
    with pytest.raises(DevServerError, match="no site folder"):
        SiteServer(root, {"gamma": 0})
    (root / "alfa" / "_headers.yaml").write_text("/x: {colour: red}\n", encoding="utf-8")
    with pytest.raises(DevServerError, match="unknown key"):
        SiteServer(root)
    with pytest.raises(DevServerError, match="not a folder"):
        SiteServer(tmp_path / "nope")


def test_command_line(root: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "clusterwatch.devserver", str(root)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = dict(proc.stdout.readline().split() for _ in range(2))
        assert _get(lines["beta"])[2] == b"beta"
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
