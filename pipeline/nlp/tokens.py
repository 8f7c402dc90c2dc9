"""Blank spaCy tokenizers with the legal forms kept whole ("S.A.", "a.s.", "o.o.", "GmbH")."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer

LANGS = ("pl", "cs", "de", "en")
# whitespace-delimited pieces of legal forms, kept as one token (with a trailing dot split off
# where the dot ends a sentence after a form that has none)
_WHOLE = ("S.A.", "Sp.", "o.o.", "a.s.", "s.r.o.", "spol.", "Inc.", "e.V.", "Sp.k.", "Ltd.")
_NO_DOT = ("GmbH", "AG", "SE", "Ltd", "plc", "KG")


def blank(lang: str) -> Language:
    """A new blank pipeline for ``lang`` (``xx`` when unknown) with the special cases added."""
    nlp = spacy.blank(lang if lang in LANGS else "xx")
    tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]
    for form in _WHOLE:
        tokenizer.add_special_case(form, [{ORTH: form}])
        tokenizer.add_special_case(form + ",", [{ORTH: form}, {ORTH: ","}])
    for form in _NO_DOT:
        for punct in (".", ",", ";", ")"):
            tokenizer.add_special_case(form + punct, [{ORTH: form}, {ORTH: punct}])
    return nlp


@lru_cache(maxsize=8)
def shared_blank(lang: str) -> Language:
    """One tokenizer per language for look-ups (registry patterns, gazetteer, queries)."""
    return blank(lang)


def words(lang: str, text: str) -> list[str]:
    return [t.text for t in shared_blank(lang).tokenizer(text)]
