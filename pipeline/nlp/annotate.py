"""First component: lemmas and match keys for every token."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.morph import Morphology, Reading, stem
from pipeline.nlp.spans import CANDIDATES, KEYS, MEMBER_MASK, TEXTS

READINGS = "cw_readings"


class MorphAnnotator:
    """Sets ``token.lemma_``; keeps each token's match keys and readings in ``doc.user_data``."""

    def __init__(self, morph: Morphology) -> None:
        self.morph = morph

    def __call__(self, doc: Doc) -> Doc:
        all_keys: list[frozenset[str]] = []
        all_readings: list[tuple[Reading, ...]] = []
        for tok in doc:
            text = tok.text
            readings = self.morph.readings(text) if any(ch.isalpha() for ch in text) else ()
            lemma = _best_lemma(text, readings)
            tok.lemma_ = lemma
            all_keys.append(frozenset({stem(text), *(stem(r.lemma) for r in readings)}))
            all_readings.append(readings)
        doc.user_data[KEYS] = all_keys
        doc.user_data[TEXTS] = [t.text for t in doc]
        doc.user_data[READINGS] = all_readings
        doc.user_data[CANDIDATES] = []
        doc.user_data.pop(MEMBER_MASK, None)
        return doc


def _best_lemma(text: str, readings: tuple[Reading, ...]) -> str:
    """A proper-name lemma for a capitalised word, else a noun's, else an adjective's, else any."""
    if not readings:
        return text
    if text[:1].isupper():
        for r in readings:
            if r.lemma[:1].isupper() and r.names - {"nazwa_pospolita"}:
                return r.lemma
    for prefix in ("subst", "adj", ""):
        for r in readings:
            if r.tag.startswith(prefix) and not r.lemma[:1].isupper():
                return r.lemma
    return readings[0].lemma


def readings(doc: Doc) -> list[tuple[Reading, ...]]:
    result: list[tuple[Reading, ...]] = doc.user_data.get(READINGS, [])
    return result
