"""`clusterwatch nlp`: train a statistical NER model on annotated data, or score one."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from clusterwatch.cli.common import positive_int, print_json, print_table
from clusterwatch.cli.context import Context

MAX_MINUTES = 30.0


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "nlp", help="statistical NER models: train on your own annotated data, evaluate")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    tr = actions.add_parser(
        "train", help="train a NER model (spaCy) on CoNLL token<TAB>tag files or DocBins",
        description="Train a spaCy NER model (small CNN, the project's config) on IOB2 CoNLL "
                    "files (token<TAB>tag, a blank line after each sentence; PER, LOC, ORG) "
                    "and/or spaCy DocBin (.spacy) files. Use the result with "
                    "pipeline.ner_models: {LANG: DIR} in settings.yaml.")
    tr.add_argument("--lang", required=True, help="language code (pl, cs, de, en, ...)")
    tr.add_argument("--train", nargs="+", type=Path, required=True, metavar="PATH")
    tr.add_argument("--dev", nargs="+", type=Path, default=[], metavar="PATH",
                    help="sentences for model selection (default: every 10th training sentence)")
    tr.add_argument("--output", type=Path, default=None, metavar="DIR",
                    help="model folder (default: ./ner-model-LANG)")
    tr.add_argument("--base", default=None, metavar="DIR",
                    help="continue from this model (a folder or builtin:LANG) instead of "
                         "starting from scratch")
    tr.add_argument("--epochs", type=positive_int, default=10, metavar="N")
    tr.add_argument("--max-minutes", type=float, default=MAX_MINUTES, metavar="M",
                    help=f"time bound; the best model so far is kept (default {MAX_MINUTES:g})")
    tr.add_argument("--json", action="store_true", help="the report as one JSON object")
    ev = actions.add_parser("evaluate", help="entity P/R/F1 of a model on annotated files")
    ev.add_argument("--model", required=True, metavar="DIR",
                    help="a model folder, an installed package or builtin:LANG")
    ev.add_argument("--data", nargs="+", type=Path, required=True, metavar="PATH")
    ev.add_argument("--json", action="store_true", help="the scores as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from clusterwatch.cli import UsageError
    from pipeline.nlp.training.conll import CorpusError
    from pipeline.nlp.training.train import TrainingError

    try:
        if args.action == "train":
            return _train(args)
        return _evaluate(args)
    except (CorpusError, TrainingError) as exc:
        raise UsageError(str(exc)) from exc


def _train(args: argparse.Namespace) -> int:
    import spacy

    from clusterwatch.cli import UsageError
    from pipeline.nlp.ner import model_path
    from pipeline.nlp.training.train import TrainOptions, train

    try:
        spacy.blank(args.lang)
    except ImportError as exc:
        raise UsageError(f"--lang: unknown language {args.lang!r}") from exc
    if args.max_minutes <= 0:
        raise UsageError("--max-minutes: must be positive")
    output = args.output or Path(f"ner-model-{args.lang}")
    base = Path(model_path(args.base)) if args.base else None
    report = train(TrainOptions(args.lang, list(args.train), output, list(args.dev),
                                args.epochs, args.max_minutes * 60, base=base))
    if args.json:
        print_json({**asdict(report), "output": str(report.output)})
        return 0
    print(f"trained {args.lang} NER on {report.train_sentences} sentences "
          f"({_counts(report.entities)}) in {report.seconds:.0f} s"
          + (" (stopped at the time bound)" if report.stopped_early else ""))
    if report.ignored:
        print(f"entity types read as O: {_counts(report.ignored)}")
    _print_scores(report.scores, f"{report.dev_sentences} dev sentences")
    print(f"model written to {output}; use it with pipeline.ner_models: "
          f"{{{args.lang}: {output}}} in settings.yaml")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from clusterwatch.cli import UsageError
    from pipeline.nlp.ner import load_model
    from pipeline.nlp.training.conll import read_corpus
    from pipeline.nlp.training.train import evaluate

    model = load_model(args.model)
    if model is None or "ner" not in model.pipe_names:
        raise UsageError(f"--model: {args.model}: not a spaCy pipeline with a 'ner' component")
    corpus = read_corpus(list(args.data), model.vocab)
    scores = evaluate(model, corpus.docs)
    if args.json:
        print_json({"model": args.model, "sentences": len(corpus.docs), "scores": scores})
    else:
        _print_scores(scores, f"{len(corpus.docs)} sentences")
    return 0


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) or "no entities"


def _print_scores(scores: dict[str, dict[str, float]], what: str) -> None:
    print(f"scores on {what}:")
    rows = [[label, f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f']:.3f}"]
            for label, s in sorted(scores.items(), key=lambda kv: kv[0] != "ALL")]
    print_table(["label", "P", "R", "F1"], rows)
    sys.stdout.flush()
