"""Document identity: content hash and a MinHash signature for near-duplicate detection.

The one place for both: the stores, the crawl state and story grouping use these functions."""

from __future__ import annotations

import hashlib
import re
import zlib

from pipeline.document import Document

DUPLICATE_THRESHOLD = 0.8  # MinHash similarity from which two documents are copies of one story
_WORD = re.compile(r"\w+", re.UNICODE)
_PERMUTATIONS = 32
_PRIME = (1 << 61) - 1
_A = [(i * 0x9E3779B97F4A7C15 + 12345) % _PRIME or 1 for i in range(1, _PERMUTATIONS + 1)]
_B = [(i * 0xC2B2AE3D27D4EB4F + 6789) % _PRIME for i in range(1, _PERMUTATIONS + 1)]


def content_hash(doc: Document) -> str:
    """What a reader sees changed: title and text (a stored revision is kept when it changes)."""
    basis = f"{doc.title or ''}\n{doc.text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(basis).hexdigest()


def body_hash(body: bytes) -> str:
    """The fetched bytes, so an unchanged page is not processed again."""
    return hashlib.sha256(body).hexdigest()


def signature(text: str, shingle: int = 5) -> list[int]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < shingle:
        return []
    count = len(words) - shingle + 1
    shingles = {zlib.crc32(" ".join(words[i:i + shingle]).encode()) for i in range(count)}
    return [min((a * s + b) % _PRIME for s in shingles) for a, b in zip(_A, _B, strict=True)]


def similarity(a: list[int], b: list[int]) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def identify(doc: Document) -> Document:
    doc.ensure_id()
    doc.content_hash = content_hash(doc)
    doc.signature = signature(doc.text)
    return doc
