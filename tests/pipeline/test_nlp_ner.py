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


def test_settings_name_the_shipped_models() -> None:
    from pipeline.settings import PipelineSettings

    assert PipelineSettings().ner_models == {}  # off unless configured (see README)
    chosen = PipelineSettings(ner_models={"pl": "builtin:pl", "de": ""}).ner_models
    tagger = Tagger(registry(), LANGS, chosen)
    assert "cw_ner" in tagger.pipeline_for("pl").pipe_names
    assert "cw_ner" not in tagger.pipeline_for("de").pipe_names


def test_missing_builtin_model_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    tagger = Tagger(registry(), LANGS, {"en": "builtin:xx-none"})
    with caplog.at_level(logging.WARNING):
        doc = tagger(Document(url="t", source="t", lang="en", text="Spolana grew."))
    assert [e.member for e in doc.entities] == ["spolana"]
    assert "builtin:xx-none" in caplog.text and "not installed" in caplog.text


def _ruler(tmp_path: Path, lang: str, patterns: list[dict[str, str]]) -> str:
    """A saved pipeline whose 'NER' proposes exactly ``patterns`` (stands in for model errors)."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("entity_ruler").add_patterns(patterns)  # type: ignore[attr-defined]
    path = tmp_path / f"ruler-{lang}"
    nlp.to_disk(path)
    return str(path)


def test_classes_of_model_errors_are_undone_czech(tmp_path: Path) -> None:
    model = _ruler(tmp_path, "cs", [
        {"label": "PER", "pattern": "Pokud"},  # function word opening a sentence
        {"label": "PER", "pattern": "QZXW"},  # an acronym is no person
        {"label": "PER", "pattern": "Britská"},  # adjective before a lowercase noun
        {"label": "LOC", "pattern": [{"TEXT": "Proto"}, {"TEXT": "Zorbelov"}]},
        {"label": "PER", "pattern": [{"TEXT": "Kvído"}, {"TEXT": "Zorbel"}]},
    ])
    tagger = Tagger(registry(), LANGS, {"cs": model})
    doc = tagger(Document(url="t", source="t", lang="cs", text=(
        "Pokud to projde, QZXW zaplatí. Britská vláda mlčí. Proto Zorbelov mlčí, "
        "řekl Kvído Zorbel.")))
    assert doc.persons == ["Kvído Zorbel"]
    assert "QZXW" in doc.organisations
    assert doc.places == ["Zorbelov"]


def test_classes_of_model_errors_are_undone_polish() -> None:
    from pipeline.document import Label
    from pipeline.nlp.ner import _plausible, _split_person

    doc = spacy.blank("pl")("Wspólnotę reprezentował Stowarzyszenia Kwintal Adam Zorbelski .")
    assert _plausible(doc[0:1], Label.PER)[0] is None  # Morfeusz: only a common noun
    parts = _split_person(doc[2:6], Label.ORG)  # run into a following person's name
    assert [(p.text, label) for p, label in parts] == [
        ("Stowarzyszenia Kwintal", Label.ORG), ("Adam Zorbelski", Label.PER)]
    assert _plausible(doc[4:6], Label.PER) == (doc[4:6], Label.PER)
