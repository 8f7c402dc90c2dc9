"""Registry suggestions: organisation names the tagger saw that look like a member but are not
linked to it (a translation, an inflected or abbreviated form, a spelling variant), and names
people unlinked through corrections. The answer is a YAML snippet to paste into
``members.yaml`` (``aliases:`` or ``not:``); nothing here writes the registry."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from clusterwatch.workbench.entities import member_names
from index.base import CorrectionAction, EntitiesQuery, EntityKind, SearchQuery, Store
from pipeline.nlp.morph import stem
from pipeline.registry import Member, Registry

SCAN_NAMES = 5000  # most named organisations looked at
MIN_SCORE = 0.6
SHOWN_DOCUMENTS = 5
# words too common in organisation names to make two names alike on their own
GENERIC = frozenset({
    "s.a.", "sa", "sp.", "z", "o.o.", "gmbh", "ag", "a.s.", "s.r.o.", "ltd", "plc", "the", "of",
    "and", "und", "i", "a", "w", "we", "v", "ve", "der", "die", "das", "für", "pro", "do", "na",
})


@dataclass
class Suggestion:
    member: str
    name: str
    kind: str  # "alias" (looks like the member) or "not" (people removed such links)
    reason: str
    score: float
    documents: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"member": self.member, "name": self.name, "kind": self.kind,
                "reason": self.reason, "score": round(self.score, 3),
                "documents": list(self.documents)}


def suggest(store: Store, registry: Registry, member_id: str | None = None
            ) -> list[Suggestion]:
    """Suggestions for every member (or one), best first."""
    members = [m for m in registry if member_id is None or m.id == member_id]
    known = set(member_names(registry))
    seen = store.entities(EntitiesQuery(kind=EntityKind.ORG, top=SCAN_NAMES,
                                        exclude=sorted(known)))
    out: list[Suggestion] = []
    for entity in seen:
        best = max(((likeness(entity.name, m), m) for m in members),
                   key=lambda p: p[0][0], default=((0.0, ""), None))
        (score, reason), member = best
        if member is None or score < MIN_SCORE:
            continue
        out.append(Suggestion(member.id, entity.name, "alias", reason, score))
    out.extend(_removed(store, registry, {m.id for m in members}))
    for s in out:
        s.documents = _documents(store, s)
    out.sort(key=lambda s: (s.member, s.kind, -s.score, s.name))
    return out


def likeness(name: str, member: Member) -> tuple[float, str]:
    """How much ``name`` looks like one of the member's names, and why (0.0: not at all)."""
    best = (0.0, "")
    for known in member.names:
        if name in member.not_names:
            return (0.0, "")
        for score, reason in (_acronym(name, known), _same_stems(name, known),
                              _spelling(name, known)):
            if score > best[0]:
                best = (score, reason)
    return best


def _words(name: str) -> list[str]:
    return [w for w in name.replace("„", " ").replace("”", " ").split()
            if w.casefold() not in GENERIC]


def _acronym(name: str, known: str) -> tuple[float, str]:
    letters = "".join(w[0] for w in _words(known) if w[:1].isalpha()).upper()
    if len(name) >= 2 and name.isupper() and name == letters:
        return 0.9, f"abbreviation of {known!r}"
    return 0.0, ""


def _same_stems(name: str, known: str) -> tuple[float, str]:
    a = {stem(w) for w in _words(name)}
    b = {stem(w) for w in _words(known)}
    if not a or not b:
        return 0.0, ""
    overlap = len(a & b) / len(a | b)
    return overlap, f"inflected form of {known!r}" if overlap >= MIN_SCORE else ""


def _spelling(name: str, known: str) -> tuple[float, str]:
    matcher = difflib.SequenceMatcher(None, _plain(name), _plain(known))
    if matcher.real_quick_ratio() < 0.85 or matcher.quick_ratio() < 0.85:
        return 0.0, ""  # cheap upper bounds first: most names are nothing alike
    ratio = matcher.ratio()
    return (ratio, f"spelling variant of {known!r}") if ratio >= 0.85 else (0.0, "")


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _removed(store: Store, registry: Registry, wanted: set[str]) -> list[Suggestion]:
    """The names behind links people removed: candidates for the member's ``not:`` list."""
    counts: dict[tuple[str, str], int] = {}
    for c in store.corrections(limit=10_000):
        if c.action is not CorrectionAction.REMOVE or c.member not in wanted:
            continue
        doc = store.get(c.doc_id)
        member = registry.get(c.member)
        if doc is None or member is None:
            continue
        for e in doc.entities:
            if e.member == c.member and e.text not in member.not_names:
                counts[(c.member, e.text)] = counts.get((c.member, e.text), 0) + 1
    return [Suggestion(m, name, "not", f"link removed by people ({n}x)", 1.0)
            for (m, name), n in counts.items()]


def _documents(store: Store, s: Suggestion) -> list[str]:
    phrase = '"' + s.name.replace('"', " ") + '"'
    hits = store.search(SearchQuery(text=phrase, limit=SHOWN_DOCUMENTS)).hits
    return [h.id for h in hits]


def yaml_snippet(suggestions: list[Suggestion]) -> str:
    """``members.yaml`` lines to paste: per member, its new ``aliases`` and ``not`` names."""
    by_member: dict[str, dict[str, list[str]]] = {}
    for s in suggestions:
        key = "aliases" if s.kind == "alias" else "not"
        by_member.setdefault(s.member, {}).setdefault(key, []).append(s.name)
    blocks = [{"id": m, **lists} for m, lists in sorted(by_member.items())]
    if not blocks:
        return ""
    return str(yaml.safe_dump(blocks, allow_unicode=True, sort_keys=False))
