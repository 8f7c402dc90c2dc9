"""`clusterwatch nlp train|evaluate` in-process on a tiny corpus written by the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from clusterwatch.cli import main
from tests.pipeline.ner_corpus import write_conll


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(model folder, held-out annotated file) from one `nlp train` run."""
    root = tmp_path_factory.mktemp("nlp")
    train = write_conll(root / "train.conll", 160)
    out = root / "model"
    rc = main(["--config", str(root), "nlp", "train", "--lang", "en", "--train", str(train),
               "--output", str(out), "--epochs", "12", "--max-minutes", "4"])
    assert rc == 0
    return out, write_conll(root / "test.conll", 25, seed=11)


@pytest.mark.slow
def test_train_writes_a_loadable_model(trained: tuple[Path, Path]) -> None:
    model, _ = trained
    nlp = spacy.load(model)
    ents = [(e.text, e.label_) for e in nlp("Ilse Varga joined Kestrel Foods in Aldbury .").ents]
    assert ents == [("Ilse Varga", "PER"), ("Kestrel Foods", "ORG"), ("Aldbury", "LOC")]


@pytest.mark.slow
def test_evaluate_reports_scores_per_label(trained: tuple[Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    model, test = trained
    capsys.readouterr()
    assert main(["nlp", "evaluate", "--model", str(model), "--data", str(test), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sentences"] == 25
    assert set(out["scores"]) == {"ALL", "PER", "ORG", "LOC"}
    assert out["scores"]["ALL"]["f"] > 0.8
    assert main(["nlp", "evaluate", "--model", str(model), "--data", str(test)]) == 0
    text = capsys.readouterr().out
    assert "scores on 25 sentences" in text and "PER" in text


@pytest.mark.slow
def test_train_continues_from_a_base_model(trained: tuple[Path, Path], tmp_path: Path) -> None:
    model, _ = trained
    more = write_conll(tmp_path / "more.conll", 20, seed=5)
    rc = main(["nlp", "train", "--lang", "en", "--train", str(more), "--base", str(model),
               "--output", str(tmp_path / "tuned"), "--epochs", "1"])
    assert rc == 0
    doc = spacy.load(tmp_path / "tuned")("Nora Pell left Port Severn on Monday .")
    assert ("Nora Pell", "PER") in [(e.text, e.label_) for e in doc.ents]
    assert main(["nlp", "train", "--lang", "en", "--train", str(more), "--base",
                 str(tmp_path / "nothing"), "--output", str(tmp_path / "t2")]) == 2


def test_bad_training_file_exits_2_naming_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("Mara\tB-PER\nOlden\tI-PER\n\nleft\tI-LOC\n", encoding="utf-8")
    rc = main(["nlp", "train", "--lang", "en", "--train", str(bad),
               "--output", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{bad}:4: I-LOC does not follow B-LOC or I-LOC" in err
    assert "Traceback" not in err
    assert not (tmp_path / "m").exists()


def test_unknown_language_and_missing_model_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_conll(tmp_path / "d.conll", 3)
    assert main(["nlp", "train", "--lang", "qq", "--train", str(data)]) == 2
    assert "--lang: unknown language 'qq'" in capsys.readouterr().err
    assert main(["nlp", "evaluate", "--model", str(tmp_path / "none"), "--data",
                 str(data)]) == 2
    assert "not a spaCy pipeline with a 'ner' component" in capsys.readouterr().err
