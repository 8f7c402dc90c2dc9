"""Places: gazetteer names over match keys, Morfeusz geographic names, and capitalised words
after a preposition of place (a weak rule for small towns the gazetteer lacks)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import Label
from pipeline.nlp.annotate import readings
from pipeline.nlp.gazetteer import Gazetteer
from pipeline.nlp.morph import Morphology, NameTag, Reading, fold
from pipeline.nlp.spans import Candidate, Priority, add, candidates, covered, keys, texts
from pipeline.nlp.wordlists import PLACE_PREPOSITIONS

_WEAK_PREPS = frozenset(PLACE_PREPOSITIONS - {"of", "o", "po", "dla", "na", "do", "k", "ke"})
_WEAK_LANGS = ("cs", "en", "de")  # Polish has Morfeusz
_MONTHS_DAYS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "januar",
        "februar",
        "märz",
        "mai",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    }
)
_CS_ADJECTIVE = ("ého", "ému", "ým", "ých", "ími", "ou", "ní", "ního", "ské", "cké")
_PERSON_TOKENS = "cw_person_tokens"
_NOT_PLACE = frozenset({NameTag.COMMON.value, NameTag.FIRST.value, NameTag.SURNAME.value})


def person_tokens(doc: Doc) -> set[int]:
    """Tokens of the persons proposed so far, but for the weakest guesses (cached until the
    candidates change)."""
    cands = candidates(doc)
    cached: tuple[int, set[int]] | None = doc.user_data.get(_PERSON_TOKENS)
    if cached is None or cached[0] != len(cands):
        toks = {k for c in cands if c.label is Label.PER and c.source != "person-weak"
                for k in range(c.start, c.end)}
        cached = (len(cands), toks)
        doc.user_data[_PERSON_TOKENS] = cached
    return cached[1]


def sentence_start(doc: Doc, i: int) -> bool:
    """First word of a sentence, a paragraph, a quotation or a title."""
    j = i - 1
    while j >= 0 and doc[j].text in "„“\"'«(–—-":
        j -= 1
    return j < 0 or doc[j].text in (".", "!", "?", ":", "\n", "\n\n") or "\n" in doc[j].text


def geo_lemma(rs: tuple[Reading, ...]) -> str | None:
    """The Morfeusz geographic lemma of a capitalised word, unless it is also a person or people."""
    geo = [r.lemma for r in rs if NameTag.PLACE.value in r.names]
    if not geo:
        return None
    for r in rs:
        if r.lemma[:1].isupper() and (r.names & _NOT_PLACE):
            return None
    return geo[0]


class PlaceTagger:
    def __init__(self, gazetteer: Gazetteer, morph: Morphology, lang: str) -> None:
        self.gz = gazetteer
        self.morph = morph
        self.lang = lang
        self.prefixes = {k[:n] for k in gazetteer.entries for n in range(1, len(k) + 1)}
        self.lower_first = {
            k[0]
            for k, names in gazetteer.entries.items()
            if any(n[:1].islower() for n in names.values())
        }

    def __call__(self, doc: Doc) -> Doc:
        words, dkeys, i = texts(doc), keys(doc), 0
        while i < len(doc):
            w = words[i]
            if not w[:1].isupper() and not (w[:1].islower() and dkeys[i] & self.lower_first):
                i += 1
                continue
            end = self._at(doc, i)
            i = end if end > i else i + 1
        return doc

    def _at(self, doc: Doc, i: int) -> int:
        tok = doc[i]
        if not tok.text[:1].isalpha() or covered(doc, i, i + 1) or i in person_tokens(doc):
            return i  # a person's name ("Allen", a surname seen in full before) is no place
        lower_start = tok.text[:1].islower() and bool(keys(doc)[i] & self.lower_first)
        match = self._gazetteer(doc, i) if tok.text[:1].isupper() or lower_start else None
        if match is not None:
            end, name = match
            if not (end - i == 1 and sentence_start(doc, i) and self._common_word(tok.text)):
                add(doc, Candidate(i, end, Label.LOC, name, None, Priority.GAZETTEER, "gazetteer"))
                return end
        if tok.text[:1].isupper() and not sentence_start(doc, i):
            return self._morph_or_weak(doc, i)
        return i

    def _gazetteer(self, doc: Doc, i: int) -> tuple[int, str] | None:
        dkeys = keys(doc)
        frontier: set[tuple[str, ...]] = {(k,) for k in dkeys[i] if (k,) in self.prefixes}
        best: tuple[int, str] | None = None
        j = i + 1
        while frontier:
            for key in frontier:
                if key in self.gz.entries and not covered(doc, i, j):
                    name = self._canonical(doc, i, j, key)
                    if name:
                        best = (j, name)
            if j >= len(doc) or j - i >= self.gz.max_len:
                break
            frontier = {
                (*key, k) for key in frontier for k in dkeys[j] if (*key, k) in self.prefixes
            }
            j += 1
        return best

    def _canonical(self, doc: Doc, i: int, j: int, key: tuple[str, ...]) -> str | None:
        """The name in the text's language, or the surface when it is a known name as written."""
        by_lang = self.gz.entries[key]
        if self.lang == "pl" and j - i == 1 and geo_lemma(readings(doc)[i]):
            geo = [r.lemma for r in readings(doc)[i] if NameTag.PLACE.value in r.names]
            return next((g for g in geo if fold(g) in self.gz.names), geo[0])
        if self.lang in by_lang:
            return by_lang[self.lang]
        surface = doc[i:j].text
        if fold(surface) in self.gz.names:
            return surface
        return None

    def _common_word(self, word: str) -> bool:
        """A capitalised sentence-initial word that is also an ordinary word of the language."""
        lower = word.lower()
        return any(r.lemma[:1].islower() for r in self.morph.readings(lower))

    def _unknown_name(self, word: str) -> bool:
        """A capitalised word that is not an ordinary word of the text's language."""
        if not word.isalpha() or word.isupper() or not word[:1].isupper():
            return False
        if self.lang == "cs":
            return not word.lower().endswith(_CS_ADJECTIVE)
        return not self.morph.known(word) and word.lower() not in _MONTHS_DAYS

    def _morph_or_weak(self, doc: Doc, i: int) -> int:
        rs = readings(doc)[i]
        lemma = geo_lemma(rs) if self.lang == "pl" else None
        end = i + 1
        if lemma:
            while end + 1 < len(doc) and doc[end].text == "-" and geo_lemma(readings(doc)[end + 1]):
                lemma = f"{lemma}-{geo_lemma(readings(doc)[end + 1])}"
                end += 2
            if not covered(doc, i, end):
                add(doc, Candidate(i, end, Label.LOC, lemma, None, Priority.GAZETTEER, "morfeusz"))
            return end
        if (
            self.lang in _WEAK_LANGS
            and i > 0
            and doc[i - 1].lower_ in _WEAK_PREPS
            and self._unknown_name(doc[i].text)
        ):
            while (
                end < len(doc)
                and end - i < 3
                and doc[end].text[:1].isupper()
                and self._unknown_name(doc[end].text)
            ):
                end += 1  # "Ellesmere Port"
            base = doc[i].lemma_ if self.lang == "cs" and end == i + 1 else doc[i:end].text
            add(doc, Candidate(i, end, Label.LOC, base, None, Priority.WEAK, "weak"))
        return i
