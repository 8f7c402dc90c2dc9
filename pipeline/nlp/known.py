"""Well-known organisations without a head word or a legal form (``data/known_orgs.json``): EU and
international bodies, news agencies cited as sources, political parties, with their acronyms.

Names are keyed by their words' match keys like the place gazetteer, so inflected forms
("Unii Europejskiej", "Evropské komisi") find the entry; the canonical name is the entry's name
in the text's language. Acronyms match only as written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from pipeline.document import Label
from pipeline.nlp.gazetteer import Gazetteer
from pipeline.nlp.places import sentence_start
from pipeline.nlp.spans import Candidate, Priority, add, covered, keys, texts

_LANGS = ("pl", "cs", "de", "en")


@dataclass
class KnownOrgs:
    gz: Gazetteer
    acronyms: frozenset[str]
    prefixes: set[tuple[str, ...]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.prefixes = {k[:n] for k in self.gz.entries for n in range(1, len(k) + 1)}


@lru_cache(maxsize=8)
def known_orgs(lang: str) -> KnownOrgs:
    """The packaged list, tokenised like ``lang`` (read once per language)."""
    from pipeline.nlp.tokens import words

    ref = resources.files("pipeline.nlp").joinpath("data", "known_orgs.json")
    data = json.loads(ref.read_text(encoding="utf-8"))
    gz = Gazetteer()
    acronyms = set(data.get("acronyms", []))
    for org in data["orgs"]:
        # the text's language first: its name is the canonical one of a shared key
        for name_lang in sorted(_LANGS, key=lambda x: x != lang):
            for name in org.get(name_lang, []):
                gz.add(name, name_lang, lambda t: words(lang, t))
        acronyms.update(org.get("acronyms", []))
    return KnownOrgs(gz, frozenset(acronyms))


def tag_known(doc: Doc, known: KnownOrgs, lang: str, common: Callable[[str], bool]) -> None:
    """Propose every known organisation name and acronym of the text (rule priority)."""
    words, i = texts(doc), 0
    while i < len(doc):
        w = words[i]
        if covered(doc, i, i + 1) or not (w[:1].isupper() or w in known.acronyms):
            i += 1
            continue
        if w in known.acronyms:
            add(doc, Candidate(i, i + 1, Label.ORG, w, None, Priority.RULE, "known-acronym"))
            i += 1
            continue
        match = _longest(doc, i, known)
        if match is None or (match[0] == i + 1 and sentence_start(doc, i)
                             and common(w)):
            i += 1
            continue
        end, by_lang = match
        name = by_lang.get(lang) or next(iter(by_lang.values()))
        add(doc, Candidate(i, end, Label.ORG, name, None, Priority.RULE, "known-org"))
        i = end


def _longest(doc: Doc, i: int, known: KnownOrgs) -> tuple[int, dict[str, str]] | None:
    dkeys = keys(doc)
    frontier: set[tuple[str, ...]] = {(k,) for k in dkeys[i] if (k,) in known.prefixes}
    best: tuple[int, dict[str, str]] | None = None
    j = i + 1
    while frontier:
        for key in frontier:
            if key in known.gz.entries and not covered(doc, i, j):
                best = (j, known.gz.entries[key])
        if j >= len(doc) or j - i >= known.gz.max_len:
            break
        frontier = {(*key, k) for key in frontier for k in dkeys[j] if (*key, k) in known.prefixes}
        j += 1
    return best
