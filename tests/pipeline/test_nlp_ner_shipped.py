"""The NER models shipped in pipeline/nlp/models: present, small, loadable without project
code, and never changing which members a text mentions."""

from __future__ import annotations

import spacy

from pipeline.document import Document
from pipeline.link import link_members
from pipeline.nlp import Tagger
from pipeline.nlp.ner import MODELS_DIR, model_path
from tests.pipeline.nlp_helpers import LANGS, registry

MAX_FILE_BYTES = 5_000_000
MAX_TOTAL_BYTES = 20_000_000

# texts written for these tests: members, and persons/places/organisations the rules miss
TEXTS = {
    "pl": "Grupa Azoty ZAK podpisała umowę z firmą Ferrovia Baltica. Prezes Ferrovii Baltiki "
          "Tomasz Wróblewski powiedział, że Ryanair i Lufthansa też są zainteresowane.",
    "cs": "Spolana podepsala smlouvu s firmou Ferrovia Baltica. Ředitel společnosti Tomáš "
          "Vrba uvedl, že o spolupráci jednají také Ryanair a Lufthansa.",
    "de": "Die Spolana hat mit der Ferrovia Baltica einen Vertrag unterzeichnet. Deren Chef "
          "Thomas Weber sagte, auch Ryanair und die Lufthansa seien interessiert.",
    "en": "Spolana signed a contract with Ferrovia Baltica. Its chief executive Thomas Webb "
          "said Ryanair and Lufthansa were also interested.",
}


def test_every_language_has_a_small_model_that_loads_alone() -> None:
    total = 0
    for lang in LANGS:
        folder = MODELS_DIR / lang
        files = [p for p in folder.rglob("*") if p.is_file()]
        assert files, f"no model in {folder}"
        assert max(p.stat().st_size for p in files) < MAX_FILE_BYTES
        total += sum(p.stat().st_size for p in files)
        config = (folder / "config.cfg").read_text(encoding="utf-8")
        assert "train = null" in config and "dev = null" in config  # no paths of a build machine
        nlp = spacy.load(model_path(f"builtin:{lang}"))
        assert nlp.pipe_names == ["tok2vec", "ner"]
        assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}  # type: ignore[attr-defined]
    assert total < MAX_TOTAL_BYTES


def _tag(tagger: Tagger, lang: str) -> Document:
    return link_members(tagger(Document(url="t", source="t", lang=lang, text=TEXTS[lang])))


def test_models_add_entities_and_leave_member_links_alone() -> None:
    rules = Tagger(registry(), LANGS, dict.fromkeys(LANGS, ""))
    models = Tagger(registry(), LANGS, {lang: f"builtin:{lang}" for lang in LANGS})
    added = 0
    for lang in LANGS:
        base, full = _tag(rules, lang), _tag(models, lang)
        assert full.members == base.members and full.members, lang
        assert {e.member for e in full.entities if e.member} == {
            e.member for e in base.entities if e.member}
        found = set(full.organisations) | set(full.persons) | set(full.places)
        added += len(found - (set(base.organisations) | set(base.persons) | set(base.places)))
    assert added >= 4  # at least one new entity per language on average
