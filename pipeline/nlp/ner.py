"""Optional statistical NER: an installed spaCy pipeline (package name or path) whose entities
join the candidates with the weakest priority, so registry names and rules win overlaps.

Loading never downloads: ``spacy.load`` of a name that is not installed fails, and the tagger
then runs without it (a warning is logged).
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.document import Label
from pipeline.nlp.spans import Candidate, Priority, add

log = logging.getLogger(__name__)

NER_LABELS = {
    "PER": Label.PER, "PERSON": Label.PER, "persName": Label.PER,
    "ORG": Label.ORG, "orgName": Label.ORG,
    "LOC": Label.LOC, "GPE": Label.LOC, "placeName": Label.LOC, "geogName": Label.LOC,
}


def load_model(package: str) -> Language | None:
    """The installed pipeline, or None when it is not installed (never downloaded)."""
    try:
        return spacy.load(package)
    except (OSError, ValueError, ImportError) as exc:
        log.warning("NER model %r is not installed; tagging without it (%s)", package, exc)
        return None


class StatisticalNer:
    """Runs an external spaCy pipeline over the text and proposes its entities."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.model = load_model(package) if package else None

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        for ent in self.model(doc.text).ents:
            label = NER_LABELS.get(ent.label_)
            span = doc.char_span(ent.start_char, ent.end_char, alignment_mode="contract")
            if label is None or span is None or len(span) == 0:
                continue
            add(doc, Candidate(span.start, span.end, label, span.text, None, Priority.WEAK, "ner"))
        return doc
