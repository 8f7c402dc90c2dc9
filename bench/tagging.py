"""python -m bench tagging: tagging quality on mentions-dev and throughput on one core.

Quality: every gold text of ``../shared/data/mentions-dev`` goes through the Tagger and the member
linker (language from the gold file); the predictions are scored by the set's own ``score.py``.
Throughput: 300-word documents built from the gold texts, tagged in one process (one core).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.tagging_ner import PARTS, markdown, mentions_eval, ner_eval
from pipeline.document import Document, RawPage
from pipeline.link import link_members
from pipeline.nlp import Tagger
from pipeline.nlp.morph import morphology, stem
from pipeline.process import PipelineOptions, Processor
from pipeline.settings import load_registry

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "data" / "mentions-dev"
LANGS = ("pl", "cs", "de", "en")


def predict(tagger: Tagger, gold: dict[str, Any]) -> dict[str, Any]:
    doc = Document(
        url=f"gold:{gold['id']}",
        source="gold",
        id=gold["id"],
        lang=gold["lang"],
        title=gold.get("title"),
        text=gold["text"],
    )
    doc = link_members(tagger(doc))
    return doc.to_json()


def predict_via_pipeline(processor: Processor, gold: dict[str, Any]) -> dict[str, Any]:
    """The whole pipeline over the text written as Markdown: decode, extract, detect, tag, link."""
    body = (f"# {gold['title']}\n\n" if gold.get("title") else "") + gold["text"]
    page = RawPage(
        url=f"file:///gold/{gold['id']}.md",
        body=body.encode("utf-8"),
        source="gold",
        content_type="text/markdown",
        path=f"{gold['id']}.md",
    )
    out = processor.process(page).to_json()
    out["id"] = gold["id"]
    return out


def score(gold_dir: Path, tagger: Tagger, processor: Processor | None = None) -> dict[str, Any]:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    preds = [predict_via_pipeline(processor, g) if processor else predict(tagger, g) for g in golds]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    out = subprocess.run(
        [sys.executable, str(gold_dir / "score.py"), str(gold_dir), fh.name, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(fh.name).unlink()
    report: dict[str, Any] = json.loads(out.stdout)
    return report


def _clear_caches() -> None:
    stem.cache_clear()
    for lang in LANGS:
        morphology(lang).readings.cache_clear()  # type: ignore[attr-defined]


def throughput(tagger: Tagger, gold_dir: Path, n_docs: int) -> tuple[float, float, float]:
    """Documents per wall-clock second and per CPU second of this one process (warm caches),
    and per CPU second over the first documents with the word caches emptied (cold)."""
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    docs = []
    for k in range(n_docs):
        g = texts[k % len(texts)]
        words = (g["text"] + " " + texts[(k + 7) % len(texts)]["text"]).split()
        while len(words) < 300:
            words += words
        docs.append(
            Document(
                url=f"bench:{k}",
                source="bench",
                lang=g["lang"],
                title=g.get("title"),
                text=" ".join(words[:300]),
            )
        )
    _clear_caches()  # cold: the first 48 documents (one per gold text) fill the word caches
    cold = time.process_time()
    for d in docs[: len(texts)]:
        tagger(d)
    cold = time.process_time() - cold
    wall, cpu = time.perf_counter(), time.process_time()
    for d in docs:
        link_members(tagger(d))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return n_docs / wall, n_docs / cpu, min(n_docs, len(texts)) / max(cold, 1e-9)


def table(report: dict[str, Any]) -> str:
    kinds = ("members", "organisations", "places", "persons")
    lines = [
        "| lang | docs | " + " | ".join(f"{k} P / R" for k in kinds) + " | counts exact | MAE |",
        "| --- | --- | " + " | ".join("---" for _ in kinds) + " | --- | --- |",
    ]
    for lang in [*(x for x in LANGS if x in report), "all"]:
        r = report[lang]
        cells = " | ".join(f"{r[k]['precision']:.3f} / {r[k]['recall']:.3f}" for k in kinds)
        c = r["member_counts"]
        lines.append(f"| {lang} | {r['documents']} | {cells} | {c['exact']:.3f} | {c['mae']:.3f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench tagging")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--members", type=Path, default=ROOT / "config" / "members.yaml")
    ap.add_argument("--docs", type=int, default=600, help="documents for the throughput run")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--ner-eval",
        action="store_true",
        help="score the ner-eval sets and the mentions-dev split (one --part) instead",
    )
    ap.add_argument("--part", choices=PARTS, default="tune",
                    help="part of the fixed split scored by --ner-eval (default: tune)")
    ap.add_argument(
        "--pipeline",
        action="store_true",
        help="score through the whole pipeline (Markdown decode, extraction, language "
        "detection) instead of tagging the gold text with the gold language",
    )
    args = ap.parse_args(argv)
    if not (args.gold / "score.py").exists():
        print(f"gold set not found at {args.gold}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    tagger = Tagger(load_registry(args.members), LANGS)
    if args.ner_eval:
        return _ner_main(tagger, args.gold.parent, args.part, args.json)
    for lang in LANGS:
        tagger.pipeline_for(lang)
    build = time.perf_counter() - t0
    processor = Processor(tagger.registry, PipelineOptions(LANGS)) if args.pipeline else None
    report = score(args.gold, tagger, processor)
    rate, cpu_rate, cold = throughput(tagger, args.gold, args.docs) if args.docs else (0, 0, 0)
    if args.json:
        print(json.dumps({"scores": report, "docs_per_s": rate, "docs_per_cpu_s": cpu_rate,
                          "cold_docs_per_cpu_s": cold,
                          "build_s": build}, indent=1))
    else:
        print(table(report))
        print(
            f"\nthroughput: {rate:.1f} docs/s wall clock, {cpu_rate:.1f} docs/s per CPU second"
            f" (300-word documents, one process, {args.docs} docs); pipeline build {build:.1f} s;"
            f" cold word caches: {cold:.1f} docs/s per CPU second"
        )
        print(f"machine: {describe()}; load average {os.getloadavg()[0]:.1f} during the run")
    return 0


def _ner_main(tagger: Tagger, shared: Path, part: str, as_json: bool) -> int:
    t0 = time.process_time()
    sets = ner_eval(tagger, shared, part)
    mentions = mentions_eval(tagger, shared, part)
    cpu = time.process_time() - t0
    if as_json:
        print(json.dumps({"part": part, "ner_eval": {k: v.as_json() for k, v in sets.items()},
                          "mentions_dev": {k: v.as_json() for k, v in mentions.items()}},
                         indent=1))
        return 0
    print(f"part: {part}\n\nner-eval (organisations, places, persons):\n")
    print(markdown(sets))
    print(f"\nmentions-dev ({part}):\n")
    print(markdown(mentions, members=True))
    docs = sum(r.documents for r in sets.values()) + mentions["all"].documents
    print(f"\n{docs} documents tagged in {cpu:.1f} CPU s")
    return 0
