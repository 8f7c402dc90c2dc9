"""`sources check --online` against fixture portals on 127.0.0.1 (real HTTP): a healthy portal,
one answering 403 to everything, one whose home moved to another host name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from clusterwatch.cli import main
from crawler.online import describe_redirect
from tests.conftest import ROOT
from tests.crawler.portal_sites import Portals, serve_portals

UA = "clusterwatch-test/1.0 (+https://example.org/clusterwatch-contact)"
DELAY = 0.3


@dataclass
class Checked:
    code: int
    data: dict[str, Any]
    text: str
    portals: Portals

    def source(self, sid: str) -> dict[str, Any]:
        return next(s for s in self.data["sources"] if s["source"] == sid)


def _config(folder: Path, portals: Portals) -> Path:
    p, o, m = portals.url("portal"), portals.url("odmowa"), portals.url("przeniesiony")
    sources = [
        {"id": "portal", "start_urls": [f"{p}/aktualnosci/", f"{p}/stary/"],
         "sitemaps": [f"{p}/mapa-strony.xml"], "feeds": [f"{p}/kanal.xml"],
         "follow": [r"/aktualnosci/(strona/\d+/)?$"],
         "articles": [r"/aktualnosci/[a-z0-9-]+,\d+\.html$"], "delay": DELAY,
         "examples": {"articles": [f"{p}/aktualnosci/konkurs-dla-szkol,5104.html#komentarze"]}},
        {"id": "odmowa", "start_urls": [f"{o}/"], "articles": ["/artykul/"], "delay": DELAY},
        {"id": "przeniesiony", "start_urls": [f"{m}/"], "articles": ["/aktualnosci/"],
         "delay": DELAY},
    ]
    folder.mkdir(parents=True, exist_ok=True)
    settings = {"data_dir": str(folder / "data"),
                "crawl": {"delay": 0, "timeout": 10, "user_agent": "clusterwatch-test/1.0",
                          "contact_url": "https://example.org/clusterwatch-contact"}}
    for name, data in (("sources.yaml", {"sources": sources}), ("settings.yaml", settings)):
        (folder / name).write_text(yaml.safe_dump(data), encoding="utf-8")
    (folder / "members.yaml").write_text((ROOT / "config" / "members.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Checked]:
    tmp = tmp_path_factory.mktemp("online")
    portals = serve_portals(tmp)
    config = _config(tmp / "config", portals)
    try:
        with pytest.MonkeyPatch.context() as mp, _Capture() as cap:
            mp.chdir(tmp)
            code = main(["--config", str(config), "sources", "check", "--online", "--json"])
        data = json.loads(cap.out)
        with _Capture() as cap2:
            main(["--config", str(config), "sources", "check", "--online", "--source",
                  "portal"])
        yield Checked(code, data, cap2.out, portals)
    finally:
        portals.stop()


class _Capture:
    """stdout of an in-process run (module-scoped fixtures cannot use capsys)."""

    def __enter__(self) -> _Capture:
        import contextlib
        import io

        self._buf = io.StringIO()
        self._ctx = contextlib.redirect_stdout(self._buf)
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(None, None, None)
        self.out = self._buf.getvalue()


def test_exit_code_and_verdicts(checked: Checked) -> None:
    assert checked.code == 1  # two sources fail online
    assert checked.source("portal")["ok"], checked.source("portal")["problems"]
    assert not checked.source("odmowa")["ok"] and not checked.source("przeniesiony")["ok"]


def test_healthy_portal_report(checked: Checked) -> None:
    online = checked.source("portal")["online"]
    robots = next(iter(online["robots"].values()))
    assert robots["status"] == 200 and robots["sitemaps"][0].endswith("/mapa-strony.xml")
    feed = next(u for u in online["urls"] if u["role"] == "feeds")
    sitemap = next(u for u in online["urls"] if u["role"] == "sitemaps")
    listing = next(u for u in online["urls"] if u["url"].endswith("/aktualnosci/"))
    assert (feed["status"], feed["links"], feed["articles"]) == (200, 5, 5)
    assert (sitemap["status"], sitemap["links"], sitemap["articles"]) == (200, 12, 12)
    # 6 articles (each linked thrice: fragment, tracking and plain forms collapse), the pager
    assert listing["articles"] == 6 and listing["listings"] >= 1
    moved = next(u for u in online["urls"] if u["url"].endswith("/stary/"))
    assert moved["redirects"][0].startswith("301 -> ") and "moved within the site" in \
        moved["redirects"][0]
    samples = online["samples"]
    assert len(samples) == 2
    for s in samples:
        assert s["status"] == 200 and s["is_article"] and s["title"] and s["author"]
        assert s["published"].startswith("2026-") and s["words"] > 80


def test_refusing_portal_is_named(checked: Checked) -> None:
    problems = checked.source("odmowa")["problems"]
    assert any("answers HTTP 403: the site refuses non-browser clients" in p for p in problems)
    # and it was asked with our own user agent, never a browser's
    agents = {r.headers["user-agent"] for r in checked.portals.server.requests("odmowa")}
    assert agents == {UA}


def test_moved_domain_is_named(checked: Checked) -> None:
    src = checked.source("przeniesiony")
    assert any("redirects off the allowed hosts, to http://localhost:" in p
               for p in src["problems"])
    assert any("moved to another domain (localhost)" in n for n in src["online"]["notes"])


def test_polite_delay_and_robots_first(checked: Checked) -> None:
    reqs = checked.portals.server.requests("portal")
    assert reqs[0].path == "/robots.txt"
    # two runs (JSON, then text), each spacing its requests by the source's delay: the span
    # covers every gap but the one between the runs (arrival times jitter on a loaded machine,
    # so the sum is checked, not each gap)
    span = reqs[-1].time - reqs[0].time
    assert len(reqs) >= 10 and span >= (len(reqs) - 2) * DELAY * 0.9
    assert not [r for r in reqs if r.path.startswith("/szukaj/")]


def test_text_output(checked: Checked) -> None:
    out = checked.text
    assert "portal: ok" in out
    assert "sitemaps " in out and "12 articles" in out
    assert "sample " in out and "words" in out


@pytest.mark.parametrize(("old", "new", "what"), [
    ("http://nto.pl/", "https://nto.pl/", "http -> https"),
    ("https://nto.pl/", "https://www.nto.pl/", "'www' added"),
    ("https://www.chemanager-online.com/news", "https://chemanager-online.com/de/news",
     "'www' removed"),
    ("https://a.example/", "https://b.example/", "moved to another domain (b.example)"),
    ("http://a.example/x", "https://www.a.example/x", "http -> https, 'www' added"),
    ("https://a.example/x", "https://a.example/y", "moved within the site"),
])
def test_describe_redirect(old: str, new: str, what: str) -> None:
    assert describe_redirect(old, new) == what
