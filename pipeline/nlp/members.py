"""Member names, their look-alikes and ambiguous acronyms, matched over match keys of tokens.

Every registry name becomes a pattern: one match key per word (the folded, suffix-stripped form
of the word and of its lemmas), except acronyms, which must match exactly. Names without their
legal form or their quoted part are added as variants. Look-alikes (``not``) are patterns that
win the overlap and link to nobody.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.document import Label
from pipeline.nlp.morph import Morphology, stem
from pipeline.nlp.spans import Candidate, Priority, add, candidates, freeze_members, keys
from pipeline.nlp.wordlists import LEGAL_FORMS, PLACE_PREPOSITIONS, TERRITORY_WORDS
from pipeline.registry import Member, Registry

_QUOTE_CHARS = set("„”“\"‚’'«»")
_QUOTED = re.compile(r"\s*[„“\"«][^„”“\"«»]+[”“\"»]\s*$")
Tokenize = Callable[[str], list[str]]


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
    return list(dict.fromkeys(out))


class MemberMatcher:
    """Proposes member spans (priority MEMBER) and look-alike spans that block them."""

    def __init__(self, registry: Registry, morph: Morphology, tokenize: Tokenize) -> None:
        self.morph = morph
        self.tokenize = tokenize
        self.patterns: dict[str, list[Pattern]] = {}
        for m in registry:
            self._add_member(m)
        for plist in self.patterns.values():
            plist.sort(key=lambda p: -len(p.words))

    def _add_member(self, m: Member) -> None:
        territory = set(getattr(m, "territory", ()))
        for name in m.names:
            for variant in name_variants(name):
                # the canonical form of a member mention is the member's official name
                self._add(variant, m.id, m.name, name in m.ambiguous, name in territory)
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
        dkeys, i = keys(doc), 0
        found: list[tuple[Candidate, Pattern]] = []
        while i < len(doc):
            best: tuple[int, Pattern] | None = None
            first = doc[i].text.split("-", 1)[0] if "-" in doc[i].text[1:-1] else doc[i].text
            for k in dkeys[i] | {doc[i].text, first, stem(first)}:
                for pat in self.patterns.get(k, ()):
                    end = self._match_at(doc, i, pat)
                    if end is not None and (best is None or end > best[0]):
                        best = (end, pat)
            if best is None:
                i += 1
                continue
            end, pat = best
            found.append((self._candidate(doc, i, end, pat), pat))
            i = end
        for cand, _pat in self._filter_ambiguous(doc, found):
            add(doc, cand)
        freeze_members(doc)
        return doc

    def _candidate(self, doc: Doc, start: int, end: int, pat: Pattern) -> Candidate:
        if pat.territory and _territory_sense(doc, start):
            return Candidate(start, end, Label.LOC, pat.listed, None, Priority.MEMBER, "territory")
        label = Label.ORG
        return Candidate(start, end, label, pat.canonical, pat.member, Priority.MEMBER, "member")

    def _filter_ambiguous(
        self, doc: Doc, found: list[tuple[Candidate, Pattern]]
    ) -> list[tuple[Candidate, Pattern]]:
        """An ambiguous alias counts only when the text introduces it: NAME (ALIAS)."""
        introduced: set[tuple[str, str]] = set()
        for n, (cand, pat) in enumerate(found):
            if not pat.ambiguous or n == 0:
                continue
            prev = found[n - 1][0]
            if (
                prev.member == pat.member
                and not found[n - 1][1].ambiguous
                and cand.start - prev.end == 1
                and doc[prev.end].text == "("
                and cand.end < len(doc)
                and doc[cand.end].text == ")"
            ):
                introduced.add((pat.member or "", pat.words[0]))
        return [
            (c, p)
            for c, p in found
            if not p.ambiguous or (p.member or "", p.words[0]) in introduced
        ]


def _word_matches(w: str, pk: frozenset[str], t: str, tkeys: frozenset[str]) -> bool:
    """Pattern word ``w`` (keys ``pk``) against token text ``t`` (keys ``tkeys``)."""
    if len(pk) == 1 and next(iter(pk)) == w and (is_acronym(w) or not w.isalpha()):
        return t == w or (is_acronym(w) and t.startswith(w) and t[len(w) :] in ("'s", "’s"))
    return bool(pk & tkeys) and not (w[0].isupper() and not t[0].isupper())


def _territory_sense(doc: Doc, start: int) -> bool:
    """A region name after a preposition of place ("v Ústeckém kraji", "in the Ústí Region")."""
    j = start - 1
    while j >= 0 and doc[j].lower_ in (
        "the",
        "sousedním",
        "sousedního",
        "celém",
        "celého",
        "whole",
    ):
        j -= 1
    if j < 0:
        return False
    prev = doc[j].lower_
    if prev in PLACE_PREPOSITIONS and prev != "of":
        return True
    return prev == "of" and j > 0 and doc[j - 1].lower_ in TERRITORY_WORDS


def member_spans(doc: Doc) -> list[Candidate]:
    return [c for c in candidates(doc) if c.priority >= Priority.MEMBER]
