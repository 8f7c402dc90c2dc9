"""End to end: crawl the bundled sample portal (demo/sites + config/demo) over HTTP on 127.0.0.1
with the real Scrapy engine into a temporary SQLite file, then use the CLI on what was stored.

Robust to more articles: the expectations come from demo/expected.yaml, generated with the sites.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from clusterwatch.devserver import SiteServer
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SITES = ROOT / "demo" / "sites"
DEMO_CONFIG = ROOT / "config" / "demo"
EXPECTED = ROOT / "demo" / "expected.yaml"


@dataclass
class Portal:
    server: SiteServer
    config: Path
    env: dict[str, str]
    expected: dict[str, Any]
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]
    first_docs: list[dict[str, Any]]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "clusterwatch.cli", "--config",
                               str(self.config), *args], env=self.env, capture_output=True,
                              text=True, timeout=240, cwd=ROOT)

    def json(self, *args: str) -> Any:
        proc = self.cli(*args)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return json.loads(proc.stdout)

    def export(self) -> list[dict[str, Any]]:
        proc = self.cli("export")
        assert proc.returncode == 0, proc.stderr[-2000:]
        return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _config(tmp: Path, server: SiteServer) -> Path:
    """config/demo with every 127.0.0.1:PORT replaced by the port the test server got."""
    folder = tmp / "config"
    shutil.copytree(DEMO_CONFIG, folder)
    sources = (folder / "sources.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(sources)
    for src in data["sources"]:
        if src["id"] in server.sites:
            port = server.url(src["id"]).rsplit(":", 1)[1]
            block = re.escape(src["id"])
            old = re.search(rf"id: {block}\b.*?(?=\n  - id:|\Z)", sources, re.S)
            assert old is not None
            sources = sources.replace(old.group(0), re.sub(
                r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", old.group(0)))
    (folder / "sources.yaml").write_text(sources, encoding="utf-8")
    settings = yaml.safe_load((folder / "settings.yaml").read_text(encoding="utf-8")) or {}
    settings["store"] = f"sqlite:///{tmp / 'store.db'}"
    settings["data_dir"] = str(tmp / "data")
    # the demo shares the main registry through a relative path: keep pointing at it
    members = settings.get("members_file", "members.yaml")
    settings["members_file"] = str((DEMO_CONFIG / members).resolve())
    (folder / "settings.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True),
                                          encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    if not (SITES.is_dir() and DEMO_CONFIG.is_dir() and EXPECTED.is_file()):
        pytest.skip("the bundled sample portal (demo/sites, config/demo) is not there")
    tmp = tmp_path_factory.mktemp("portal")
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    # a copy: the sites may be rebuilt while the test runs; a crawl must see stable files
    sites = tmp / "sites"
    shutil.copytree(SITES, sites, ignore=shutil.ignore_patterns("_src"))
    with SiteServer(sites) as server:
        config = _config(tmp, server)
        portal = Portal(server, config, env, expected, subprocess.CompletedProcess([], 0),
                        subprocess.CompletedProcess([], 0), [])
        portal.first = portal.cli("crawl", "--workers", "2")  # a pool, whatever the machine
        portal.first_docs = portal.export()
        server.clear_log()
        portal.second = portal.cli("crawl")
        yield portal


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_crawl_reaches_every_source(portal: Portal) -> None:
    assert portal.first.returncode == 0, portal.first.stderr[-3000:]
    for site in portal.expected["sites"]:
        assert re.search(rf"^{re.escape(site)}\s+yes\b", portal.first.stdout, re.M), \
            portal.first.stdout
    assert "Traceback" not in portal.first.stderr


def _stored(portal: Portal) -> set[tuple[str, str]]:
    return {(d["source"], _path(d["url"])) for d in portal.first_docs}


def test_every_article_stored_once(portal: Portal) -> None:
    stored = _stored(portal)
    articles = {(a["site"], a["path"]) for a in portal.expected["articles"] if a["is_article"]}
    assert articles <= stored, sorted(articles - stored)
    assert len(portal.first_docs) == len({d["id"] for d in portal.first_docs})
    redirects = {(r["site"], r["path"]) for r in portal.expected["redirects"]}
    broken = {(b["site"], b["path"]) for b in portal.expected["broken"]}
    assert not stored & (redirects | broken)


def test_no_listing_home_tag_or_contact_page_stored(portal: Portal) -> None:
    pages = {(a["site"], a["path"]) for a in portal.expected["non_articles"]
             if a["kind"] != "gallery"}
    assert not _stored(portal) & pages


def test_gallery_page_rejected_by_the_pipeline(portal: Portal) -> None:
    galleries = {(a["site"], a["path"]) for a in portal.expected["non_articles"]
                 if a["kind"] == "gallery"}
    assert galleries  # the crawler fetches it (an article-like URL); the pipeline says no
    assert not _stored(portal) & galleries


def test_titles_without_mojibake(portal: Portal) -> None:
    by_path = {_path(d["url"]): d for d in portal.first_docs}
    for article in portal.expected["articles"]:
        doc = by_path.get(article["path"])
        assert doc is not None
        assert doc["title"] == article["title"], (article["path"], doc["title"])
        assert "\ufffd" not in doc["text"] and "Ã" not in doc["text"]


def test_stored_metadata_and_text_match_the_ground_truth(portal: Portal) -> None:
    """Date, author (null when the page names none) and main text of every stored article."""
    by_path = {(d["source"], _path(d["url"])): d for d in portal.first_docs}
    wrong = []
    for article in portal.expected["articles"]:
        doc = by_path[(article["site"], article["path"])]
        for field in ("published", "author", "text"):
            if doc[field] != article[field]:
                wrong.append((article["path"], field, doc[field], article[field]))
    assert not wrong, wrong


def test_no_boilerplate_sample_stored(portal: Portal) -> None:
    """Banner, footer, 'most read' and ad lines of each site appear in no stored text."""
    for doc in portal.first_docs:
        for sample in portal.expected["sites"][doc["source"]]["boilerplate"]:
            assert sample not in doc["text"], (doc["url"], sample)


def test_nothing_disallowed_requested(portal: Portal) -> None:
    # the second crawl's log is all this server kept; robots.txt is read again and obeyed
    paths = {(r.site, r.path) for r in portal.server.requests()}
    for rule in portal.expected["disallowed"]:
        assert not [p for s, p in paths if s == rule["site"] and p.startswith(rule["path"])]


def test_second_crawl_adds_no_duplicates(portal: Portal) -> None:
    assert portal.second.returncode == 0, portal.second.stderr[-3000:]
    after = portal.export()
    assert sorted(d["id"] for d in after) == sorted(d["id"] for d in portal.first_docs)
    record = portal.json("status", "--json")
    assert record  # the status command reads the run records the crawls saved
    articles = {a["path"] for a in portal.expected["articles"]}
    refetched = [r.path for r in portal.server.requests() if r.status == 200
                 and r.path in articles]
    assert refetched == []  # every unchanged article answered 304 or was not asked again


def test_search_show_mentions_on_crawled_documents(portal: Portal) -> None:
    result = portal.json("search", "Azoty", "--json")
    assert result["total"] >= 1
    hit = result["hits"][0]
    assert "<mark>" in hit["snippet"]
    shown = portal.json("show", hit["id"], "--json")
    assert shown["id"] == hit["id"] and shown["url"] == hit["url"] and shown["text"]
    expected = {a["path"]: a for a in portal.expected["articles"]}
    article = expected.get(_path(shown["url"]))
    assert article is not None and shown["published"] == article["published"]
    mentions = portal.json("mentions", "--member", "grupa-azoty-zak", "--interval", "year",
                           "--format", "json")
    series = {s["member"]: s for s in mentions["series"]}
    assert sum(b["documents"] for b in series["grupa-azoty-zak"]["buckets"]) >= 1


def _show(portal: Portal, doc_id: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``show DOC_ID --json`` in this process (one interpreter, not one per document)."""
    import contextlib
    import io

    from clusterwatch.cli import main

    for key in [k for k in os.environ if k.startswith("CLUSTERWATCH_")]:
        monkeypatch.delenv(key)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--config", str(portal.config), "show", doc_id, "--json"])
    assert code == 0, doc_id
    return json.loads(out.getvalue())


def test_export_lines_equal_show_json_duplicates_included(
        portal: Portal, monkeypatch: pytest.MonkeyPatch) -> None:
    exported = portal.export()
    assert len(exported) == len(portal.first_docs) > 0
    for line in exported:
        assert line == _show(portal, line["id"], monkeypatch), line["url"]
    # the sample portal's syndicated copy and its original: one story, each names the other
    by_key = {(d["source"], _path(d["url"])): d for d in exported}
    copies = [a for a in portal.expected["articles"] if a.get("duplicate_of")]
    assert copies
    for copy in copies:
        site, path = copy["duplicate_of"].split(":", 1)
        original, dup = by_key[(site, path)], by_key[(copy["site"], copy["path"])]
        assert dup["story_id"] == original["story_id"] == original["id"]  # the earlier one
        assert original["id"] in dup["duplicates"] and dup["id"] in original["duplicates"]


def test_one_worker_and_two_store_the_same_documents(
        portal: Portal, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Order-independent results: the portal's first crawl (two worker processes) and a crawl
    with one (pages processed in the crawling process) store the same documents and ids."""
    tmp = tmp_path_factory.mktemp("one-worker")
    config = _config(tmp, portal.server)
    single = Portal(portal.server, config, portal.env, portal.expected,
                    subprocess.CompletedProcess([], 0), subprocess.CompletedProcess([], 0), [])
    first = portal.first_docs
    done = single.cli("crawl", "--workers", "1")
    assert done.returncode == 0, done.stderr[-3000:]

    def comparable(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {d["id"]: {k: v for k, v in d.items() if k != "fetched_at"} for d in docs}

    assert comparable(single.export()) == comparable(first)


def test_linked_documents_are_stored_with_their_media_type(portal: Portal) -> None:
    """The press-release PDF and the DOCX note always; the scan when Tesseract can read it."""
    from pipeline.documents.ocr import Ocr

    by_path = {_path(d["url"]): d for d in portal.first_docs}
    documents = portal.expected["documents"]
    assert documents
    for entry in documents:
        doc = by_path.get(entry["path"])
        if entry["ocr"] and not Ocr.available():
            assert doc is None  # skipped: no text layer, no OCR
            continue
        assert doc is not None, entry["path"]
        assert doc["media_type"] == entry["media_type"] and doc["title"] == entry["title"]
        assert set(entry["members"]) <= {m["id"] for m in doc["members"]}
        origins = {p["origin"] for p in doc["pages"]}
        assert origins == ({"ocr"} if entry["ocr"] else {"text"} if doc["pages"] else set())
