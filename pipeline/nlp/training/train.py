"""Train a spaCy NER pipeline (tok2vec + ner) with spaCy's own training loop and ``ner.cfg``.

The run is bounded: at most ``epochs`` passes over the data and ``max_seconds`` of wall time
(the best checkpoint so far is kept when time runs out). The output folder is a plain spaCy
pipeline: ``spacy.load(output)`` loads it, and ``pipeline.ner_models`` can name it.
"""

from __future__ import annotations

import io
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config, registry
from thinc.api import Config

from pipeline.nlp.training.conll import read_corpus

CONFIG = Path(__file__).with_name("ner.cfg")
EVAL_EVERY = 200  # steps between checkpoints on a large corpus
DEV_SHARE = 10  # without a dev file, every 10th sentence is held out for model selection


class TrainingError(ValueError):
    """Training cannot start or produced nothing (the message says why)."""


class TimeBoundError(Exception):
    """Raised between two updates when the time bound is reached."""


@registry.callbacks("clusterwatch.deadline.v1")
def deadline(seconds: float) -> Callable[[Language, dict[str, Any]], None]:
    """A ``before_update`` callback that stops training after ``seconds``."""
    start = time.monotonic()

    def check(nlp: Language, info: dict[str, Any]) -> None:
        if time.monotonic() - start > seconds:
            raise TimeBoundError(f"time bound of {seconds:.0f} s reached")

    return check


@dataclass
class TrainOptions:
    lang: str
    train: list[Path]
    output: Path
    dev: list[Path] = field(default_factory=list)
    epochs: int = 10
    max_seconds: float = 1800.0
    seed: int = 0
    config: Path = CONFIG
    base: Path | None = None  # continue from this model's tok2vec and ner (fine-tuning)


@dataclass
class TrainReport:
    output: Path
    train_sentences: int
    dev_sentences: int
    entities: dict[str, int]
    ignored: dict[str, int]
    scores: dict[str, dict[str, float]]  # label (and "ALL") -> p, r, f
    stopped_early: bool
    seconds: float


def train(opts: TrainOptions) -> TrainReport:
    """Train, keep the best checkpoint on the dev sentences, write it to ``opts.output``."""
    if opts.epochs < 1 or opts.max_seconds <= 0:
        raise ValueError("epochs and the time bound must be positive")
    _check_output(opts.output)
    started = time.monotonic()
    vocab = spacy.blank(opts.lang).vocab
    corpus = read_corpus(opts.train, vocab)
    train_docs, dev_docs = _split(corpus.docs, read_corpus(opts.dev, vocab).docs
                                  if opts.dev else None, opts.seed)
    with tempfile.TemporaryDirectory(prefix="cw-ner-") as tmp:
        work = Path(tmp)
        DocBin(docs=train_docs).to_disk(work / "train.spacy")
        DocBin(docs=dev_docs).to_disk(work / "dev.spacy")
        overrides = {
            "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
            "nlp.lang": opts.lang, "system.seed": opts.seed,
            "training.max_epochs": opts.epochs,
            "training.eval_frequency": _eval_frequency(train_docs),
            "training.before_update.seconds": opts.max_seconds,
        }
        config = load_config(opts.config, overrides=overrides, interpolate=False)
        if opts.base is not None:
            config = _from_base(config, opts.base)
        nlp = init_nlp(config, use_gpu=-1)
        (work / "out").mkdir()
        stopped = False
        try:
            spacy_train(nlp, work / "out", use_gpu=-1, stdout=io.StringIO(),
                        stderr=io.StringIO())
        except TimeBoundError:
            stopped = True
        best = work / "out" / "model-best"
        if not best.is_dir():
            raise TrainingError("training stopped before the first checkpoint: "
                              "raise the time bound or give more data")
        _publish(best, opts.output)
    model = spacy.load(opts.output)
    return TrainReport(opts.output, len(train_docs), len(dev_docs),
                       dict(corpus.entity_counts()), dict(corpus.ignored),
                       evaluate(model, dev_docs), stopped, time.monotonic() - started)


def _from_base(config: Config, base: Path) -> Config:
    """Source both components from an existing model instead of starting from scratch."""
    if not (base / "config.cfg").is_file() or not (base / "ner").is_dir():
        raise TrainingError(f"{base}: not a spaCy model folder with a 'ner' component")
    for name in ("tok2vec", "ner"):
        config["components"][name] = {"source": str(base)}
    return config


def _eval_frequency(docs: list[Doc]) -> int:
    """Checkpoints about once per 1,000 training words (batches grow to ~1,000 words), so a small
    corpus is evaluated (and its best model kept) more than once."""
    return max(5, min(EVAL_EVERY, sum(len(d) for d in docs) // 1000))


def _check_output(output: Path) -> None:
    """The output folder is replaced: refuse anything that is not empty or a spaCy model."""
    if output.is_file():
        raise TrainingError(f"{output}: is a file, not a model folder")
    if output.is_dir() and any(output.iterdir()) and not (output / "config.cfg").is_file():
        raise TrainingError(f"{output}: folder is not empty and holds no spaCy model; "
                            "give a new or empty folder")


def _split(docs: list[Doc], dev: list[Doc] | None, seed: int) -> tuple[list[Doc], list[Doc]]:
    if dev is not None:
        return docs, dev
    if len(docs) < 2:
        raise TrainingError("at least two sentences are needed (one is kept for selection)")
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    held = set(order[: max(1, len(docs) // DEV_SHARE)])
    return ([d for n, d in enumerate(docs) if n not in held],
            [d for n, d in enumerate(docs) if n in held])


def _publish(best: Path, output: Path) -> None:
    """Copy the checkpoint without its training callbacks and temporary paths, so it loads
    anywhere."""
    nlp = spacy.load(best)
    nlp.config["training"]["before_update"] = None
    nlp.config["paths"]["train"] = nlp.config["paths"]["dev"] = None  # temporary files
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(output.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)


def evaluate(nlp: Language, docs: list[Doc]) -> dict[str, dict[str, float]]:
    """Entity P/R/F1 of ``nlp`` on gold ``docs``, overall ("ALL") and per label."""
    examples = [Example(Doc(nlp.vocab, words=[t.text for t in d],
                            spaces=[bool(t.whitespace_) for t in d]), d) for d in docs]
    scores = nlp.evaluate(examples)
    out = {"ALL": {"p": float(scores["ents_p"] or 0), "r": float(scores["ents_r"] or 0),
                   "f": float(scores["ents_f"] or 0)}}
    for label, s in (scores.get("ents_per_type") or {}).items():
        out[label] = {k: float(v) for k, v in s.items()}
    return out
