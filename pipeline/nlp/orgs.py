"""Organisations outside the registry: head words, legal forms, quoted names, defined acronyms."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import Label
from pipeline.nlp.canonical import BaseForms
from pipeline.nlp.members import is_acronym
from pipeline.nlp.places import sentence_start
from pipeline.nlp.spans import Candidate, Priority, add, candidates, covered
from pipeline.nlp.wordlists import (
    GENERIC_ORG_NOUNS,
    LEGAL_FORMS,
    NAME_JOINERS,
    ORG_HEADS,
    ORG_MODIFIERS,
)

_LEGAL_LAST = {f.split()[-1] for f in LEGAL_FORMS}
_QUOTES_OPEN = set('„“"«')
_QUOTES_CLOSE = set('”“"»')
_MAX_WORDS = 12
_LOWER_CONTINUE = {"cs": 4, "pl": 0, "de": 0, "en": 0}
# Czech names continue in lower case with genitive nouns and adjectives, not with verbs
_CS_NAME_ENDINGS = (
    "ého",
    "ých",
    "ské",
    "cké",
    "ní",
    "ví",
    "u",
    "y",
    "ů",
    "í",
    "é",
    "ch",
    "ky",
    "ce",
)
_CS_VERB_ENDINGS = ("li", "la", "lo", "ly", "l", "ní se")


def _lower_then_capital(doc: Doc, j: int) -> bool:
    """A lower-case adjective, then a capitalised noun ("für regionale Entwicklung")."""
    return (
        j + 1 < len(doc)
        and doc[j].text.islower()
        and doc[j].text.endswith(("e", "en", "er", "es"))
        and doc[j + 1].text[:1].isupper()
    )


def _word_in(doc: Doc, i: int, words: frozenset[str]) -> bool:
    return doc[i].lower_ in words or doc[i].lemma_.casefold() in words


class OrgTagger:
    def __init__(self, base: BaseForms, lang: str) -> None:
        self.base = base
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        i = 0
        while i < len(doc):
            end = self._head_phrase(doc, i)
            i = end if end > i else i + 1
        self._acronyms(doc)
        return doc

    def _is_head(self, doc: Doc, i: int) -> bool:
        if not doc[i].text[:1].isupper():
            return False
        if _word_in(doc, i, ORG_HEADS):
            return True
        j = i
        while j < min(len(doc), i + 3) and _word_in(doc, j, ORG_MODIFIERS):
            j += 1
        return j > i and j < len(doc) and _word_in(doc, j, ORG_HEADS)

    def _head_phrase(self, doc: Doc, i: int) -> int:
        if not self._is_head(doc, i) or covered(doc, i, i + 1):
            return i
        end = self._extend(doc, i)
        while end > i and (
            doc[end - 1].lower_ in NAME_JOINERS
            or (
                doc[end - 1].is_punct
                and doc[end - 1].text not in _QUOTES_CLOSE
                and doc[end - 1].text != "."
            )
        ):
            end -= 1
        if end - i < 2 or covered(doc, i, end):
            return i
        if all(_word_in(doc, k, ORG_HEADS | ORG_MODIFIERS) for k in range(i, end)) and end - i < 3:
            return i
        add(
            doc,
            Candidate(
                i, end, Label.ORG, self.base.org(doc, i, end), None, Priority.RULE, "org-rule"
            ),
        )
        return end

    def _extend(self, doc: Doc, i: int) -> int:
        """Capitalised words, joiners followed by capitals, quoted names and a legal form."""
        j, lower_budget = i + 1, _LOWER_CONTINUE.get(self.lang, 0)
        while j < len(doc) and j - i < _MAX_WORDS and not covered(doc, j, j + 1):
            t = doc[j].text
            if t in _QUOTES_OPEN:
                close = next(
                    (k for k in range(j + 1, min(len(doc), j + 6)) if doc[k].text in _QUOTES_CLOSE),
                    None,
                )
                if close is None:
                    break
                j = close + 1
                continue
            if (
                t[:1].isupper()
                or t in _LEGAL_LAST
                or (t == "-" and j + 1 < len(doc) and doc[j + 1].text[:1].isupper())
            ):
                j += 1
                continue
            if doc[j].lower_ in NAME_JOINERS and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
                j += 1
                continue
            if (
                self.lang == "de"
                and doc[j].lower_ in NAME_JOINERS
                and _lower_then_capital(doc, j + 1)
            ):
                j += 2  # "für regionale Entwicklung"
                continue
            if (
                lower_budget > 0
                and t.isalpha()
                and t.islower()
                and len(t) > 2
                and t.endswith(_CS_NAME_ENDINGS)
                and not t.endswith(_CS_VERB_ENDINGS)
            ):
                lower_budget -= 1
                j += 1
                continue
            break
        return j

    def _acronyms(self, doc: Doc) -> None:
        """NAME (ACR) defines ACR for NAME; later ACR mentions become the same organisation."""
        defined: dict[str, tuple[str, str | None]] = {}
        for c in list(candidates(doc)):
            e = c.end
            if (
                c.label is Label.ORG
                and e + 2 < len(doc)
                and doc[e].text == "("
                and is_acronym(doc[e + 1].text)
                and doc[e + 2].text == ")"
            ):
                defined.setdefault(doc[e + 1].text, (c.canonical, c.member))
        for i, tok in enumerate(doc):
            if tok.text in defined and not covered(doc, i, i + 1):
                name, member = defined[tok.text]
                if member is None:
                    add(doc, Candidate(i, i + 1, Label.ORG, name, None, Priority.RULE, "acronym"))
        self._legal_forms(doc)

    def _legal_forms(self, doc: Doc) -> None:
        """Capitalised words ending in a legal form: "Anwil S.A.", "Brenntag SE"."""
        for i, tok in enumerate(doc):
            if tok.text not in _LEGAL_LAST or i == 0 or covered(doc, i, i + 1):
                continue
            start = i
            while (
                start > 0
                and i - start < 4
                and doc[start - 1].text[:1].isupper()
                and doc[start - 1].lower_ not in GENERIC_ORG_NOUNS
                and not sentence_start(doc, start)
                and not covered(doc, start - 1, start)
            ):
                start -= 1
            if start < i:
                add(
                    doc,
                    Candidate(
                        start,
                        i + 1,
                        Label.ORG,
                        self.base.org(doc, start, i + 1),
                        None,
                        Priority.RULE,
                        "legal-form",
                    ),
                )
