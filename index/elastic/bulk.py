"""Bulk writing with chunking, retries and backoff, and the spool that keeps what could not be sent.

Bulk bodies are NDJSON: an action line ``{"index": {"_index": ..., "_id": ...}}`` followed by
the source line. Items refused with 429 (queue full) are retried with exponential backoff;
other refused items are reported as failures (id and reason). When the cluster cannot be
reached at all the caller spools the documents (JSON Lines under ``data_dir``) and sends them
on the next open or write.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pipeline.document import Document, document_from_record, document_to_record

log = logging.getLogger(__name__)

CHUNK_DOCS = 500
CHUNK_BYTES = 10 * 1024 * 1024  # well under http.max_content_length (100mb)
ITEM_RETRIES = 3
BACKOFF_START = 0.5
RETRY_STATUSES = frozenset({429})


class Op(str, Enum):
    INDEX = "index"  # the whole document, replacing what has that id
    UPDATE = "update"  # a partial document merged into the stored one


@dataclass(frozen=True)
class Action:
    """One bulk operation: the action line, then the document (or ``{"doc": partial}``)."""

    index: str
    id: str
    source: dict[str, Any]
    op: Op = Op.INDEX

    def lines(self) -> list[dict[str, Any]]:
        meta = {self.op.value: {"_index": self.index, "_id": self.id}}
        return [meta, self.source if self.op == Op.INDEX else {"doc": self.source}]


@dataclass
class BulkReport:
    written: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)


def ndjson(actions: Iterable[Action]) -> str:
    """The bulk request body as Elasticsearch reads it (every line ends with a newline)."""
    return "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for a in actions for line in a.lines())


def chunks(actions: list[Action], max_docs: int = CHUNK_DOCS,
           max_bytes: int = CHUNK_BYTES) -> Iterator[list[Action]]:
    chunk: list[Action] = []
    size = 0
    for a in actions:
        n = len(json.dumps(a.source, ensure_ascii=False).encode("utf-8")) + 100
        if chunk and (len(chunk) >= max_docs or size + n > max_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append(a)
        size += n
    if chunk:
        yield chunk


def item_errors(resp: dict[str, Any], sent: list[Action]
                ) -> tuple[list[Action], list[tuple[str, str]]]:
    """From a bulk answer: the actions to retry (429) and the refused ones (id, reason)."""
    if not resp.get("errors"):
        return [], []
    retry: list[Action] = []
    failed: list[tuple[str, str]] = []
    for action, item in zip(sent, resp.get("items") or [], strict=False):
        result = next(iter(item.values()))
        status = int(result.get("status", 200))
        if status < 300:
            continue
        if status in RETRY_STATUSES:
            retry.append(action)
            continue
        err = result.get("error") or {}
        reason = f"{err.get('type', status)}: {err.get('reason', '')}" if isinstance(
            err, dict) else str(err)
        failed.append((action.id, reason.strip()))
    return retry, failed


def send(bulk: Callable[[str], dict[str, Any]], actions: list[Action],
         sleep: Callable[[float], None] | None = None) -> BulkReport:
    """Send actions chunk by chunk; ``bulk`` posts one NDJSON body (it raises on an outage)."""
    report = BulkReport()
    for chunk in chunks(actions):
        pending, delay = chunk, BACKOFF_START
        for attempt in range(ITEM_RETRIES + 1):
            resp = bulk(ndjson(pending))
            retry, failed = item_errors(resp, pending)
            report.failures.extend(failed)
            report.written += len(pending) - len(retry) - len(failed)
            if not retry:
                break
            if attempt == ITEM_RETRIES:
                report.failures.extend((a.id, "rejected (429) after retries") for a in retry)
                break
            log.info("bulk: %d items refused with 429, retrying in %.1fs", len(retry), delay)
            (sleep or time.sleep)(delay)
            pending, delay = retry, delay * 2
    return report


class Spool:
    """Documents waiting for the cluster: JSON Lines, appended and fsynced, sent in order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sending = path.with_name(path.name + ".sending")

    def append(self, docs: Iterable[Document]) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        n = 0
        with self.path.open("a", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps(document_to_record(doc), ensure_ascii=False) + "\n")
                n += 1
            fh.flush()
            os.fsync(fh.fileno())
        return n

    def pending(self) -> int:
        return sum(_count_lines(p) for p in (self.sending, self.path) if p.exists())

    def take(self) -> bool:
        """Move the spool aside to be sent (True when there is something to send). A crash
        before ``done`` leaves the ``.sending`` file, which is sent again next time: writes
        are idempotent, ids overwrite."""
        if self.path.exists():
            if self.sending.exists():
                with self.sending.open("a", encoding="utf-8") as out:
                    out.write(self.path.read_text(encoding="utf-8"))
                    out.flush()
                    os.fsync(out.fileno())
                self.path.unlink()
            else:
                self.path.replace(self.sending)
        return self.sending.exists()

    def batches(self, size: int) -> Iterator[list[Document]]:
        """The taken documents, in order, ``size`` at a time (read lazily)."""
        self._reader: Iterator[list[Document]] | None = self._read(self.sending, size)
        return self._reader

    def remaining(self) -> Iterator[list[Document]]:
        """The batches ``batches`` has not handed out yet."""
        reader, self._reader = getattr(self, "_reader", None), None
        return reader if reader is not None else iter(())

    def done(self) -> None:
        """The taken documents are in the cluster (or back in the spool)."""
        self._reader = None
        self.sending.unlink(missing_ok=True)

    def _read(self, path: Path, size: int) -> Iterator[list[Document]]:
        if not path.exists():
            return
        batch: list[Document] = []
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    batch.append(document_from_record(json.loads(line)))
                except (ValueError, TypeError) as exc:
                    log.error("spool %s line %d unreadable, skipped: %s", path, n, exc)
                    continue
                if len(batch) >= size:
                    yield batch
                    batch = []
        if batch:
            yield batch


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())
