"""The tagging stage: one composed spaCy pipeline per language, entities into Document fields."""

from __future__ import annotations

import logging

from spacy.language import Language

from pipeline.document import Document, Entity, Label
from pipeline.nlp.builder import build_pipeline
from pipeline.nlp.lemmas import lemma_string, query_lemmas
from pipeline.nlp.spans import candidates
from pipeline.registry import Registry

log = logging.getLogger(__name__)

MAX_CHARS = 200_000  # bound the work on one hostile page
# photo captions (moved out of the text by extraction) are tagged too: names in captions count;
# their entities have field "caption" and offsets into the captions joined by this separator
CAPTION_SEPARATOR = "\n\n"

__all__ = ["Tagger", "query_lemmas"]


class Tagger:
    """Tags a Document with ORG/LOC/PER entities, base forms, member ids and search lemmas."""

    def __init__(
        self,
        registry: Registry,
        languages: tuple[str, ...] = ("pl", "cs", "de", "en"),
        ner_models: dict[str, str] | None = None,
    ) -> None:
        self.registry = registry
        self.languages = tuple(languages)
        self.ner_models = dict(ner_models or {})
        self._nlp: dict[str, Language] = {}

    def pipeline_for(self, lang: str | None) -> Language:
        key = lang if lang in self.languages else (self.languages[0] if self.languages else "xx")
        if key not in self._nlp:
            self._nlp[key] = build_pipeline(
                key, self.registry, self.languages, self.ner_models.get(key)
            )
        return self._nlp[key]

    def __call__(self, doc: Document) -> Document:
        nlp = self.pipeline_for(doc.lang)
        entities: list[Entity] = []
        lemma_parts: list[str] = []
        captions = CAPTION_SEPARATOR.join(doc.captions)
        for fld, text in (("title", doc.title or ""), ("text", doc.text), ("caption", captions)):
            if not text:
                continue
            sdoc = nlp(text[:MAX_CHARS])
            lemma_parts.append(lemma_string(sdoc))
            for c in candidates(sdoc):
                span = sdoc[c.start : c.end]
                if c.member is None and not c.canonical:
                    continue
                entities.append(
                    Entity(
                        span.text,
                        c.label.value,
                        span.start_char,
                        span.end_char,
                        c.canonical,
                        c.member,
                        fld,
                    )
                )
        doc.entities = entities
        doc.organisations = _unique(e.canonical for e in entities if e.label == Label.ORG.value)
        doc.places = _unique(e.canonical for e in entities if e.label == Label.LOC.value)
        doc.persons = _unique(e.canonical for e in entities if e.label == Label.PER.value)
        doc.lemmas = " ".join(p for p in lemma_parts if p)
        return doc


def _unique(values: object) -> list[str]:
    out: dict[str, None] = {}
    for v in values:  # type: ignore[attr-defined]
        out.setdefault(v, None)
    return list(out)
