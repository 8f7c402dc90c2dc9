"""``I/N`` partitions for work spread over machines: ``nightly --shard``, ``reprocess --slice``.

A key (a source id, a document id) always falls in the same part, whatever machine asks:
the part is a stable hash of the key (not Python's ``hash``, which changes per process).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Partition:
    """Part ``index`` (1-based) of ``count``; ``1/1`` holds everything."""

    index: int = 1
    count: int = 1

    @classmethod
    def parse(cls, spec: str) -> Partition:
        """``"2/3"``; ValueError with the reason for anything else."""
        m = _SPEC.match(spec)
        if not m:
            raise ValueError(f"expected I/N (e.g. 1/2), got {spec!r}")
        index, count = int(m.group(1)), int(m.group(2))
        if count < 1 or not 1 <= index <= count:
            raise ValueError(f"{spec!r}: need 1 <= I <= N")
        return cls(index, count)

    def holds(self, key: str) -> bool:
        if self.count == 1:
            return True
        digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
