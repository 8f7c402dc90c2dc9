"""Build the spaCy pipeline of one language: blank tokenizer plus the registered components."""

from __future__ import annotations

import logging
from functools import partial

from spacy.language import Language

from pipeline.nlp import registrations as reg
from pipeline.nlp.gazetteer import build_gazetteer
from pipeline.nlp.morph import morphology
from pipeline.nlp.tokens import blank, words
from pipeline.registry import Registry

log = logging.getLogger(__name__)


def build_pipeline(
    lang: str, registry: Registry, languages: tuple[str, ...], ner_model: str | None = None
) -> Language:
    """The tagging pipeline for ``lang`` (an unknown language gets the multilingual tokenizer)."""
    nlp = blank(lang)
    tokenize = partial(words, str(nlp.lang))
    key = f"{lang}:{id(registry)}"
    names = morphology("pl") if "pl" in languages else None
    reg.register_resources(
        key,
        reg.Resources(
            lang,
            registry,
            morphology(lang),
            names,
            build_gazetteer(tuple(languages), lang),
            tokenize,
        ),
    )
    cfg = {"resources": key}
    for comp in (
        reg.Component.MORPH,
        reg.Component.MEMBERS,
        reg.Component.PERSONS,
        reg.Component.ORGS,
        reg.Component.PLACES,
    ):
        nlp.add_pipe(comp.value, config=cfg)
    nlp.add_pipe(reg.Component.RESOLVE.value)
    if ner_model:  # optional, weakest: registry names and rules win overlaps
        nlp.add_pipe(reg.Component.NER.value, config={"package": ner_model},
                     before=reg.Component.RESOLVE.value)
    return nlp
