"""Candidate spans proposed by the components, and the resolver that keeps flat longest spans."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.document import Label

CANDIDATES = "cw_candidates"
KEYS = "cw_keys"
MEMBER_MASK = "cw_member_mask"
TEXTS = "cw_texts"


class Priority:
    """Higher wins an overlap before length does: registry names beat rules."""

    MEMBER = 3
    RULE = 1
    GAZETTEER = 1
    WEAK = 0


@dataclass
class Candidate:
    """A proposed entity over tokens [start, end)."""

    start: int
    end: int
    label: Label
    canonical: str
    member: str | None = None
    priority: int = Priority.RULE
    source: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


def candidates(doc: Doc) -> list[Candidate]:
    found: list[Candidate] = doc.user_data.setdefault(CANDIDATES, [])
    return found


def add(doc: Doc, cand: Candidate) -> None:
    if 0 <= cand.start < cand.end <= len(doc):
        candidates(doc).append(cand)


def keys(doc: Doc) -> list[frozenset[str]]:
    result: list[frozenset[str]] = doc.user_data.get(KEYS, [])
    return result


def covered(doc: Doc, start: int, end: int) -> bool:
    """True when a member (or look-alike) span already covers any of the tokens."""
    mask: list[bool] | None = doc.user_data.get(MEMBER_MASK)
    if mask is not None:
        return any(mask[start:end])
    return any(
        c.priority >= Priority.MEMBER and c.start < end and start < c.end for c in candidates(doc)
    )


def freeze_members(doc: Doc) -> None:
    """Record the member spans as a token mask (they are final once the member matcher ran)."""
    mask = [False] * len(doc)
    for c in candidates(doc):
        if c.priority >= Priority.MEMBER:
            for k in range(c.start, c.end):
                mask[k] = True
    doc.user_data[MEMBER_MASK] = mask


def texts(doc: Doc) -> list[str]:
    """The tokens' texts (cached: creating spaCy Token objects in loops is slow)."""
    cached: list[str] | None = doc.user_data.get(TEXTS)
    if cached is None:
        cached = [t.text for t in doc]
        doc.user_data[TEXTS] = cached
    return cached


class Resolver:
    """Keeps non-overlapping spans: higher priority first, then longer, then earlier."""

    def __call__(self, doc: Doc) -> Doc:
        taken = [False] * len(doc)
        kept: list[Candidate] = []
        order = sorted(candidates(doc), key=lambda c: (-c.priority, -c.length, c.start))
        for c in order:
            if any(taken[c.start : c.end]):
                continue
            for i in range(c.start, c.end):
                taken[i] = True
            kept.append(c)
        kept.sort(key=lambda c: c.start)
        doc.user_data[CANDIDATES] = kept
        doc.ents = [
            Span(doc, c.start, c.end, label=c.label.value, kb_id=c.member or "")
            for c in kept
            if c.member is not None or c.canonical
        ]
        return doc
