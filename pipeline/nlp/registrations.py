"""spaCy registrations: every component by name, through thin factories.

Components get their data from the pipeline's config (the language and the configured
languages, from which the packaged morphology and gazetteers are loaded) and, for the member
registry, through ``initialize(members=...)``; the member matcher writes the registry with
``to_disk`` and reads it back with ``from_disk``. So ``nlp.to_disk(path)`` then
``spacy.load(path)`` (after ``import pipeline.nlp``) in another process tags identically.
"""

from __future__ import annotations

from enum import Enum
from functools import partial

from spacy.language import Language

from pipeline.nlp.annotate import MorphAnnotator
from pipeline.nlp.canonical import BaseForms
from pipeline.nlp.gazetteer import build_gazetteer
from pipeline.nlp.members import MemberMatcher
from pipeline.nlp.morph import morphology
from pipeline.nlp.ner import StatisticalNer
from pipeline.nlp.orgs import OrgTagger
from pipeline.nlp.persons import PersonTagger
from pipeline.nlp.places import PlaceTagger
from pipeline.nlp.spans import Resolver
from pipeline.nlp.tokens import words

ALL_LANGS = ["pl", "cs", "de", "en"]


class Component(str, Enum):
    """Component names, in pipeline order."""

    MORPH = "cw_morph"
    MEMBERS = "cw_members"
    PERSONS = "cw_persons"
    ORGS = "cw_orgs"
    PLACES = "cw_places"
    NER = "cw_ner"
    RESOLVE = "cw_resolve"


@Language.factory(Component.MORPH.value, default_config={"lang": "xx"})
def make_morph(nlp: Language, name: str, lang: str) -> MorphAnnotator:
    return MorphAnnotator(morphology(lang))


@Language.factory(Component.MEMBERS.value, default_config={"lang": "xx"})
def make_members(nlp: Language, name: str, lang: str) -> MemberMatcher:
    return MemberMatcher(morphology(lang), partial(words, str(nlp.lang)))


@Language.factory(Component.PERSONS.value,
                  default_config={"lang": "xx", "languages": ALL_LANGS})
def make_persons(nlp: Language, name: str, lang: str, languages: list[str]) -> PersonTagger:
    names = morphology("pl") if "pl" in languages else None
    return PersonTagger(morphology(lang), names, lang)


@Language.factory(Component.ORGS.value, default_config={"lang": "xx"})
def make_orgs(nlp: Language, name: str, lang: str) -> OrgTagger:
    return OrgTagger(BaseForms(morphology(lang), lang), lang)


@Language.factory(Component.PLACES.value,
                  default_config={"lang": "xx", "languages": ALL_LANGS})
def make_places(nlp: Language, name: str, lang: str, languages: list[str]) -> PlaceTagger:
    return PlaceTagger(build_gazetteer(tuple(languages), lang), morphology(lang), lang)


@Language.factory(Component.RESOLVE.value)
def make_resolver(nlp: Language, name: str) -> Resolver:
    return Resolver()


@Language.factory(Component.NER.value, default_config={"package": ""})
def make_ner(nlp: Language, name: str, package: str) -> StatisticalNer:
    return StatisticalNer(package)
