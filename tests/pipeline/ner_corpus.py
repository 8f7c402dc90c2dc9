"""A tiny annotated English corpus written for the NER training tests (CoNLL token<TAB>tag)."""

from __future__ import annotations

import random
from pathlib import Path

PERSONS = ["Quentin Zorbel", "Mara Olden", "Tobias Frink", "Ilse Varga", "Nora Pell"]
ORGS = ["Velmora Systems", "Brightwater Council", "Kestrel Foods", "Norvik Rail"]
PLACES = ["Aldbury", "Port Severn", "Lindholm", "Castleford"]
TEMPLATES = [
    "{PER} joined {ORG} in {LOC} .",
    "{ORG} opened an office in {LOC} , said {PER} .",
    "In {LOC} , {PER} met the board of {ORG} .",
    "{PER} left {LOC} on Monday .",
    "The new plant of {ORG} is near {LOC} .",
]


def sentences(n: int, seed: int = 0) -> list[list[tuple[str, str]]]:
    """``n`` annotated sentences as (token, IOB2 tag) pairs."""
    rng = random.Random(seed)
    lists = {"PER": PERSONS, "ORG": ORGS, "LOC": PLACES}
    out = []
    for _ in range(n):
        sent: list[tuple[str, str]] = []
        for piece in rng.choice(TEMPLATES).split():
            if piece.startswith("{"):
                label = piece[1:-1]
                words = rng.choice(lists[label]).split()
                sent += [(w, ("B-" if k == 0 else "I-") + label) for k, w in enumerate(words)]
            else:
                sent.append((piece, "O"))
        out.append(sent)
    return out


def write_conll(path: Path, n: int, seed: int = 0) -> Path:
    path.write_text("".join("".join(f"{w}\t{t}\n" for w, t in s) + "\n"
                            for s in sentences(n, seed)), encoding="utf-8")
    return path
