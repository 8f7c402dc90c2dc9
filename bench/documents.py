"""Document files benchmark: text token F1, titles and member linking on the generated test set
(bench/doccorpus), OCR on the scans, text-layer speed, and memory on a 300-page PDF.

    python -m bench documents [--split dev|test|all] [--out DIR] [--verbose]

The texts marked ``split: test`` in bench/doccorpus/texts.yaml were written before the layout
rules were tuned and only scored; ``dev`` texts were looked at while tuning.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.doccorpus.build import CorpusDoc, build_corpus, long_pdf
from bench.extraction import prf
from bench.machine import describe
from pipeline.document import Document, RawPage
from pipeline.documents import layout_document, read_document, sniff_document
from pipeline.process import PipelineOptions, Processor
from pipeline.settings import load_registry

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("pl", "cs", "de", "en")


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip().casefold()


@dataclass
class DocScore:
    name: str
    layout: str
    split: str
    lang: str
    f1: float
    title_ok: bool
    tp: int  # members found that the text names
    fp: int
    fn: int
    skip: str | None = None


def raw_page(path: Path, lang: str | None = None) -> RawPage:
    return RawPage(url=path.resolve().as_uri(), body=path.read_bytes(), source="bench",
                   path=str(path), lang_hint=lang)


def score_doc(item: CorpusDoc, doc: Document) -> DocScore:
    ref = item.text.reference()
    if item.layout == "scan":  # no geometry: the title is read as the first line
        _, _, f1 = prf(f"{doc.title or ''}\n{doc.text}", f"{item.text.title}\n{ref}")
    else:
        _, _, f1 = prf(doc.text, ref)
    gold, got = set(item.text.members), set(doc.members)
    return DocScore(item.path.name, item.layout, item.split, item.text.lang, f1,
                    _norm(doc.title) == _norm(item.text.title), len(gold & got),
                    len(got - gold), len(gold - got), doc.skip_reason)


def score_corpus(docs: list[CorpusDoc], processor: Processor) -> list[DocScore]:
    out: list[DocScore] = []
    for item in docs:
        doc = processor.process(raw_page(item.path))
        out.append(score_doc(item, doc))
    return out


def summarise(scores: list[DocScore]) -> dict[str, float]:
    if not scores:
        return {}
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
    return {"docs": len(scores), "f1": sum(s.f1 for s in scores) / len(scores),
            "min_f1": min(s.f1 for s in scores),
            "title": sum(s.title_ok for s in scores) / len(scores),
            "members_p": tp / (tp + fp) if tp + fp else 1.0,
            "members_r": tp / (tp + fn) if tp + fn else 1.0,
            "skipped": sum(s.skip is not None for s in scores)}


def text_layer_speed(paths: list[Path], repeat: int = 3) -> tuple[float, int]:
    """Pages per second of reading and laying out text-layer PDFs (best of ``repeat``)."""
    best = 0.0
    pages = 0
    for _ in range(repeat):
        pages = 0
        start = time.process_time()
        for path in paths:
            page = raw_page(path)
            doc = layout_document(read_document(page, sniff_document(page.body) or "?"))  # type: ignore[arg-type]
            pages += len(doc.pages)
        best = max(best, pages / max(time.process_time() - start, 1e-9))
    return best, pages


_RSS = """
import resource, sys
from pathlib import Path
from pipeline.document import RawPage
from pipeline.documents import layout_document, read_document, sniff_document
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
body = Path(sys.argv[1]).read_bytes()
doc = layout_document(read_document(RawPage(url="file:///x.pdf", body=body, source="b"),
                                    sniff_document(body)))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(doc.pages), before, after)
"""


def peak_memory(path: Path) -> tuple[int, float, float]:
    """(pages, peak RSS MiB before reading, peak RSS MiB after) in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", _RSS, str(path)], capture_output=True,
                          text=True, check=True, cwd=ROOT, timeout=600)
    pages, before, after = done.stdout.split()
    return int(pages), int(before) / 1024, int(after) / 1024


def _table(rows: dict[str, dict[str, float]]) -> str:
    lines = ["| set | docs | text token F1 (mean / min) | title | members P / R | skipped |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, s in rows.items():
        if not s:
            continue
        lines.append(f"| {name} | {s['docs']:.0f} | {s['f1']:.3f} / {s['min_f1']:.3f} | "
                     f"{100 * s['title']:.0f} % | {s['members_p']:.3f} / {s['members_r']:.3f} | "
                     f"{s['skipped']:.0f} |")
    return "\n".join(lines)


def report(scores: list[DocScore]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[DocScore]] = defaultdict(list)
    for s in scores:
        kind = "scans (OCR)" if s.layout == "scan" else "text layer"
        groups[f"{kind}, {s.split}"].append(s)
        groups[f"{kind}, all"].append(s)
        if s.layout != "scan":
            groups[f"layout {s.layout}"].append(s)
            groups[f"lang {s.lang}"].append(s)
    return {k: summarise(v) for k, v in sorted(groups.items())}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench documents")
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--out", type=Path, default=None, help="keep the generated files here")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    folder = args.out or Path(tempfile.mkdtemp(prefix="cw-docs-"))
    docs = [d for d in build_corpus(folder / "corpus") if args.split in ("all", d.split)]
    processor = Processor(load_registry(ROOT / "config" / "members.yaml"), PipelineOptions(LANGS))
    scores = score_corpus(docs, processor)
    if args.verbose:
        for s in scores:
            print(json.dumps(s.__dict__, ensure_ascii=False))
    print(f"machine: {describe()}")
    print(_table(report(scores)))
    text_pdfs = [d.path for d in docs if d.layout.startswith("pdf")]
    speed, pages = text_layer_speed(text_pdfs)
    print(f"\ntext-layer speed, one core (CPU time, best of 3): {speed:.0f} pages/s "
          f"over {pages} pages of {len(text_pdfs)} PDFs")
    for n in (30, 300):
        path = long_pdf(folder, n)
        start = time.perf_counter()
        got, before, after = peak_memory(path)
        secs = time.perf_counter() - start
        print(f"{n}-page PDF: {got} pages read in {secs:.1f} s (with start-up), peak RSS "
              f"{before:.0f} MiB before, {after:.0f} MiB after reading")
    return 0


def summary_for_tests(folder: Path) -> dict[str, Any]:
    """Scores of the whole test set (for the quality-gate test)."""
    docs = build_corpus(folder)
    processor = Processor(load_registry(ROOT / "config" / "members.yaml"), PipelineOptions(LANGS))
    return {"scores": score_corpus(docs, processor)}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
