"""Tagging quality on the ner-eval sets and on parts of mentions-dev, with a fixed split.

Scored with the semantics of ``../shared/data/mentions-dev/score.py`` (its ``entity_score`` is
loaded from the shared folder at run time, never copied), per language and per entity kind, over
the documents of one part of the split only:

- ``slavic/{pl,cs}``: tune = topic ``brexit``; held-out = topics ``ryanair`` and
  ``us_election_2020``;
- ``de-pud``: tune = documents 001-045; held-out = 046-090;
- ``en-wikigold``: tune = documents 001-114; held-out = 115-228.

mentions-dev is split the same way: a few texts were set aside before the rules were written
from the rest (``MENTIONS_HELDOUT``).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.document import Document
from pipeline.link import link_members
from pipeline.nlp import Tagger

KINDS = ("organisations", "places", "persons")
PARTS = ("tune", "heldout")
MENTIONS_HELDOUT = frozenset({"pl-20", "pl-21", "pl-22", "pl-23", "pl-24", "cs-09", "cs-10",
                              "de-07", "en-07"})


def _numbered(prefix: str, last_tune: int) -> Callable[[str], str]:
    def part(stem: str) -> str:
        return "tune" if int(stem[len(prefix):]) <= last_tune else "heldout"
    return part


def _slavic(stem: str) -> str:
    return "tune" if stem.startswith("brexit-") else "heldout"


# folder under ner-eval -> the part of each file stem
NER_SETS: dict[str, Callable[[str], str]] = {
    "slavic/pl": _slavic,
    "slavic/cs": _slavic,
    "de-pud": _numbered("de-pud-", 45),
    "en-wikigold": _numbered("en-wikigold-", 114),
}


def mentions_part(stem: str) -> str:
    return "heldout" if stem in MENTIONS_HELDOUT else "tune"


def load_scorer(gold_root: Path) -> ModuleType:
    """The shared score.py as a module (its functions are the scoring rules)."""
    path = gold_root / "mentions-dev" / "score.py"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_files(folder: Path, part_of: Callable[[str], str], part: str) -> list[Path]:
    """The gold files of one part (the other part is never read)."""
    return [p for p in sorted(folder.glob("*.json")) if part_of(p.stem) == part]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, t: tuple[int, int, int]) -> None:
        self.tp, self.fp, self.fn = self.tp + t[0], self.fp + t[1], self.fn + t[2]

    def scores(self) -> dict[str, float]:
        p = self.tp / max(1, self.tp + self.fp)
        r = self.tp / max(1, self.tp + self.fn)
        f1 = 2 * p * r / max(1e-9, p + r)
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


@dataclass
class Report:
    """Tallies per kind (organisations, places, persons, members) and member count agreement."""

    documents: int = 0
    kinds: dict[str, Tally] = field(default_factory=dict)
    exact: int = 0
    pairs: int = 0

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: t.scores() for k, t in self.kinds.items()}
        out["documents"] = self.documents
        out["member_counts"] = {"exact": round(self.exact / max(1, self.pairs), 3)}
        return out


def tag_gold(tagger: Tagger, gold: dict[str, Any]) -> Document:
    doc = Document(url=f"gold:{gold['id']}", source="gold", id=gold["id"], lang=gold["lang"],
                   title=gold.get("title"), text=gold["text"])
    return link_members(tagger(doc))


def evaluate(tagger: Tagger, files: Iterable[Path], scorer: ModuleType) -> Report:
    report = Report(kinds={k: Tally() for k in (*KINDS, "members")})
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = tag_gold(tagger, gold)
        report.documents += 1
        pred = {"organisations": doc.organisations, "places": doc.places,
                "persons": doc.persons}
        for kind in KINDS:
            report.kinds[kind].add(scorer.entity_score(gold, pred[kind], kind))
        want: dict[str, int] = gold.get("members") or {}
        got = doc.members
        report.kinds["members"].add((len(set(got) & set(want)), len(set(got) - set(want)),
                                     len(set(want) - set(got))))
        for mid in set(got) | set(want):
            report.pairs += 1
            report.exact += got.get(mid, 0) == want.get(mid, 0)
    return report


def ner_eval(tagger: Tagger, shared: Path, part: str) -> dict[str, Report]:
    """Reports per ner-eval folder on one part of the split."""
    scorer = load_scorer(shared)
    root = shared / "ner-eval"
    return {name: evaluate(tagger, gold_files(root / name, part_of, part), scorer)
            for name, part_of in NER_SETS.items() if (root / name).is_dir()}


def mentions_eval(tagger: Tagger, shared: Path, part: str) -> dict[str, Report]:
    """Reports per language of mentions-dev on one part of its split."""
    scorer = load_scorer(shared)
    files = gold_files(shared / "mentions-dev", mentions_part, part)
    out: dict[str, Report] = {}
    for lang in ("pl", "cs", "de", "en"):
        out[lang] = evaluate(tagger, [f for f in files if f.stem.startswith(lang + "-")], scorer)
    out["all"] = evaluate(tagger, files, scorer)
    return out


def markdown(reports: dict[str, Report], members: bool = False) -> str:
    kinds = (*(("members",) if members else ()), *KINDS)
    extra = " counts exact |" if members else ""
    head = "| set | docs | " + " | ".join(f"{k} P / R / F1" for k in kinds) + " |" + extra
    lines = [head, "| --- | --- | " + " | ".join("---" for _ in kinds) + " |"
             + (" --- |" if members else "")]
    for name, rep in reports.items():
        js = rep.as_json()
        cells = " | ".join(
            f"{js[k]['precision']:.2f} / {js[k]['recall']:.2f} / {js[k]['f1']:.2f}" for k in kinds)
        count = f" {js['member_counts']['exact']:.2f} |" if members else ""
        lines.append(f"| {name} | {rep.documents} | {cells} |{count}")
    return "\n".join(lines)
