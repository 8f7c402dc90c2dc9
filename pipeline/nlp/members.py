"""Member names, their look-alikes and ambiguous acronyms, matched over match keys of tokens.

Every registry name becomes a pattern: one match key per word (the folded, suffix-stripped form
of the word and of its lemmas), except acronyms, which must match exactly. Names without their
legal form or their quoted part are added as variants. Look-alikes (``not``) are patterns that
win the overlap and link to nobody.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from pipeline.document import Label
from pipeline.nlp.morph import Morphology, fold, stem
from pipeline.nlp.spans import (
    Candidate,
    Priority,
    add,
    freeze_members,
    keys,
    texts,
)
from pipeline.nlp.wordlists import (
    GENERIC_ORG_NOUNS,
    LEGAL_FORMS,
    NAME_JOINERS,
    ORG_HEADS,
    PLACE_PREPOSITIONS,
    TERRITORY_WORDS,
)
from pipeline.nlp.xling import expand
from pipeline.registry import Member, Registry, registry_from_json, registry_to_json

_QUOTE_CHARS = set("„”“\"‚’'«»")
_QUOTED = re.compile(r"\s*[„“\"«][^„”“\"«»]+[”“\"»]\s*$")
Tokenize = Callable[[str], list[str]]
_STATE_FILE = "members.json"


def is_acronym(word: str) -> bool:
    """ZAK, KKPP, CWaC, KÚÚK: two or more capitals and no lower-case run longer than one."""
    caps = sum(ch.isupper() for ch in word)
    return caps >= 2 and not re.search(r"[a-ząćęłńóśźżáéíóúůýčďěňřšťž]{2,}", word)


@dataclass(frozen=True)
class Pattern:
    words: tuple[str, ...]  # surface words (quotes removed)
    keys: tuple[frozenset[str], ...]
    member: str | None  # None: a look-alike
    canonical: str
    ambiguous: bool = False
    territory: bool = False
    listed: str = ""  # the registry name this pattern comes from (a place name in its sense)


def name_variants(name: str) -> list[str]:
    """The name, without a legal form, without a quoted last part, without quote marks."""
    out = [name]
    for form in LEGAL_FORMS:
        for sep in (", ", " "):
            if name.endswith(sep + form):
                out.append(name[: -len(sep + form)].rstrip(" ,"))
    for n in list(out):
        unquoted = _QUOTED.sub("", n).strip()
        if unquoted and unquoted != n:
            out.append(unquoted)
    # a variant that is one generic word ("Stowarzyszenie" of 'Stowarzyszenie „Park ...”')
    # would count every association in the text
    return [v for v in dict.fromkeys(out) if v == name or not _generic_word(v)]


def _generic_word(name: str) -> bool:
    words = name.split()
    return len(words) == 1 and fold(words[0]) in ORG_HEADS | GENERIC_ORG_NOUNS


class MemberMatcher:
    """Proposes member spans (priority MEMBER) and look-alike spans that block them."""

    def __init__(self, morph: Morphology, tokenize: Tokenize,
                 registry: Registry | None = None) -> None:
        self.morph = morph
        self.tokenize = tokenize
        self.set_registry(registry or Registry())

    def set_registry(self, registry: Registry) -> None:
        self.registry = registry
        self.patterns: dict[str, list[Pattern]] = {}
        derived = expand(registry)
        for m in registry:
            self._add_member(m, derived.get(m.id, {}))
        # ambiguous aliases that are the initials of a look-alike need an introduction
        self.strict: dict[str, set[str]] = {
            m.id: {a for a in m.ambiguous if any(_initials(n.split()) == a for n in m.not_names)}
            for m in registry
        }
        for plist in self.patterns.values():
            plist.sort(key=lambda p: -len(p.words))

    # spaCy component state: the registry comes through initialize() and is saved with the
    # pipeline (nlp.to_disk / spacy.load)
    def initialize(self, get_examples: Callable[[], Iterable[Example]] | None = None, *,
                   nlp: Language | None = None,
                   members: list[dict[str, object]] | None = None) -> None:
        if members is not None:
            self.set_registry(registry_from_json(members))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(registry_to_json(self.registry), ensure_ascii=False)
        (folder / _STATE_FILE).write_text(data, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> MemberMatcher:
        data = json.loads((Path(path) / _STATE_FILE).read_text(encoding="utf-8"))
        self.set_registry(registry_from_json(data))
        return self

    def _add_member(self, m: Member, derived: dict[str, list[str]]) -> None:
        territory = set(getattr(m, "territory", ()))
        for name in m.names:
            for variant in name_variants(name):
                # the canonical form of a member mention is the member's official name
                self._add(variant, m.id, m.name, name in m.ambiguous, name in territory)
        for names in derived.values():  # other languages' names (pipeline.nlp.xling)
            for name in names:
                self._add(name, m.id, m.name, False, bool(territory))
        for name in m.not_names:
            for variant in name_variants(name):
                self._add(variant, None, variant)

    def _word_keys(self, word: str) -> frozenset[str]:
        if is_acronym(word) or not any(ch.isalpha() for ch in word):
            return frozenset({word})
        return frozenset({stem(word), *(stem(lem) for lem in self.morph.lemmas(word))})

    def _add(
        self,
        name: str,
        member: str | None,
        canonical: str,
        amb: bool = False,
        territory: bool = False,
    ) -> None:
        words = tuple(w for w in self.tokenize(name) if w.strip() and w not in _QUOTE_CHARS)
        if not words:
            return
        pat = Pattern(
            words,
            tuple(self._word_keys(w) for w in words),
            member,
            canonical,
            amb,
            territory,
            name,
        )
        for k in pat.keys[0]:
            self.patterns.setdefault(k, []).append(pat)

    def _match_at(self, doc: Doc, i: int, pat: Pattern) -> int | None:
        """End token index when the pattern matches at token i, else None (quotes are skipped)."""
        toks, dkeys, j = doc, keys(doc), i
        for w, pk in zip(pat.words, pat.keys, strict=True):
            while j < len(toks) and toks[j].text in _QUOTE_CHARS and j > i:
                j += 1
            if j >= len(toks):
                return None
            t = toks[j].text
            if not _word_matches(w, pk, t, dkeys[j]):
                # a compound: "InfraLeuna-Geschäftsführer" holds the one-word name
                head = t.split("-", 1)[0]
                if not (
                    len(pat.words) == 1
                    and "-" in t[1:-1]
                    and _word_matches(w, pk, head, frozenset({stem(head)}))
                ):
                    return None
            j += 1
        return j

    def __call__(self, doc: Doc) -> Doc:
        i, words = 0, texts(doc)
        found: list[tuple[Candidate, Pattern]] = []
        while i < len(doc):
            best = self._best_at(doc, i) if words[i][:1].isalnum() else None
            if best is None:
                i += 1
                continue
            end, pat = best
            if pat.member is None:  # a look-alike prefix of a member name that goes further:
                for k in range(i + 1, end):  # "Grupa Azoty Kędzierzyn" is the member
                    later = self._best_at(doc, k)
                    if later is not None and later[0] > end and later[1].member is not None:
                        end, pat = later
                        break
            if not (pat.territory and pat.member and _of_another_body(doc, i)):
                found.append((self._candidate(doc, i, end, pat), pat))
            i = end
        for cand, _pat in self._filter_ambiguous(doc, found):
            add(doc, cand)
        freeze_members(doc)
        return doc

    def _best_at(self, doc: Doc, i: int) -> tuple[int, Pattern] | None:
        """The longest pattern match starting at token i: (end, pattern)."""
        best: tuple[int, Pattern] | None = None
        text = doc[i].text
        first = text.split("-", 1)[0] if "-" in text[1:-1] else text
        for k in keys(doc)[i] | {text, first, stem(first)}:
            for pat in self.patterns.get(k, ()):
                end = self._match_at(doc, i, pat)
                if end is not None and (best is None or end > best[0]):
                    best = (end, pat)
        return best

    def _candidate(self, doc: Doc, start: int, end: int, pat: Pattern) -> Candidate:
        if pat.territory and _territory_sense(doc, start, end):
            return Candidate(start, end, Label.LOC, pat.listed, None, Priority.MEMBER, "territory")
        label = Label.ORG
        return Candidate(start, end, label, pat.canonical, pat.member, Priority.MEMBER, "member")

    def _filter_ambiguous(
        self, doc: Doc, found: list[tuple[Candidate, Pattern]]
    ) -> list[tuple[Candidate, Pattern]]:
        """An ambiguous alias (PO, UO, KSK) counts where the text introduces it for the member
        ("Uniwersytet Opolski (UO)"), or else when the
        member is named in full and nothing else in the text claims the alias. An alias that is
        the initials of one of the member's look-alikes (PO: Platforma Obywatelska) needs the
        introduction."""
        introduced: set[tuple[str, str]] = set()
        named = {p.member for _c, p in found if p.member and not p.ambiguous}
        for n, (cand, pat) in enumerate(found):
            if pat.ambiguous and n > 0 and _introduces(doc, found[n - 1], cand, pat):
                introduced.add((pat.member or "", pat.words[0]))
        member_tokens = {k for c, _p in found for k in range(c.start, c.end)}
        keep: list[tuple[Candidate, Pattern]] = []
        for c, p in found:
            if p.member and len(p.words) == 1 and is_acronym(p.words[0]) \
                    and _defined_otherwise(doc, p.words[0], member_tokens):
                continue  # "Zemská akademie Kladno (ZAK)": the text's own acronym
            key = (p.member or "", p.words[0])
            lenient = p.member in named and p.words[0] not in self.strict.get(p.member, set())
            if not p.ambiguous or key in introduced or (
                lenient and not _claimed(doc, p.words[0], member_tokens)
            ):
                keep.append((c, p))
        return keep


def _introduces(doc: Doc, prev: tuple[Candidate, Pattern], cand: Candidate, pat: Pattern) -> bool:
    """ALIAS in parentheses right after the member's name: Name (ALIAS)."""
    pc, pp = prev
    if pc.member != pat.member or pp.ambiguous or cand.start - pc.end > 1:
        return False
    return cand.start - pc.end == 1 and doc[pc.end].text == "(" \
        and cand.end < len(doc) and doc[cand.end].text == ")"


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _claimed(doc: Doc, alias: str, member_tokens: set[int]) -> bool:
    """Another name in the text stands for the alias: a run of capitalised words with those
    initials ("Platformy Obywatelskiej" for PO), or a definition "Other Name (ALIAS)"."""
    words = texts(doc)
    n = len(alias)
    for i in range(len(words) - n + 1):
        run = words[i:i + n]
        if all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in run) \
                and _initials(run) == alias and not member_tokens & set(range(i, i + n)):
            return True
    for i in range(1, len(words) - 2):
        if words[i] == "(" and words[i + 1] == alias and words[i + 2] == ")" \
                and i - 1 not in member_tokens and words[i - 1][:1].isupper():
            return True
    return False


def _defined_otherwise(doc: Doc, acronym: str, member_tokens: set[int]) -> bool:
    """The text defines the acronym for another name: "(ACR)" after words whose initials
    spell it, in any case ("Univerzita obrany (UO)"), joiners skipped."""
    words = texts(doc)
    for i in range(1, len(words) - 1):
        if words[i] != "(" or words[i + 1] != acronym or words[i + 2:i + 3] != [")"]:
            continue
        run = [w for w in words[max(0, i - 2 * len(acronym)):i]
               if w.isalpha() and w.casefold() not in NAME_JOINERS]
        initials = "".join(w[0] for w in run[-len(acronym):]).casefold()
        if initials == acronym.casefold() and i - 1 not in member_tokens:
            return True
    return False


def _of_another_body(doc: Doc, start: int) -> bool:
    """A region's name right after another organisation's head word is part of that body's
    name ("Hospodářská komora Ústeckého kraje", "agentura Ústeckého kraje")."""
    if start == 0:
        return False
    prev = doc[start - 1]
    return fold(prev.text) in ORG_HEADS or fold(prev.lemma_) in ORG_HEADS


def _word_matches(w: str, pk: frozenset[str], t: str, tkeys: frozenset[str]) -> bool:
    """Pattern word ``w`` (keys ``pk``) against token text ``t`` (keys ``tkeys``)."""
    if len(pk) == 1 and next(iter(pk)) == w and (is_acronym(w) or not w.isalpha()):
        return t == w or (is_acronym(w) and t.startswith(w) and t[len(w) :] in ("'s", "’s"))
    return bool(pk & tkeys) and not (w[0].isupper() and not t[0].isupper())


def _territory_sense(doc: Doc, start: int, end: int) -> bool:
    """A region name after a preposition of place ("v Ústeckém kraji", "in the Ústí Region")
    or before the people and firms located there ("Ústí Region chemical firms")."""
    after = [t.lower_ for t in doc[end:end + 2] if t.text.islower()]
    if any(w in TERRITORY_WORDS for w in after):
        return True
    j = start - 1
    while j >= 0 and doc[j].lower_ in _PLACE_FILLERS:
        j -= 1
    if j < 0:
        return False
    prev = doc[j].lower_
    if prev in PLACE_PREPOSITIONS and prev != "of":
        return True
    return prev == "of" and j > 0 and doc[j - 1].lower_ in TERRITORY_WORDS


_PLACE_FILLERS = frozenset({"the", "sousedním", "sousedního", "celém", "celého", "whole",
                            "der", "dem", "den", "die", "das"})
