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
from pipeline.nlp.wordlists import FIRST_NAMES, PERSON_FUNCTIONS, PERSON_TITLES, SPEECH_CUES

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
_CUE_WORDS = PERSON_TITLES | PERSON_FUNCTIONS
_ARTICLES = frozenset({"the", "der", "die", "das", "la", "le", "el"})
_DE_FUNCTION_SUFFIXES = ("leiter", "leiterin", "führer", "führerin", "sprecher", "sprecherin",
                         "direktor", "direktorin", "chef", "chefin", "präsident", "präsidentin",
                         "minister", "ministerin", "vorsitzende", "vorsitzender", "meister")
_CS_WOMAN_ENDINGS = ("ová", "ové", "ovou")
_CS_WOMAN_CASES = (("ová", ("a", "e")), ("ové", ("y", "e", "ě", "i")), ("ovou", ("ou",)))
_CS_FEMININE_FIRST = (("y", "a"), ("ě", "a"), ("ou", "a"), ("u", "a"), ("e", "a"))


def _common(rs: tuple[Reading, ...]) -> bool:
    """Readings of an ordinary word only (lower-case lemmas)."""
    return bool(rs) and all(r.lemma[:1].islower() for r in rs)


def _initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def _cs_woman_base(word: str) -> str:
    for suf in _CS_WOMAN_ENDINGS:
        if word.endswith(suf):
            return word[: -len(suf)] + "ová"
    return word


def _cs_woman_first(word: str) -> str:
    """A Czech woman's first name in the nominative ("Theresy" -> "Theresa")."""
    if word.endswith("a"):
        return word
    for suf, rep in _CS_FEMININE_FIRST:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)] + rep
    return word


def _strip_like(first: str, ending: str) -> str:
    """Take the surname's case ending off the first name too ("Borisa Johnsona")."""
    if ending and first.endswith(ending) and len(first) - len(ending) >= 3:
        return first[: -len(ending)]
    return first


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
        if self.lang == "cs":
            self._cs_lone_women(doc, found)
        return doc

    def _at(self, doc: Doc, i: int, found: dict[str, str]) -> int:
        first, nxt = doc[i].text, doc[i + 1].text
        if not (_is_name_word(first) and _is_name_word(nxt)) or covered(doc, i, i + 2):
            return i + 1
        fn = self._first_name(first, nxt)
        weak = False
        if fn is None and (self._foreign_first(doc, i) or self._two_surnames(first, nxt)
                           or self._cs_woman_pair(first, nxt)):
            fn = (first, True)
        elif fn is None and self._unknown_pair(doc, i):
            fn, weak = (first, True), True  # places and organisations win an overlap
        if fn is None and not (self._cue(doc, i) and self._plain_pair(first, nxt)):
            return i + 1
        end = self._name_end(doc, i + 2)
        base_first, nominative = fn if fn else (first, True)
        if not nominative and nxt.endswith(("á", "ová")) and first.casefold() in FIRST_NAMES:
            base_first, nominative = first, True  # "Petra Nováková": a woman, nominative
        last = doc[end - 1].text
        surname = self._surname(last, readings(doc)[end - 1], nominative)
        if self._cs_woman(last):
            surname, base_first = _cs_woman_base(last), _cs_woman_first(base_first)
        elif base_first == first and surname != last and last.startswith(surname):
            base_first = _strip_like(first, last[len(surname):])  # "Borisa Johnsona"
        start = i
        if i >= 2 and doc[i - 1].text == "-" and _is_name_word(doc[i - 2].text) \
                and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_:
            start, base_first = i - 2, f"{doc[i - 2].text}-{base_first}"  # "Jean-Claude"
        middle = " ".join(t.text for t in doc[i + 1 : end - 1])
        full = " ".join(p for p in (base_first, middle, surname) if p)
        found[stem(surname)] = full
        if weak:
            add(doc, Candidate(start, end, Label.PER, full, None, Priority.WEAK, "person-weak"))
        else:
            add(doc, Candidate(start, end, Label.PER, full, None, Priority.RULE, "person"))
        return end

    def _name_end(self, doc: Doc, end: int) -> int:
        """After first name and next word: a second given name or a middle initial."""
        if end + 1 < len(doc) and _initial(doc[end - 1].text) and _is_name_word(doc[end].text):
            return end + 1  # "William T. Sherman"
        if (
            end < len(doc)
            and _is_name_word(doc[end].text)
            and self._first_name(doc[end - 1].text) is not None
            and not covered(doc, end, end + 1)
        ):
            return end + 1  # a second given name
        return end

    def _cue(self, doc: Doc, i: int) -> bool:
        """A title or function before the name, or a verb of saying before or after it."""
        if i > 0 and (doc[i - 1].lower_.rstrip(".") in _CUE_WORDS
                      or doc[i - 1].lemma_.casefold() in _CUE_WORDS
                      or doc[i - 1].lower_ in SPEECH_CUES):
            return True
        after = i + 2
        while after < len(doc) and doc[after].text == ",":
            after += 1
        return after < len(doc) and doc[after].lower_ in SPEECH_CUES

    def _plain_pair(self, first: str, nxt: str) -> bool:
        """Two words that may be a name: neither a function ("Geschäftsführer",
        "Standortleiterin") nor a known place or organisation name."""
        low = first.casefold()
        if low in _CUE_WORDS or low in _ARTICLES or low.endswith(_DE_FUNCTION_SUFFIXES):
            return False
        if self.lang == "de" and self.morph.known(first):
            return False  # a German common noun ("Projekt Signalwirkung")
        if self.lang in _INFLECTING and any(_common(self.morph.readings(w)) for w in (first, nxt)):
            return False  # "Rady Europejskiej": ordinary words of the language
        if self.names is None:
            return True
        tags = {t for w in (first, nxt) for r in self.names.readings(w) for t in r.names}
        return not tags & {NameTag.PLACE.value, NameTag.ORG.value}

    def _unknown_pair(self, doc: Doc, i: int) -> bool:
        """English: two capitalised words that are no words of the language (its lookup table
        knows neither), inside a sentence ("Jared Leto"). Not German: its compounds
        ("Chemiestandort Leuna") are missing from the table."""
        if self.lang != "en" or sentence_start(doc, i):
            return False
        first, nxt = doc[i].text, doc[i + 1].text
        return not (self.morph.known(first) or self.morph.known(nxt)) \
            and self._plain_pair(first, nxt)

    def _cs_woman(self, word: str) -> bool:
        """A Czech woman's surname ("Mayová", "Merkelové"): a person in Czech text."""
        return self.lang == "cs" and len(word) > 5 and word.endswith(_CS_WOMAN_ENDINGS)

    def _cs_woman_pair(self, first: str, surname: str) -> bool:
        """A first name in the same case as the woman's surname ("Theresy Mayové")."""
        if not self._cs_woman(surname) or len(first) < 4 \
                or first.casefold() in _CUE_WORDS | SPEECH_CUES:
            return False
        ends = next(v for k, v in _CS_WOMAN_CASES if surname.endswith(k))
        return first.endswith(ends)

    def _cs_lone_women(self, doc: Doc, found: dict[str, str]) -> None:
        """A woman's surname in -ová/-ovou on its own, inside a sentence ("premiérka Mayová")."""
        for i, word in enumerate(texts(doc)):
            if word[:1].isupper() and word.endswith(("ová", "ovou")) and self._cs_woman(word) \
                    and not sentence_start(doc, i) and not covered(doc, i, i + 1):
                base = _cs_woman_base(word)
                full = found.get(stem(base), base)
                add(doc, Candidate(i, i + 1, Label.PER, full, None, Priority.WEAK, "cs-woman"))

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
