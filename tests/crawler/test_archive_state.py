"""The WARC archive round trip and the per-URL crawl state."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from pathlib import Path

from crawler.archive import WarcArchive, iter_archive
from crawler.state import CrawlState, PageOutcome
from pipeline.document import RawPage


def test_archive_round_trip(tmp_path: Path) -> None:
    body = "<html><body><p>Żółć w Kędzierzynie</p></body></html>".encode("iso-8859-2")
    page = RawPage(url="http://127.0.0.1:8701/a.html", body=body, source="gazeta",
                   content_type="text/html; charset=iso-8859-2", lang_hint="pl",
                   fetched_at=datetime(2026, 11, 20, 8, 30, tzinfo=timezone.utc),
                   headers={"etag": '"abc"', "content-length": "99"})
    archive = WarcArchive(tmp_path, "run-1")
    archive.write(page)
    archive.write(RawPage(url="http://127.0.0.1:8701/b.html", body=b"<p>b</p>", source="kopia"))
    archive.close()
    assert archive.path == tmp_path / "archive" / "run-1.warc.gz"
    with gzip.open(archive.path) as fh:
        assert fh.read(8) == b"WARC/1.0"
    first, second = list(iter_archive(archive.path))
    assert first.url == page.url and first.body == body
    assert first.content_type == "text/html; charset=iso-8859-2"
    assert (first.source, first.lang_hint, first.status) == ("gazeta", "pl", 200)
    assert first.fetched_at == page.fetched_at
    assert first.headers["etag"] == '"abc"'
    assert (second.source, second.lang_hint, second.body) == ("kopia", None, b"<p>b</p>")


def test_state_records_and_survives_reopening(tmp_path: Path) -> None:
    state = CrawlState(tmp_path)
    assert state.get("http://a/1") is None
    state.record("http://a/1", "gazeta", etag='"x"', last_modified="Mon, 23 Nov 2026 10:00:00 GMT",
                 body_hash="h1", doc_id="d1", outcome=PageOutcome.STORED)
    state.record("http://a/2", "gazeta", etag=None, last_modified=None, body_hash="h2",
                 doc_id=None, outcome=PageOutcome.SKIPPED)
    state.close()
    again = CrawlState(tmp_path)
    one = again.get("http://a/1")
    assert one is not None and (one.etag, one.doc_id, one.outcome) == ('"x"', "d1",
                                                                        PageOutcome.STORED)
    again.record("http://a/1", "gazeta", etag='"y"', last_modified=None, body_hash="h3",
                 doc_id="d1", outcome=PageOutcome.STORED)
    again.touch("http://a/2")
    updated = again.get("http://a/1")
    assert updated is not None and (updated.etag, updated.body_hash) == ('"y"', "h3")
    assert again.count() == 2 and again.count("kopia") == 0
    again.close()
