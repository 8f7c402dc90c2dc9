"""Morphology per language: lemma candidates with name tags, and the language-independent match key.

Polish uses Morfeusz 2 (lemmas and its proper-name qualifiers), German and English the lookup
tables of spacy-lookups-data, Czech simplemma (with the spaCy Czech lookup table as a fallback).
Nothing is downloaded: every table ships inside an installed package.
"""

from __future__ import annotations

import gzip
import json
import logging
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any

from pipeline.nlp.wordlists import SUFFIXES

log = logging.getLogger(__name__)

_QUOTES = dict.fromkeys(map(ord, "„”“\"‚’'«»"), None)
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-"})
_SUFFIXES = tuple(sorted(SUFFIXES, key=len, reverse=True))
_MIN_STEM = 3


class NameTag(str, Enum):
    """Morfeusz proper-name qualifiers the tagger uses."""

    PLACE = "nazwa_geograficzna"
    FIRST = "imię"
    SURNAME = "nazwisko"
    ORG = "nazwa_organizacji"
    COMMON = "nazwa_pospolita"


@dataclass(frozen=True)
class Reading:
    """One analysis of a word: its lemma, the morphosyntactic tag and the name qualifiers."""

    lemma: str
    tag: str = ""
    names: frozenset[str] = frozenset()


def fold(word: str) -> str:
    """NFC, casefold, quotes removed, dashes unified."""
    return unicodedata.normalize("NFC", word).casefold().translate(_QUOTES).translate(_DASHES)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The language-independent match key of a word: folded, one inflectional ending stripped."""
    w = fold(word)
    if "-" in w and len(w) > 1:
        return "-".join(stem(p) if p else p for p in w.split("-"))
    if len(w) <= _MIN_STEM + 1 or not w.isalpha():
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= _MIN_STEM:
            return w[: -len(suf)]
    return w


def _load_lookup(name: str) -> dict[str, str]:
    try:
        ref = resources.files("spacy_lookups_data").joinpath("data", name)
        with gzip.open(str(ref), "rt", encoding="utf-8") as fh:
            data: dict[str, str] = json.load(fh)
        return data
    except (OSError, ValueError, ModuleNotFoundError) as exc:
        log.warning("lookup table %s not available: %s", name, exc)
        return {}


class Morphology:
    """Lemma candidates of a word for one language (cached)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._morf: Any = None
        self._table: dict[str, str] = {}
        self._known: set[str] | None = None
        if lang == "pl":
            import morfeusz2  # imported lazily: only Polish needs it

            self._morf = morfeusz2.Morfeusz(separate_numbering=True, expand_tags=False)
        elif lang in ("de", "en", "cs"):
            self._table = _load_lookup(f"{lang}_lemma_lookup.json.gz")
        self.readings = lru_cache(maxsize=100_000)(self._readings)

    def _readings(self, word: str) -> tuple[Reading, ...]:
        if self._morf is not None:
            return self._morfeusz(word)
        lemma = self._table.get(word) or self._table.get(word.lower())
        if self.lang == "cs":
            lemma = _simplemma(word, "cs") or lemma
        return (Reading(lemma),) if lemma and lemma != word else ()

    def _morfeusz(self, word: str) -> tuple[Reading, ...]:
        out: list[Reading] = []
        seen: set[tuple[str, str]] = set()
        for _s, _e, (_form, lemma, tag, names, _q) in self._morf.analyse(word):
            if tag == "ign" or ((_s, _e) != (0, 1) and "-" not in word):
                continue
            base = lemma.split(":", 1)[0]
            if (base, tag) in seen:
                continue
            seen.add((base, tag))
            out.append(Reading(base, tag, frozenset(names)))
        return tuple(out)

    def known(self, word: str) -> bool:
        """An ordinary word of the language's lookup table (as a form or as a lemma)."""
        if self._known is None:
            self._known = set(self._table) | set(self._table.values())
        return word in self._known or word.lower() in self._known

    def lemmas(self, word: str) -> list[str]:
        return [r.lemma for r in self.readings(word)]

    def generate(self, lemma: str) -> list[tuple[str, str]]:
        """Polish only: every (form, tag) of a lemma."""
        if self._morf is None:
            return []
        return [(f, t) for f, _l, t, _n, _q in self._morf.generate(lemma)]


def _simplemma(word: str, lang: str) -> str | None:
    import simplemma

    try:
        lemma = simplemma.lemmatize(word, lang=lang)
    except (ValueError, KeyError):
        return None
    return str(lemma) if lemma else None


@lru_cache(maxsize=8)
def morphology(lang: str) -> Morphology:
    """One shared Morphology per language (tables are loaded once per process)."""
    return Morphology(lang)
