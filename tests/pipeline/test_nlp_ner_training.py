"""Training data reading, silver data and spaCy training of the NER models (tiny corpora)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from pipeline.nlp.morph import morphology
from pipeline.nlp.training.conll import CorpusError, read_corpus
from pipeline.nlp.training.silver import inflect, load_lists, silver_docs
from pipeline.nlp.training.train import TrainingError, TrainOptions, evaluate, train
from tests.pipeline.ner_corpus import write_conll

VOCAB = spacy.blank("en").vocab


def _write(tmp_path: Path, text: str, name: str = "c.conll") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_conll_sentences_and_entities(tmp_path: Path) -> None:
    path = _write(tmp_path, "Mara\tB-PER\nOlden\tI-PER\nvisited\tO\nLindholm\tB-LOC\n\n"
                            "Kestrel\tB-ORG\nFoods\tI-ORG\ngrew\tO\n")  # no final blank line
    corpus = read_corpus([path], VOCAB)
    assert [d.text for d in corpus.docs] == ["Mara Olden visited Lindholm", "Kestrel Foods grew"]
    assert [(e.text, e.label_) for e in corpus.docs[0].ents] == [
        ("Mara Olden", "PER"), ("Lindholm", "LOC")]
    assert corpus.entity_counts() == {"PER": 1, "LOC": 1, "ORG": 1}


def test_other_entity_types_are_read_as_outside_and_counted(tmp_path: Path) -> None:
    path = _write(tmp_path, "Brexit\tB-MISC\nvote\tI-MISC\nin\tO\nWales\tB-GPE\n\n")
    corpus = read_corpus([path], VOCAB)
    assert [(e.text, e.label_) for e in corpus.docs[0].ents] == [("Wales", "LOC")]
    assert corpus.ignored == {"MISC": 1}


@pytest.mark.parametrize(("text", "message"), [
    ("Mara\tB-PER\nOlden I-PER\n", "c.conll:2: expected 'token<TAB>tag'"),
    ("Mara\tB-PER\nOlden\tX-PER\n", "c.conll:2: bad tag 'X-PER'"),
    ("a\tO\n\nOlden\tI-PER\n", "c.conll:3: I-PER does not follow B-PER or I-PER"),
    ("Mara\tB-PER\nOlden\tI-ORG\n", "c.conll:2: I-ORG does not follow"),
    ("\n\n", "c.conll: no sentences"),
])
def test_bad_conll_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(CorpusError, match=message.replace("(", r"\(")):
        read_corpus([path], VOCAB)


def test_not_utf8_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "latin.conll"
    bad.write_bytes("Łódź\tB-LOC\n".encode("iso-8859-2"))
    with pytest.raises(CorpusError, match=r"latin\.conll: not UTF-8"):
        read_corpus([bad], VOCAB)
    with pytest.raises(CorpusError, match=r"nope\.conll: no such file"):
        read_corpus([tmp_path / "nope.conll"], VOCAB)


def test_docbin_files_are_read_and_checked(tmp_path: Path) -> None:
    doc = Doc(VOCAB, words=["Nora", "Pell", "left"], ents=["B-PER", "I-PER", "O"])
    DocBin(docs=[doc]).to_disk(tmp_path / "ok.spacy")
    assert [e.text for e in read_corpus([tmp_path / "ok.spacy"], VOCAB).docs[0].ents] == [
        "Nora Pell"]
    odd = Doc(VOCAB, words=["Nora", "left"], ents=["B-EVENT", "O"])
    DocBin(docs=[odd]).to_disk(tmp_path / "odd.spacy")
    with pytest.raises(CorpusError, match=r"odd.spacy: document 1: entity labels \['EVENT'\]"):
        read_corpus([tmp_path / "odd.spacy"], VOCAB)
    (tmp_path / "junk.spacy").write_bytes(b"not a docbin")
    with pytest.raises(CorpusError, match=r"junk\.spacy: not a spaCy DocBin"):
        read_corpus([tmp_path / "junk.spacy"], VOCAB)


def test_polish_names_are_inflected_for_the_template_slot() -> None:
    morph = morphology("pl")
    assert inflect(morph, "Zielona Góra", "loc") == "Zielonej Górze"
    assert inflect(morph, "Jan Kowalski", "gen") == "Jana Kowalskiego"
    assert inflect(morph, "Xqzvbnm", "gen") == "Xqzvbnm"  # unknown: left as it is


@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_silver_sentences_carry_exact_spans(lang: str) -> None:
    docs = silver_docs(lang, spacy.blank(lang).vocab, 60, seed=3)
    assert len(docs) == 60
    ents = [e for d in docs for e in d.ents]
    assert {e.label_ for e in ents} == {"PER", "LOC", "ORG"}
    orgs = set(load_lists(lang)["organisations"])
    named = [e.text for e in ents if e.label_ == "ORG" and e.text in orgs]
    assert named, "listed organisations appear as ORG spans"
    assert all(not e.text[0].isspace() and e.text == e.text.strip() for e in ents)
    assert silver_docs(lang, spacy.blank(lang).vocab, 5, seed=3)[0].text == docs[0].text


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ner")
    out = root / "model"
    report = train(TrainOptions("en", [write_conll(root / "train.conll", 160)], out,
                                [write_conll(root / "dev.conll", 30, seed=1)],
                                epochs=12, max_seconds=240))
    assert report.train_sentences == 160 and report.dev_sentences == 30
    assert report.scores["ALL"]["f"] > 0.8, report.scores
    return out


@pytest.mark.slow
def test_trained_model_loads_and_tags(tiny_model: Path) -> None:
    nlp = spacy.load(tiny_model)  # a plain spaCy pipeline: no project code needed
    assert nlp.config["paths"]["train"] is None  # no temporary paths in the saved config
    assert nlp.pipe_names == ["tok2vec", "ner"]
    doc = nlp("Tobias Frink joined Norvik Rail in Castleford .")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Tobias Frink", "PER"), ("Norvik Rail", "ORG"), ("Castleford", "LOC")]
    gold = read_corpus([write_conll(tiny_model.parent / "more.conll", 20, seed=7)], nlp.vocab)
    assert evaluate(nlp, gold.docs)["ALL"]["f"] > 0.8


@pytest.mark.slow
def test_training_refuses_to_replace_a_folder_that_is_not_a_model(tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TrainingError, match="not empty and holds no spaCy model"):
        train(TrainOptions("en", [write_conll(tmp_path / "t.conll", 10)], out))
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_time_bound_stops_training_with_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="before the first checkpoint"):
        train(TrainOptions("en", [write_conll(tmp_path / "t.conll", 40)], tmp_path / "m",
                           epochs=5, max_seconds=1e-6))
