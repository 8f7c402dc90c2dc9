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
FIELD_SEPARATOR = "\n\n"  # between title, text and captions in the one spaCy Doc

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
        """Title, text and captions are tagged as one spaCy Doc (so a name in the title makes an
        acronym in the text unambiguous); entity offsets are then mapped back to their field."""
        nlp = self.pipeline_for(doc.lang)
        fields = [(f, t[:MAX_CHARS]) for f, t in (
            ("title", doc.title or ""), ("text", doc.text),
            ("caption", CAPTION_SEPARATOR.join(doc.captions))) if t]
        starts, combined = [], ""
        for _f, text in fields:
            combined += FIELD_SEPARATOR if combined else ""
            starts.append(len(combined))
            combined += text
        sdoc = nlp(combined)
        entities: list[Entity] = []
        for c in candidates(sdoc):
            span = sdoc[c.start : c.end]
            k = max(n for n, st in enumerate(starts) if st <= span.start_char) if starts else 0
            end = starts[k] + len(fields[k][1])
            if span.end_char > end:
                continue  # never across fields (the separator is a sentence break)
            entities.append(Entity(span.text, c.label.value, span.start_char - starts[k],
                                   span.end_char - starts[k], c.canonical, c.member, fields[k][0]))
        doc.entities = entities
        doc.organisations = _unique(e.canonical for e in entities if e.label == Label.ORG.value)
        doc.places = _unique(e.canonical for e in entities if e.label == Label.LOC.value)
        doc.persons = _unique(e.canonical for e in entities if e.label == Label.PER.value)
        doc.lemmas = lemma_string(sdoc)
        return doc


def _unique(values: object) -> list[str]:
    out: dict[str, None] = {}
    for v in values:  # type: ignore[attr-defined]
        out.setdefault(v, None)
    return list(out)
