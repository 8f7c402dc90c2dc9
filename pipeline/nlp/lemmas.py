"""Search lemmas: one language-independent normal form per word, the same for queries and texts.

A word's normal form is the match key (``morph.stem``) of its lemma. A document also carries the
key of the surface word when it differs, so a query whose language is unknown (keys of surface
words only) still meets the document's words, whatever their case form.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.nlp.annotate import readings
from pipeline.nlp.morph import morphology, stem
from pipeline.nlp.spans import texts
from pipeline.nlp.tokens import shared_blank
from pipeline.nlp.wordlists import LEGAL_FORMS

_WORD = re.compile(r"\w", re.UNICODE)
_LANGS = ("pl", "cs", "de", "en")
MAX_QUERY_CHARS = 1000


def lemma_string(doc: Doc) -> str:
    """The search lemmas of a tagged spaCy Doc: per word, the key of every lemma and of the word."""
    out: list[str] = []
    all_readings = readings(doc)
    words = texts(doc)
    for n, word in enumerate(words):
        if not _WORD.search(word):
            continue
        rs = all_readings[n] if n < len(all_readings) else ()
        forms = [word, *(r.lemma for r in rs)]
        out.extend(dict.fromkeys(k for f in forms for k in _keys(f)))
    return " ".join(out)


def _keys(word: str) -> list[str]:
    """Match keys of a word and, for a hyphenated one, of each part ("Sachsen-Anhalt")."""
    parts = [p for p in word.split("-") if _WORD.search(p)]
    return [stem(p) for p in parts] if len(parts) > 1 else [stem(word)]


def query_lemmas(text: str, lang: str | None = None) -> list[str]:
    """Normal forms of a search query's words, agreeing with the documents' ``lemmas``."""
    nlp = shared_blank(lang or "xx")
    morph = morphology(lang) if lang in _LANGS else None
    out: list[str] = []
    text = text[:MAX_QUERY_CHARS].strip()
    for form in LEGAL_FORMS:  # "Lovochemie, a.s." finds "Lovochemii"
        if text.endswith((" " + form, "," + form)):
            text = text[: -len(form)].rstrip(" ,")
    for tok in nlp.tokenizer(text):
        if not _WORD.search(tok.text):
            continue
        lemmas = morph.lemmas(tok.text) if morph else []
        out.extend(_keys(lemmas[0] if lemmas else tok.text))
    return out  # one per word, in order: stores may pair them with the query's words
