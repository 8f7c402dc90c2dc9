"""Build the spaCy pipeline of one language: blank tokenizer plus the registered components."""

from __future__ import annotations

import logging

from spacy.language import Language

from pipeline.nlp import registrations as reg
from pipeline.nlp.members import MemberMatcher
from pipeline.nlp.tokens import blank
from pipeline.registry import Registry, registry_to_json

log = logging.getLogger(__name__)


def build_pipeline(
    lang: str, registry: Registry, languages: tuple[str, ...], ner_model: str | None = None
) -> Language:
    """The tagging pipeline for ``lang`` (an unknown language gets the multilingual tokenizer)."""
    nlp = blank(lang)
    langs = list(languages)
    per_lang: dict[reg.Component, dict[str, object]] = {
        reg.Component.MORPH: {"lang": lang},
        reg.Component.MEMBERS: {"lang": lang},
        reg.Component.PERSONS: {"lang": lang, "languages": langs},
        reg.Component.ORGS: {"lang": lang},
        reg.Component.PLACES: {"lang": lang, "languages": langs},
    }
    for comp, cfg in per_lang.items():
        nlp.add_pipe(comp.value, config=cfg)
    nlp.add_pipe(reg.Component.RESOLVE.value)
    if ner_model:  # optional, weakest: registry names and rules win overlaps
        nlp.add_pipe(reg.Component.NER.value, config={"package": ner_model},
                     before=reg.Component.RESOLVE.value)
    members = nlp.get_pipe(reg.Component.MEMBERS.value)
    assert isinstance(members, MemberMatcher)
    members.initialize(list, nlp=nlp, members=registry_to_json(registry))
    return nlp
