"""Organisations outside the registry: head words, legal forms, quoted names, defined acronyms,
and names after a generic noun ("spółka Anwil", "koncern Agrofert")."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import Label
from pipeline.nlp.annotate import readings
from pipeline.nlp.canonical import BaseForms
from pipeline.nlp.known import known_orgs, tag_known
from pipeline.nlp.members import is_acronym
from pipeline.nlp.places import sentence_start
from pipeline.nlp.spans import Candidate, Priority, add, candidates, covered, texts
from pipeline.nlp.wordlists import (
    BODY_WORDS,
    CS_ADJ_ENDINGS,
    CS_NAME_ENDINGS,
    CS_NOT_IN_NAME,
    CS_NOT_IN_NAME_ENDINGS,
    CS_VERB_ENDINGS,
    DE_HEAD_SUFFIXES,
    GENERIC_ORG_NOUNS,
    LEGAL_TOKENS,
    NAME_JOINERS,
    ORG_HEADS,
    ORG_MODIFIERS,
    PERSON_FUNCTIONS,
    PERSON_TITLES,
)

_QUOTES_OPEN = set('„“"«')
_QUOTES_CLOSE = set('”“"»')
_MAX_WORDS = 12
_MAX_BEFORE = 4
_LOWER_CONTINUE = {"cs": 4}
_ARTICLES = frozenset({"the", "der", "die", "das", "des", "dem", "den"})
# German compounds that end in a generic noun ("Spezialchemiehersteller Novachem")
_GENERIC_SUFFIXES = ("hersteller", "konzern", "unternehmen", "produzent")
_AND = frozenset({"a", "i", "and", "und", "oraz"})
_LOCATIVE = frozenset({"w", "we", "v", "ve", "in", "im", "bei", "at"})
_ARTICLE_JOINERS = frozenset({"of", "for", "für", "des", "der"})
# functions and bodies before a name are not part of it ("Przewodniczący Rady Europejskiej",
# "Zarząd Polskiego Koncernu Naftowego", "vedení Spolany")
_NOT_BEFORE = PERSON_TITLES | PERSON_FUNCTIONS | BODY_WORDS
_CS_FUNCTION_STEMS = ("premiér", "prezident", "ministr", "předsed", "mluvč", "šéf", "hejtman")


def _cap(doc: Doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].text[:1].isupper() and doc[i].lower_ not in _ARTICLES


def _word_in(doc: Doc, i: int, words: frozenset[str]) -> bool:
    if doc[i].lower_ in words or doc[i].lemma_.casefold() in words:
        return True
    rs = readings(doc)
    return i < len(rs) and any(r.lemma.casefold() in words for r in rs[i])


class OrgTagger:
    def __init__(self, base: BaseForms, lang: str) -> None:
        self.base = base
        self.lang = lang
        self.known = known_orgs(lang)

    def _common_word(self, word: str) -> bool:
        """An ordinary word of the language (a capitalised sentence start)."""
        return any(r.lemma[:1].islower() for r in self.base.morph.readings(word.lower()))

    def __call__(self, doc: Doc) -> Doc:
        tag_known(doc, self.known, self.lang, self._common_word)
        words, i = texts(doc), 0
        while i < len(doc):
            if not words[i][:1].isupper():
                i += 1
                continue
            end = self._head_phrase(doc, i)
            i = end if end > i else i + 1
        self._acronyms(doc)
        self._legal_forms(doc)
        self._after_generic(doc)
        return doc

    def _is_head(self, doc: Doc, i: int) -> bool:
        if not _cap(doc, i):
            return False
        if _word_in(doc, i, ORG_HEADS):
            return True
        return self.lang == "de" and doc[i].lower_.endswith(DE_HEAD_SUFFIXES)

    def _cs_lower_head(self, doc: Doc, i: int) -> int | None:
        """Czech: a capitalised adjective opens the name, the head follows in lower case
        ("Hospodářská komora", "Českého rybářského svazu"); the head's index or None."""
        if self.lang != "cs" or not _cap(doc, i) or not doc[i].lower_.endswith(CS_ADJ_ENDINGS):
            return None
        for j in range(i + 1, min(len(doc), i + 3)):
            if not doc[j].text.islower():
                return None
            if _word_in(doc, j, ORG_HEADS):
                return j
            if not doc[j].text.endswith(CS_ADJ_ENDINGS):
                return None
        return None

    def _head_phrase(self, doc: Doc, i: int) -> int:
        lower_head = self._cs_lower_head(doc, i)
        if (lower_head is None and not self._is_head(doc, i)) or covered(doc, i, i + 1):
            return i
        head = i if lower_head is None else lower_head
        if head + 1 < len(doc) and doc[head + 1].lower_ in _LOCATIVE \
                and not self._is_name(doc, i):
            return i  # "Zakład w Schkopau": a generic noun and a place
        start, end = self._before(doc, i), self._extend(doc, head)
        while end > i and (doc[end - 1].lower_ in NAME_JOINERS or doc[end - 1].text == "-"):
            end -= 1
        if lower_head is None and doc[head].lower_ in BODY_WORDS and end > head + 1:
            start = head + 1  # "Zarząd Polskiego Koncernu Naftowego": the body's owner
        if end - start < 2 or covered(doc, start, end):
            return i
        name = self.base.org(doc, start, end)
        add(doc, Candidate(start, end, Label.ORG, name, None, Priority.RULE, "org-rule"))
        return end

    def _is_name(self, doc: Doc, i: int) -> bool:
        """A head word that names on its own only with a capitalised word before it."""
        return i > 0 and _cap(doc, i - 1) and not sentence_start(doc, i - 1)

    def _before(self, doc: Doc, i: int) -> int:
        """Capitalised words before the head ("Just Transition Fund")."""
        start = i
        while i - start < _MAX_BEFORE and start > 0 and not covered(doc, start - 1, start):
            prev = start - 1
            if (doc[prev].text == "-" and _cap(doc, prev - 1)) or (
                doc[prev].lower_ in ("and", "und", "a", "i")
                and _cap(doc, prev - 1)
                and self.lang in ("en", "de")
            ):
                start = prev - 1
            elif (
                _cap(doc, prev)
                and doc[prev].lower_ not in GENERIC_ORG_NOUNS
                and not _word_in(doc, prev, _NOT_BEFORE)
                and not (sentence_start(doc, prev) and self._common(doc, prev))
            ):
                start = prev
            else:
                break
        return start

    def _common(self, doc: Doc, i: int) -> bool:
        """An ordinary sentence-initial word, unless an adjective of the name ("Katowicka")."""
        rs = readings(doc)[i]
        if doc[i].lower_ in NAME_JOINERS:
            return True
        if any(r.tag.startswith("adj") for r in rs) or _word_in(doc, i, ORG_MODIFIERS | ORG_HEADS):
            return False
        return any(r.lemma[:1].islower() for r in rs)

    def _extend(self, doc: Doc, i: int) -> int:
        """Capitalised words, joiners before capitals, quoted names and a legal form."""
        j, lower_budget = i + 1, _LOWER_CONTINUE.get(self.lang, 0)
        persons = person_starts(doc)
        while j < len(doc) and j - i < _MAX_WORDS and not covered(doc, j, j + 1) \
                and j not in persons:
            t = doc[j].text
            if t in _QUOTES_OPEN:
                close = next(
                    (k for k in range(j + 1, min(len(doc), j + 6)) if doc[k].text in _QUOTES_CLOSE),
                    None,
                )
                if close is None:
                    break
                j = close + 1
            elif _cap(doc, j) or t in LEGAL_TOKENS or (t == "-" and _cap(doc, j + 1)):
                j += 1
            elif doc[j].lower_ in _AND and self._starts_name(doc, j + 1):
                break  # "X a Českého rybářského svazu": a second name
            elif doc[j].lower_ in NAME_JOINERS and self._joined(doc, j + 1, lower_budget > 0):
                j += 1
                if self.lang == "de" and not _cap(doc, j) and doc[j].lower_ not in _ARTICLES:
                    j += 1  # the lower-case adjective of "für regionale Entwicklung"
            elif lower_budget > 0 and _cs_name_word(t):
                lower_budget -= 1
                j += 1
            else:
                break
        return j

    def _starts_name(self, doc: Doc, j: int) -> bool:
        return j < len(doc) and (self._is_head(doc, j) or self._cs_lower_head(doc, j) is not None
                                 or _word_in(doc, j, ORG_MODIFIERS))

    def _joined(self, doc: Doc, j: int, lower_ok: bool) -> bool:
        """After a joiner: a capital, another joiner then a capital, or a lower-case name word."""
        if _cap(doc, j):
            return True
        if (
            j < len(doc)
            and doc[j].lower_ in _ARTICLES
            and _cap(doc, j + 1)
            and doc[j - 1].lower_ in _ARTICLE_JOINERS
        ):
            return True
        if (
            self.lang == "de"
            and j + 1 < len(doc)
            and doc[j].text.islower()
            and doc[j].text.endswith(("e", "en", "er", "es"))
            and _cap(doc, j + 1)
        ):
            return True  # "für regionale Entwicklung"
        return lower_ok and j < len(doc) and _cs_name_word(doc[j].text)

    def _acronyms(self, doc: Doc) -> None:
        """NAME (ACR) defines ACR for NAME; later ACR mentions become the same organisation."""
        defined: dict[str, str] = {}
        for c in list(candidates(doc)):
            e = c.end
            if (
                c.label is Label.ORG
                and c.member is None
                and e + 2 < len(doc)
                and doc[e].text == "("
                and is_acronym(doc[e + 1].text)
                and doc[e + 2].text == ")"
            ):
                defined.setdefault(doc[e + 1].text, c.canonical)
        for i, word in enumerate(texts(doc)):
            if word in defined and not covered(doc, i, i + 1):
                add(
                    doc,
                    Candidate(i, i + 1, Label.ORG, defined[word], None, Priority.RULE, "acronym"),
                )

    def _legal_forms(self, doc: Doc) -> None:
        """Capitalised words ending in a legal form: "Anwil S.A.", "Brenntag SE"."""
        for i, word in enumerate(texts(doc)):
            if word not in LEGAL_TOKENS or i == 0 or covered(doc, i, i + 1):
                continue
            end = i + 1
            if word == "o.o." and i >= 2 and doc[i - 2].text == "Sp.":
                i -= 2  # "Sp. z o.o."
            start = i
            while (
                start > 0
                and i - start < _MAX_BEFORE
                and _cap(doc, start - 1)
                and doc[start - 1].lower_ not in GENERIC_ORG_NOUNS
                and not covered(doc, start - 1, start)
            ):
                start -= 1
            if start < i:
                add(
                    doc,
                    Candidate(
                        start,
                        end,
                        Label.ORG,
                        self.base.org(doc, start, end),
                        None,
                        Priority.RULE,
                        "legal-form",
                    ),
                )

    def _after_generic(self, doc: Doc) -> None:
        """A capitalised name right after a generic noun: "spółka Anwil", "koncern Agrofert"."""
        words = texts(doc)
        for i in range(len(doc) - 1):
            low = words[i].lower()
            if (low not in GENERIC_ORG_NOUNS and not low.endswith(_GENERIC_SUFFIXES)) \
                    or low in _ARTICLES:
                continue
            j = i + 1
            while j < len(doc) and j - i <= 2 and _cap(doc, j) and not covered(doc, j, j + 1):
                j += 1
            if j > i + 1 and not any(c.start < j and i + 1 < c.end for c in candidates(doc)):
                add(
                    doc,
                    Candidate(
                        i + 1,
                        j,
                        Label.ORG,
                        doc[i + 1 : j].text,
                        None,
                        Priority.RULE,
                        "after-generic",
                    ),
                )


def person_starts(doc: Doc) -> set[int]:
    """First tokens of the persons found so far (a name never runs on into a person's)."""
    return {c.start for c in candidates(doc)
            if c.label is Label.PER and c.priority >= Priority.RULE}


def _cs_name_word(text: str) -> bool:
    """A lower-case Czech word that continues a name (a genitive noun or adjective, not a verb,
    not a function word, not a function noun: "Konzervativní strana premiérky")."""
    return (
        text.isalpha()
        and text.islower()
        and len(text) > 2
        and text.endswith(CS_NAME_ENDINGS)
        and not text.endswith(CS_VERB_ENDINGS + CS_NOT_IN_NAME_ENDINGS)
        and text not in CS_NOT_IN_NAME
        and not text.startswith(_CS_FUNCTION_STEMS)
    )
