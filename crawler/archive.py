"""Raw archive: every fetched article response in one WARC file per run, and reading it back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.document import RawPage

log = logging.getLogger(__name__)

ARCHIVE_DIR = "archive"
SOURCE_HEADER = "X-Clusterwatch-Source"
LANG_HEADER = "X-Clusterwatch-Lang"


class ArchiveError(ValueError):
    """An archive file that is not a WARC file, or is damaged (truncated)."""


class WarcArchive:
    """Appends response records to ``data_dir/archive/<run id>.warc.gz``.

    A write that fails (disk full) stops the archive for the rest of the run: the error is
    logged once and kept in ``error``; ``unarchived`` counts the pages per source that were
    not archived. The crawl itself goes on (the archive is a copy of what was fetched).
    """

    def __init__(self, data_dir: Path | str, run_id: str) -> None:
        folder = Path(data_dir) / ARCHIVE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{run_id}.warc.gz"
        self._fh: IO[bytes] = self.path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        self.error: str | None = None
        self.unarchived: dict[str, int] = {}

    def write(self, page: RawPage) -> bool:
        """Append the page; False when it could not be written (see ``error``)."""
        if self.error is None:
            try:
                self._write(page)
                return True
            except OSError as exc:
                self.error = f"cannot write the raw archive {self.path}: {exc.strerror or exc}"
                log.error("%s; archiving stopped for this run", self.error)
        self.unarchived[page.source] = self.unarchived.get(page.source, 0) + 1
        return False

    def _write(self, page: RawPage) -> None:
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
        try:
            self._fh.close()
        except OSError as exc:  # the buffered tail could not be written (disk full)
            if self.error is None:
                self.error = f"cannot write the raw archive {self.path}: {exc.strerror or exc}"
                log.error("%s", self.error)


def iter_archive(path: Path | str) -> Iterator[RawPage]:
    """Every response record of a WARC file as a RawPage (source and language as crawled).

    Raises ArchiveError for a file that is not a WARC archive or whose record is cut short
    (a truncated copy): a partial body must never replace a stored text.
    """
    try:
        with Path(path).open("rb") as fh:
            yield from _records(path, fh)
    except ArchiveLoadFailed as exc:  # its message quotes the file's first line: not shown
        reason = str(exc.msg).split(",", 1)[0][:80]
        raise ArchiveError(f"{path}: not a readable WARC archive ({reason})") from None
    except (OSError, EOFError) as exc:
        raise ArchiveError(f"{path}: damaged archive: {exc}") from None


def _records(path: Path | str, fh: IO[bytes]) -> Iterator[RawPage]:
    records = 0
    for record in ArchiveIterator(fh):
        records += 1
        if record.rec_type != "response":
            continue
        body = record.content_stream().read()
        if record.raw_stream.limit > 0:  # fewer bytes than the record's Content-Length
            uri = record.rec_headers.get_header("WARC-Target-URI")
            raise ArchiveError(f"{path}: damaged archive: the record of {uri} is truncated "
                               f"({record.raw_stream.limit} bytes missing)")
        try:
            yield _to_page(record, body)
        except (ValueError, KeyError) as exc:
            log.warning("%s: unreadable record skipped: %s", path, exc)
    if records == 0 and Path(path).stat().st_size > 0:
        raise ArchiveError(f"{path}: damaged archive: no complete WARC record")


def _to_page(record: object, body: bytes) -> RawPage:
    wh = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    date = wh.get_header("WARC-Date")
    fetched = (datetime.fromisoformat(date.replace("Z", "+00:00")) if date
               else datetime.now(timezone.utc))
    headers = {k.lower(): v for k, v in (http.headers if http else [])}
    return RawPage(url=wh.get_header("WARC-Target-URI"), body=body,
                   source=wh.get_header(SOURCE_HEADER) or "",
                   content_type=headers.pop("content-type", None),
                   status=int(http.get_statuscode()) if http else 200,
                   fetched_at=fetched, lang_hint=wh.get_header(LANG_HEADER), headers=headers)
