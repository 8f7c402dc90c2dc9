"""Persons: a first name (Morfeusz ``imię`` tag or the first-name list) or a title, then a
capitalised surname; the full name is brought to the nominative. Later surname-only mentions
link to the person already found."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import Label
from pipeline.nlp.annotate import readings
from pipeline.nlp.morph import Morphology, NameTag, Reading, stem
from pipeline.nlp.places import sentence_start
from pipeline.nlp.spans import Candidate, Priority, add, covered, keys, texts
from pipeline.nlp.wordlists import FIRST_NAMES, PERSON_TITLES

# Surname endings of oblique cases -> nominative (tried in order; Polish, then Czech).
_SURNAME_ENDINGS: tuple[tuple[str, str], ...] = (
    ("skiego", "ski"),
    ("ckiego", "cki"),
    ("dzkiego", "dzki"),
    ("skiemu", "ski"),
    ("skim", "ski"),
    ("ską", "ska"),
    ("skiej", "ska"),
    ("ovou", "ová"),
    ("ové", "ová"),
    ("em", ""),
    ("owi", ""),
    ("ovi", ""),
    ("y", "a"),
    ("a", ""),
    ("u", ""),
    ("e", ""),
)


_INFLECTING = ("pl", "cs")


def _proper_nominative(rs: tuple[Reading, ...]) -> bool:
    """Only proper-name readings (capitalised lemmas, no place-only word), one in the nominative."""
    return bool(rs) and all(r.lemma[:1].isupper() for r in rs) \
        and any(r.names & {NameTag.SURNAME.value, NameTag.FIRST.value} for r in rs) \
        and any(":nom" in r.tag for r in rs)


def _is_name_word(text: str) -> bool:
    return (
        len(text) > 1
        and text[0].isupper()
        and text.replace("-", "").isalpha()
        and not text.isupper()
    )


class PersonTagger:
    def __init__(self, morph: Morphology, names: Morphology | None, lang: str) -> None:
        self.morph = morph
        self.names = names  # Polish morphology: its name tags help in every language
        self.lang = lang

    def _first_name(self, word: str, surname: str = "") -> tuple[str, bool] | None:
        """(nominative first name, already nominative?) or None."""
        rs = self.names.readings(word) if self.names else ()
        firsts = [r for r in rs if NameTag.FIRST.value in r.names]
        if firsts:
            if surname and not surname.endswith(("a", "á")):  # "Wojciecha Banaśe": a man
                firsts = [r for r in firsts if ":m1" in r.tag] or firsts
            nom = any("sg:nom" in r.tag for r in firsts)
            if nom or self.lang not in _INFLECTING:
                return word, True  # Helen stays Helen in English
            return firsts[0].lemma, False
        low = word.casefold()
        for r in self.morph.readings(word) if self.lang in _INFLECTING else ():
            if r.lemma.casefold() in FIRST_NAMES and r.lemma.casefold() != low:
                return r.lemma, False  # "Petra" -> Petr
        if low in FIRST_NAMES:
            return word, True
        return None

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, str] = {}  # surname key -> full name
        words, i = texts(doc), 0
        while i < len(doc) - 1:
            if not (_is_name_word(words[i]) and _is_name_word(words[i + 1])):
                i += 1
                continue
            i = self._at(doc, i, found)
        self._surnames(doc, found)
        return doc

    def _at(self, doc: Doc, i: int, found: dict[str, str]) -> int:
        first, nxt = doc[i].text, doc[i + 1].text
        if not (_is_name_word(first) and _is_name_word(nxt)) or covered(doc, i, i + 2):
            return i + 1
        fn = self._first_name(first, nxt)
        titled = i > 0 and doc[i - 1].lower_.rstrip(".") in PERSON_TITLES
        if fn is None and (self._foreign_first(doc, i) or self._two_surnames(first, nxt)):
            fn = (first, True)
        if fn is None and not titled:
            return i + 1
        end = i + 2
        if (
            end < len(doc)
            and _is_name_word(doc[end].text)
            and self._first_name(nxt) is not None
            and not covered(doc, end, end + 1)
        ):
            end += 1  # a second given name
        base_first, nominative = fn if fn else (first, True)
        if not nominative and nxt.endswith(("á", "ová")) and first.casefold() in FIRST_NAMES:
            base_first, nominative = first, True  # "Petra Nováková": a woman, nominative
        surname = self._surname(doc[end - 1].text, readings(doc)[end - 1], nominative)
        middle = " ".join(t.text for t in doc[i + 1 : end - 1])
        full = " ".join(p for p in (base_first, middle, surname) if p)
        found[stem(surname)] = full
        add(doc, Candidate(i, end, Label.PER, full, None, Priority.RULE, "person"))
        return end

    def _two_surnames(self, first: str, nxt: str) -> bool:
        """Two words Morfeusz knows only as proper names, at least one as a surname, both in the
        nominative ("Grzegorz Kaczmarek": Morfeusz tags both as surnames)."""
        if self.lang != "pl" or self.names is None:
            return False
        a, b = self.names.readings(first), self.names.readings(nxt)
        return all(_proper_nominative(rs) for rs in (a, b)) and any(
            NameTag.SURNAME.value in r.names for r in (*a, *b))

    def _foreign_first(self, doc: Doc, i: int) -> bool:
        """An unknown capitalised word, then a known surname ("Karsten Vogel" in Polish)."""
        if (
            self.lang != "pl"
            or self.names is None
            or sentence_start(doc, i)
            or self.names.readings(doc[i].text)
            or doc[i].lower_ in PERSON_TITLES
        ):
            return False
        return any(
            NameTag.SURNAME.value in r.names and r.lemma[:1].isupper()
            for r in self.names.readings(doc[i + 1].text)
        )

    def _surname(self, word: str, rs: tuple[Reading, ...], nominative: bool) -> str:
        for r in rs:
            if NameTag.SURNAME.value in r.names and r.lemma[:1].isupper():
                return r.lemma if not nominative or ":nom" not in r.tag else word
        if nominative:
            return word
        for suf, rep in _SURNAME_ENDINGS:
            if word.endswith(suf) and len(word) - len(suf) >= 3:
                return word[: len(word) - len(suf)] + rep
        return word

    def _surnames(self, doc: Doc, found: dict[str, str]) -> None:
        if not found:
            return
        dkeys = keys(doc)
        for i, word in enumerate(texts(doc)):
            if not _is_name_word(word) or covered(doc, i, i + 1):
                continue
            tok = doc[i]
            for k in dkeys[i]:
                if k in found and (not sentence_start(doc, i) or tok.text[:1].isupper()):
                    add(
                        doc,
                        Candidate(i, i + 1, Label.PER, found[k], None, Priority.WEAK, "surname"),
                    )
                    break
