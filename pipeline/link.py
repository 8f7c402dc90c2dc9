"""Stage 5: member mention counts from tagged entities."""

from __future__ import annotations

from collections import Counter

from pipeline.document import Document


def link_members(doc: Document) -> Document:
    counts = Counter(e.member for e in doc.entities if e.member)
    doc.members = {k: v for k, v in sorted(counts.items()) if k}
    return doc
