"""spaCy registrations: every component by name, through thin factories.

Components need objects that a spaCy config cannot hold (the member registry, the gazetteer), so
a factory receives the name of a ``Resources`` bundle registered with ``register_resources``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from spacy.language import Language

from pipeline.nlp.annotate import MorphAnnotator
from pipeline.nlp.canonical import BaseForms
from pipeline.nlp.gazetteer import Gazetteer
from pipeline.nlp.members import MemberMatcher
from pipeline.nlp.morph import Morphology
from pipeline.nlp.ner import StatisticalNer
from pipeline.nlp.orgs import OrgTagger
from pipeline.nlp.persons import PersonTagger
from pipeline.nlp.places import PlaceTagger
from pipeline.nlp.spans import Resolver
from pipeline.registry import Registry


class Component(str, Enum):
    """Component names, in pipeline order."""

    MORPH = "cw_morph"
    MEMBERS = "cw_members"
    PERSONS = "cw_persons"
    ORGS = "cw_orgs"
    PLACES = "cw_places"
    NER = "cw_ner"
    RESOLVE = "cw_resolve"


@dataclass
class Resources:
    """What the components of one language share."""

    lang: str
    registry: Registry
    morph: Morphology
    names: Morphology | None
    gazetteer: Gazetteer
    tokenize: Any


_RESOURCES: dict[str, Resources] = {}


def register_resources(key: str, res: Resources) -> None:
    _RESOURCES[key] = res


def resources(key: str) -> Resources:
    return _RESOURCES[key]


@Language.factory(Component.MORPH.value, default_config={"resources": ""})
def make_morph(nlp: Language, name: str, resources: str) -> MorphAnnotator:
    return MorphAnnotator(_RESOURCES[resources].morph)


@Language.factory(Component.MEMBERS.value, default_config={"resources": ""})
def make_members(nlp: Language, name: str, resources: str) -> MemberMatcher:
    r = _RESOURCES[resources]
    return MemberMatcher(r.registry, r.morph, r.tokenize)


@Language.factory(Component.PERSONS.value, default_config={"resources": ""})
def make_persons(nlp: Language, name: str, resources: str) -> PersonTagger:
    r = _RESOURCES[resources]
    return PersonTagger(r.morph, r.names, r.lang)


@Language.factory(Component.ORGS.value, default_config={"resources": ""})
def make_orgs(nlp: Language, name: str, resources: str) -> OrgTagger:
    r = _RESOURCES[resources]
    return OrgTagger(BaseForms(r.morph, r.lang), r.lang)


@Language.factory(Component.PLACES.value, default_config={"resources": ""})
def make_places(nlp: Language, name: str, resources: str) -> PlaceTagger:
    r = _RESOURCES[resources]
    return PlaceTagger(r.gazetteer, r.morph, r.lang)


@Language.factory(Component.RESOLVE.value)
def make_resolver(nlp: Language, name: str) -> Resolver:
    return Resolver()


@Language.factory(Component.NER.value, default_config={"package": ""})
def make_ner(nlp: Language, name: str, package: str) -> StatisticalNer:
    return StatisticalNer(package)
