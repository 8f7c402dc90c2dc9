"""Search lemmas: one language-independent normal form per word, the same for queries and texts.

A word's normal form is the match key (``morph.stem``) of its lemma. A document also carries the
key of the surface word when it differs, so a query whose language is unknown (keys of surface
words only) still meets the document's words, whatever their case form.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.morph import morphology, stem

_WORD = re.compile(r"\w", re.UNICODE)
_LANGS = ("pl", "cs", "de", "en")
MAX_QUERY_CHARS = 1000


@lru_cache(maxsize=8)
def _tokenizer(lang: str) -> Language:
    return spacy.blank(lang if lang in _LANGS else "xx")


def lemma_string(doc: Doc) -> str:
    """The search lemmas of a tagged spaCy Doc (its tokens' lemmas are set by the pipeline)."""
    out: list[str] = []
    for tok in doc:
        if not _WORD.search(tok.text):
            continue
        key = stem(tok.lemma_ or tok.text)
        out.append(key)
        surface = stem(tok.text)
        if surface != key:
            out.append(surface)
    return " ".join(out)


def query_lemmas(text: str, lang: str | None = None) -> list[str]:
    """Normal forms of a search query's words, agreeing with the documents' ``lemmas``."""
    nlp = _tokenizer(lang or "xx")
    morph = morphology(lang) if lang in _LANGS else None
    out: list[str] = []
    for tok in nlp.tokenizer(text[:MAX_QUERY_CHARS]):
        if not _WORD.search(tok.text):
            continue
        lemmas = morph.lemmas(tok.text) if morph else []
        out.append(stem(lemmas[0]) if lemmas else stem(tok.text))
    return list(dict.fromkeys(out))
