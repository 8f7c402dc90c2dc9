"""Raw archive: every fetched article response in one WARC file per run, and reading it back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.document import RawPage

log = logging.getLogger(__name__)

ARCHIVE_DIR = "archive"
SOURCE_HEADER = "X-Clusterwatch-Source"
LANG_HEADER = "X-Clusterwatch-Lang"


class WarcArchive:
    """Appends response records to ``data_dir/archive/<run id>.warc.gz``."""

    def __init__(self, data_dir: Path | str, run_id: str) -> None:
        folder = Path(data_dir) / ARCHIVE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{run_id}.warc.gz"
        self._fh: IO[bytes] = self.path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True)

    def write(self, page: RawPage) -> None:
        headers = [(k.title(), v) for k, v in page.headers.items()
                   if k.lower() not in ("content-type", "content-length", "transfer-encoding",
                                        "content-encoding")]
        if page.content_type:
            headers.append(("Content-Type", page.content_type))
        http = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": page.fetched_at.astimezone(timezone.utc)
                        .strftime("%Y-%m-%dT%H:%M:%SZ"), SOURCE_HEADER: page.source}
        if page.lang_hint:
            warc_headers[LANG_HEADER] = page.lang_hint
        record = self._writer.create_warc_record(
            page.url, "response", payload=BytesIO(page.body), http_headers=http,
            warc_headers_dict=warc_headers)
        self._writer.write_record(record)
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def iter_archive(path: Path | str) -> Iterator[RawPage]:
    """Every response record of a WARC file as a RawPage (source and language as crawled)."""
    with Path(path).open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            try:
                yield _to_page(record)
            except (ValueError, KeyError) as exc:
                log.warning("%s: unreadable record skipped: %s", path, exc)


def _to_page(record: object) -> RawPage:
    wh = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    body = record.content_stream().read()  # type: ignore[attr-defined]
    date = wh.get_header("WARC-Date")
    fetched = (datetime.fromisoformat(date.replace("Z", "+00:00")) if date
               else datetime.now(timezone.utc))
    headers = {k.lower(): v for k, v in (http.headers if http else [])}
    return RawPage(url=wh.get_header("WARC-Target-URI"), body=body,
                   source=wh.get_header(SOURCE_HEADER) or "",
                   content_type=headers.pop("content-type", None),
                   status=int(http.get_statuscode()) if http else 200,
                   fetched_at=fetched, lang_hint=wh.get_header(LANG_HEADER), headers=headers)
