"""Build one spaCy pipeline per language and turn its entities into Document fields."""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language

from pipeline.document import Document, Entity
from pipeline.registry import Registry

_WORD = re.compile(r"\w+", re.UNICODE)


def query_lemmas(text: str, lang: str | None = None) -> list[str]:
    """Lemmas of a search query (first version: lowercase word tokens)."""
    return [w.casefold() for w in _WORD.findall(text)]


def _member_patterns(registry: Registry) -> list[dict[str, Any]]:
    pats: list[dict[str, Any]] = []
    for m in registry:
        for name in m.names:
            pats.append({"label": "ORG", "pattern": name, "id": m.id})
    return pats


class Tagger:
    """Tags a Document with ORG/LOC/PER entities and member ids."""

    def __init__(self, registry: Registry, languages: tuple[str, ...] = ("pl", "cs", "de", "en")):
        self.registry = registry
        self.languages = languages
        self._nlp: dict[str, Language] = {}

    def pipeline_for(self, lang: str | None) -> Language:
        lang = lang if lang in self.languages else "xx"
        if lang not in self._nlp:
            nlp = spacy.blank(lang)
            ruler = nlp.add_pipe("entity_ruler")
            ruler.add_patterns(_member_patterns(self.registry))  # type: ignore[attr-defined]
            self._nlp[lang] = nlp
        return self._nlp[lang]

    def __call__(self, doc: Document) -> Document:
        nlp = self.pipeline_for(doc.lang)
        entities: list[Entity] = []
        for fld, text in (("title", doc.title or ""), ("text", doc.text)):
            sdoc = nlp(text)
            for ent in sdoc.ents:
                member = ent.ent_id_ or None
                entities.append(Entity(ent.text, ent.label_, ent.start_char, ent.end_char,
                                       ent.text, member, fld))
        doc.entities = entities
        doc.organisations = sorted({e.canonical for e in entities if e.label == "ORG"})
        doc.places = sorted({e.canonical for e in entities if e.label == "LOC"})
        doc.persons = sorted({e.canonical for e in entities if e.label == "PER"})
        doc.lemmas = " ".join(query_lemmas(f"{doc.title or ''} {doc.text}", doc.lang))
        return doc
