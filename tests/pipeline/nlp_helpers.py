"""Shared helpers for the tagging tests: the production registry and Tagger, documents."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.document import Document
from pipeline.link import link_members
from pipeline.nlp import Tagger
from pipeline.registry import Registry
from pipeline.settings import load_registry

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("pl", "cs", "de", "en")


@lru_cache(maxsize=1)
def registry() -> Registry:
    return load_registry(ROOT / "config" / "members.yaml")


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    """Built through the same factories as production (pipeline.nlp.registrations)."""
    return Tagger(registry(), LANGS)


def tag(text: str, lang: str, title: str | None = None) -> Document:
    doc = Document(url="test:doc", source="test", lang=lang, title=title, text=text)
    return link_members(tagger()(doc))
