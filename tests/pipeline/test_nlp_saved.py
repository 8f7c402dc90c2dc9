"""A tagging pipeline saved with nlp.to_disk and loaded with spacy.load in another process tags
identically: the components get their data from config, initialize() and from_disk, not from
module state of the process that built them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.util import get_lang_class

from pipeline.nlp.spans import candidates
from tests.pipeline.nlp_helpers import ROOT, tagger

TEXTS = {
    "pl": "Prezes Jan Kowalski z Politechniki Opolskiej spotkał się w Kędzierzynie-Koźlu z "
          "przedstawicielami spółki Brenntag Polska oraz Grupy Azoty ZAK.",
    "cs": "Rektor Univerzity Jana Evangelisty Purkyně v Ústí nad Labem jednal se společností "
          "Spolchemie o spolupráci v Ústeckém kraji.",
}

_CHILD = """
import json, sys
import spacy
import pipeline.nlp  # registers the component factories
from pipeline.nlp.spans import candidates
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print(json.dumps([[c.start, c.end, c.label.value, c.canonical, c.member] for c in candidates(doc)]))
"""


def _entities(nlp: Language, text: str) -> list[list[object]]:
    doc = nlp(text)
    return [[c.start, c.end, c.label.value, c.canonical, c.member] for c in candidates(doc)]


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_saved_pipeline_tags_identically_in_another_process(tmp_path: Path, lang: str) -> None:
    nlp = tagger().pipeline_for(lang)
    here = _entities(nlp, TEXTS[lang])
    assert any(e[4] for e in here), here  # the text names members: the registry is in use
    nlp.to_disk(tmp_path / "nlp")
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "nlp"), TEXTS[lang]],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout) == here


def test_no_registry_without_initialize() -> None:
    """A pipeline built from config alone (no initialize) links nobody: the registry is state
    of the component, never a module global."""
    nlp = tagger().pipeline_for("pl")
    fresh = get_lang_class("pl").from_config(nlp.config)
    assert not any(c.member for c in candidates(fresh(TEXTS["pl"])))
    assert any(c.member for c in candidates(nlp(TEXTS["pl"])))
