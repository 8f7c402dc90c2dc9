"""Corrections of member links by people, applied the same way by every backend.

The machine's links (``Document.members`` as the pipeline made them) are kept in
``Document.machine_members`` once a correction applies, so undoing a correction, or a new one,
starts again from the machine's view; a reprocessed document arrives with fresh machine links
and its corrections are applied on top when it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.base import Correction, CorrectionAction
from pipeline.document import Document

MAX_WHY = 500  # characters of a reason kept
MAX_WHO = 100


def apply_corrections(doc: Document, corrections: Iterable[Correction]) -> Document:
    """``doc.members`` = the machine's links with ``corrections`` applied (in place)."""
    machine = dict(doc.machine_members if doc.machine_members is not None else doc.members)
    effective = dict(machine)
    applied = sorted(corrections, key=lambda c: c.member)
    for c in applied:
        if c.action is CorrectionAction.REMOVE:
            effective.pop(c.member, None)
        else:
            effective[c.member] = max(effective.get(c.member, 0), 1)
    doc.members = effective
    doc.machine_members = machine if applied else None
    doc.corrections = [c.to_json() for c in applied]
    return doc


def needs_applying(doc: Document, corrections: list[Correction]) -> bool:
    """True when storing ``doc`` must (re)apply corrections, or drop stale ones."""
    return bool(corrections) or doc.machine_members is not None or bool(doc.corrections)


def clean(correction: Correction) -> Correction:
    """Bounded free text (who, why) with control characters removed."""
    def tidy(text: str, limit: int) -> str:
        return "".join(ch for ch in text if ch.isprintable())[:limit].strip()
    correction.who = tidy(correction.who, MAX_WHO)
    correction.why = tidy(correction.why, MAX_WHY)
    return correction
