"""The optional statistical NER plug-in: loaded from an installed pipeline (here a path), never
downloaded; its entities are the weakest candidates."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import spacy

from pipeline.document import Document
from pipeline.nlp import Tagger
from tests.pipeline.nlp_helpers import LANGS, registry


def _saved_model(tmp_path: Path) -> str:
    """A small spaCy pipeline on disk whose 'NER' is a ruler (stands in for a trained model)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([  # type: ignore[attr-defined]
        {"label": "PERSON", "pattern": "Quentin Zorbel"},
        {"label": "ORG", "pattern": "Spolana"},  # a member name: the registry must win
    ])
    path = tmp_path / "ner-model"
    nlp.to_disk(path)
    return str(path)


def test_plugged_in_model_adds_entities(tmp_path: Path) -> None:
    tagger = Tagger(registry(), LANGS, {"en": _saved_model(tmp_path)})
    doc = tagger(Document(url="t", source="t", lang="en",
                          text="Quentin Zorbel visited Spolana yesterday."))
    assert "Quentin Zorbel" in doc.persons
    spolana = [e for e in doc.entities if e.text == "Spolana"]
    assert len(spolana) == 1 and spolana[0].member == "spolana"


def test_missing_model_is_skipped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    tagger = Tagger(registry(), LANGS, {"en": "xx_no_such_model_installed"})
    with caplog.at_level(logging.WARNING):
        doc = tagger(Document(url="t", source="t", lang="en", text="Spolana grew."))
    assert [e.member for e in doc.entities] == ["spolana"]
    assert "not installed" in caplog.text
