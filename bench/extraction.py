"""Extraction benchmark: ``python -m bench extraction [--dev-only|--xbench-only] [--out DIR]``.

Runs the project's extractor (decode + extract) over ../shared/data/pages-dev (gold pages, scored as
its README suggests) and ../shared/data/extraction-bench (scored by that set's own score.py),
and prints the tables of issue 4 with the machine description.

extraction-bench is split once, before any tuning (issue 14): a page whose sha1("dataset/id")
ends in an even hex digit is held out (``held_out``). Rules are developed on the other part
(``--part dev`` runs and scores only that part); the held-out part is scored only in full runs,
reported next to the development part, and its pages are never opened.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.machine import describe
from pipeline.decode import decode
from pipeline.document import Document, RawPage
from pipeline.extract import extract

SHARED = Path(os.environ.get("CLUSTERWATCH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
MOJIBAKE = re.compile("[ÃÅÄ][\u0080-\u00bf]|\ufffd|Ä\u2122|Å\u201a|Ã³")


def toks(s: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", s).casefold())


def prf(extracted: str, gold: str) -> tuple[float, float, float]:
    e, g = Counter(toks(extracted)), Counter(toks(gold))
    tp = sum((e & g).values())
    p = tp / sum(e.values()) if e else float(not g)
    r = tp / sum(g.values()) if g else float(not e)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def leak(extracted: str, samples: list[str]) -> float:
    return sum(_norm(x) in _norm(extracted) for x in samples) / len(samples) if samples else 0.0


@dataclass
class PageScore:
    id: str
    lang: str
    legacy: bool
    is_article: bool
    f1: float = 0.0
    leak: float = 0.0
    title_ok: bool = False
    date_ok: bool = False
    author_ok: bool = False
    nonarticle_ok: bool = True
    mojibake: bool = False
    notes: list[str] = field(default_factory=list)


def run_page(html_path: Path, gold: dict[str, Any]) -> tuple[Document, float]:
    page = RawPage(url=gold["url"], body=html_path.read_bytes(), source="pages-dev")
    t0 = time.perf_counter()
    doc = extract(decode(page))
    return doc, time.perf_counter() - t0


def score_page(doc: Document, gold: dict[str, Any]) -> PageScore:
    s = PageScore(gold["id"], gold["lang"], gold["encoding"] != "utf-8", gold["is_article"])
    text = doc.text if doc.is_article else ""
    s.leak = leak(doc.text, gold["boilerplate_samples"])
    s.notes += [
        f"leaked {x[:60]!r}" for x in gold["boilerplate_samples"] if _norm(x) in _norm(doc.text)
    ]
    s.mojibake = bool(MOJIBAKE.search(f"{doc.title} {doc.text}"))
    s.title_ok = _norm(doc.title or "") == _norm(gold["title"])
    if not gold["is_article"]:
        s.nonarticle_ok = not doc.is_article or not doc.text
        s.f1 = 1.0 if s.nonarticle_ok else 0.0
        return s
    s.f1 = prf(text, gold["text"])[2]
    s.date_ok = doc.published == gold["published"]
    s.author_ok = (doc.author or "").casefold() == (gold["author"] or "").casefold()
    for name, ok, got, want in (
        ("title", s.title_ok, doc.title, gold["title"]),
        ("date", s.date_ok, doc.published, gold["published"]),
        ("author", s.author_ok, doc.author, gold["author"]),
    ):
        if not ok:
            s.notes.append(f"{name}: got {got!r}, want {want!r}")
    return s


def score_dev(root: Path) -> tuple[list[PageScore], float]:
    scores, secs = [], 0.0
    for jp in sorted(root.glob("*.json")):
        gold = json.loads(jp.read_text("utf-8"))
        doc, dt = run_page(jp.with_suffix(".html"), gold)
        secs += dt
        scores.append(score_page(doc, gold))
    return scores, secs


def dev_summary(scores: list[PageScore]) -> dict[str, float]:
    arts = [s for s in scores if s.is_article]
    non = [s for s in scores if not s.is_article]
    return {
        "f1": statistics.mean(s.f1 for s in arts),
        "leak": statistics.mean(s.leak for s in scores),
        "title": statistics.mean(s.title_ok for s in scores),
        "published": statistics.mean(s.date_ok for s in arts),
        "author": statistics.mean(s.author_ok for s in arts),
        "nonarticle": sum(s.nonarticle_ok for s in non),
        "nonarticle_total": len(non),
        "mojibake": sum(s.mojibake for s in scores),
    }


def dev_table(scores: list[PageScore], secs: float) -> str:
    sm = dev_summary(scores)
    groups: dict[str, list[PageScore]] = defaultdict(list)
    for s in scores:
        if s.is_article:
            groups[s.lang].append(s)
            if s.legacy:
                groups["legacy enc."].append(s)
    rows = [
        "| pages-dev (30) | value | target |",
        "|---|---|---|",
        f"| body token F1 (mean, articles) | {sm['f1']:.3f} | ≥ 0.95 |",
        f"| boilerplate samples leaked | {100 * sm['leak']:.1f} % | ≤ 1 % |",
        f"| title exact | {100 * sm['title']:.0f} % | ≥ 95 % |",
        f"| published date | {100 * sm['published']:.0f} % | ≥ 95 % |",
        f"| author | {100 * sm['author']:.0f} % | ≥ 90 % |",
        f"| non-articles recognised | {sm['nonarticle']:.0f}/{sm['nonarticle_total']:.0f} | all |",
        f"| pages with mojibake | {sm['mojibake']:.0f} | 0 |",
        f"| speed (decode+extract) | {len(scores) / secs:.0f} pages/s | – |",
        "",
        "| group | pages | body F1 |",
        "|---|---|---|",
    ]
    rows += [
        f"| {g} | {len(v)} | {statistics.mean(s.f1 for s in v):.3f} |"
        for g, v in sorted(groups.items())
    ]
    return "\n".join(rows)


PARTS = ("all", "dev", "held-out")


def held_out(dataset: str, page_id: str) -> bool:
    """The fixed split of extraction-bench: sha1 of 'dataset/id' ending in an even hex digit."""
    digest = hashlib.sha1(f"{dataset}/{page_id}".encode()).hexdigest()
    return int(digest[-1], 16) % 2 == 0


def in_part(dataset: str, page_id: str, part: str) -> bool:
    return part == "all" or held_out(dataset, page_id) == (part == "held-out")


def xbench_summary(
    out: Path, datasets: list[str] | None, func: str = "extract", part: str = "all"
) -> dict[str, Any]:
    """Run and score extraction-bench through its own score.py (imported from the shared folder).

    The pages of ``part`` are run once; the summary is that of ``part``, with the summaries of
    the two halves under ``"parts"`` when the whole set was run.
    """
    root = SHARED / "data" / "extraction-bench"
    sys.path.insert(0, str(root))
    import score  # type: ignore[import-not-found]

    pages = [p for p in score.load_pages(datasets) if in_part(p["dataset"], p["id"], part)]
    name = "clusterwatch" if func == "extract" else func
    spec = f"{Path(__file__).with_name('extraction_adapter.py')}:{func}"
    score.run_one((name, "func", spec, pages, str(out), 60, False))
    summary, rows = score.score_extractor(name, pages, str(out))
    result = dict(summary)
    if part == "dev":  # per-page scores of the development part, to look for failure classes
        (out / name / "dev-pages.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), "utf-8"
        )
    if part == "all":
        result["parts"] = {
            half: dict(
                score.score_extractor(
                    name, [p for p in pages if in_part(p["dataset"], p["id"], half)], str(out)
                )[0]
            )
            for half in PARTS[1:]
        }
    return result


@dataclass
class SpeedResult:
    ours: float  # CPU pages/s
    trafilatura: float
    pages: int
    rejected: list[str]  # pages (dataset/id) our extractor took for non-articles


def speed_compare(datasets: list[str] | None) -> SpeedResult:
    """CPU pages/s of our extractor and of trafilatura 2.3.1 (defaults) on the same pages, one core.

    CPU time (time.process_time) rather than wall time, so a busy shared machine skews both alike.
    Every page of extraction-bench is an article, so the pass also counts the pages our
    non-article detector would have kept out of the store (score.py sees their text regardless).
    """
    import trafilatura

    root = SHARED / "data" / "extraction-bench" / "data"
    pages = [
        (f"{d.name}/{p.stem}", p.read_text("utf-8"),
         str(json.loads(p.with_suffix(".json").read_text("utf-8")).get("url") or ""))
        for d in sorted(root.iterdir())
        if d.is_dir() and (not datasets or d.name in datasets)
        for p in sorted(d.glob("*.html"))
    ]
    rejected: list[str] = []

    def run_ours(key: str, html: str, url: str) -> None:
        if not extract(Document(url=url, source="bench", html=html)).is_article:
            rejected.append(key)

    def run_trafilatura(key: str, html: str, url: str) -> None:
        trafilatura.extract(html)

    run_ours("", pages[0][1], "")
    run_trafilatura(*pages[0])
    rejected.clear()
    spent = [0.0, 0.0]
    for page in pages:  # interleaved page by page, so changes in machine load hit both alike
        for i, fn in enumerate((run_ours, run_trafilatura)):
            t0 = time.process_time()
            fn(*page)
            spent[i] += time.process_time() - t0
    return SpeedResult(len(pages) / spent[0], len(pages) / spent[1], len(pages), rejected)


def _xrows(sm: dict[str, Any]) -> list[str]:
    g = sm["groups"]

    def f1(key: str) -> str:
        return f"{g[key]['f1']:.3f}" if key in g else "–"

    ck = sm.get("cookie_leak") or {}
    sh = sm.get("sh_compat_scrapinghub")
    leaks = f"{ck['leaked']:.0f}/{ck['pages_with_banner_text']}" if ck else "–"
    return [
        f1("token|all_fulltext|*"),
        f1("token|lang|de"),
        f1("token|lang|cs"),
        f1("token|lang|en"),
        f"{sh['f1']:.3f}" if sh else "–",
        f"{f1('snippet|all_snippet|*')} / {f1('snippet|lang|de')} / {f1('snippet|lang|pl')}",
        leaks,
        f"{sm['speed']['pages_per_second']:.1f}",
        str(sm["errors"] or 0),
    ]


_XLABELS = (
    ("full-text token F1 (micro)", "≥ 0.95"),
    ("full-text F1, de", "≥ 0.96"),
    ("full-text F1, cs", "≥ 0.96"),
    ("full-text F1, en", "–"),
    ("Scrapinghub shingle F1", "≥ 0.96"),
    ("snippet F1, all / de / pl", "pl ≥ 0.92"),
    ("cookie notices leaked", "0"),
    ("pages/s (score.py, wall clock)", "≥ trafilatura"),
    ("errors", "0"),
)


def _part_f1(sm: dict[str, Any] | None, half: str) -> str:
    part = (sm or {}).get("parts", {}).get(half)
    if not part:
        return "–"
    g = part["groups"]
    full = g.get("token|all_fulltext|*", {}).get("f1")
    snip = g.get("snippet|all_snippet|*", {}).get("f1")
    return " / ".join(f"{x:.3f}" if x is not None else "–" for x in (full, snip))


def _part_rows(sm: dict[str, Any], base: dict[str, Any] | None) -> list[str]:
    """Full-text and snippet F1 of the development and the held-out half."""
    rows = []
    for half in PARTS[1:]:
        n = sm.get("parts", {}).get(half, {}).get("n_pages", 0)
        rows.append(
            f"| full-text / snippet F1, {half} part ({n} pages) | {_part_f1(sm, half)} | – "
            f"| {_part_f1(base, half)} |"
        )
    return rows


def xbench_table(
    sm: dict[str, Any],
    base: dict[str, Any] | None = None,
    speed: SpeedResult | None = None,
) -> str:
    ours = _xrows(sm)
    theirs = _xrows(base) if base else ["–"] * len(ours)
    rows = [
        "| extraction-bench (642) | clusterwatch | target | trafilatura 2.3.1 default, same run |",
        "|---|---|---|---|",
    ]
    rows += [
        f"| {lab} | {o} | {t} | {b} |"
        for (lab, t), o, b in zip(_XLABELS, ours, theirs, strict=True)
    ]
    rows += _part_rows(sm, base)
    if speed:
        rows.append(
            f"| CPU pages/s, {speed.pages} pages, one core | {speed.ours:.1f} | ≥ trafilatura "
            f"| {speed.trafilatura:.1f} |"
        )
        rows.append(
            f"| articles taken for non-articles (not stored) | {len(speed.rejected)} | 0 | – |"
        )
    return "\n".join(rows)


def _verbose(scores: list[PageScore]) -> None:
    for s in scores:
        flags = f"F1={s.f1:.3f} leak={s.leak:.2f}" + (
            "" if s.nonarticle_ok else " NON-ARTICLE MISSED"
        )
        print(f"{s.id}: {flags} " + "; ".join(s.notes))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench extraction", description=__doc__)
    ap.add_argument("--dev-only", action="store_true")
    ap.add_argument("--xbench-only", action="store_true")
    ap.add_argument("--datasets", nargs="*", help="extraction-bench datasets (default: all)")
    ap.add_argument(
        "--part", choices=PARTS, default="all",
        help="extraction-bench pages to run: all (both halves reported), or one half",
    )
    ap.add_argument(
        "--out", default="extraction-bench-results", help="where bench outputs go"
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="per-page notes for pages-dev")
    ap.add_argument("--no-speed", action="store_true", help="skip the CPU-time comparison")
    ap.add_argument("--no-baseline", action="store_true", help="skip scoring trafilatura alongside")
    ap.add_argument("--results", type=Path, help="also write the tables to this Markdown file")
    a = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"evaluation data not found at {SHARED}", file=sys.stderr)
        return 2
    blocks = [
        f"- machine: {describe()}",
        f"- when: {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC",
    ]
    print("\n".join(blocks) + "\n")
    if not a.xbench_only:
        scores, secs = score_dev(SHARED / "data" / "pages-dev")
        blocks.append(dev_table(scores, secs))
        print(blocks[-1] + "\n")
        if a.verbose:
            _verbose(scores)
    if not a.dev_only:
        summary = xbench_summary(Path(a.out), a.datasets, part=a.part)
        base = (
            None
            if a.no_baseline
            else xbench_summary(Path(a.out), a.datasets, "trafilatura_default", a.part)
        )
        blocks.append(
            xbench_table(summary, base, None if a.no_speed else speed_compare(a.datasets))
        )
        print(blocks[-1])
    if a.results:
        head = "# Extraction results (issues 4 and 14)\n\nCommand: `python -m bench extraction`.\n"
        a.results.write_text(head + "\n" + "\n\n".join(blocks) + "\n" + RESULTS_NOTES, "utf-8")
    return 0


RESULTS_NOTES = """
Notes
- pages-dev is scored as its README suggests; extraction-bench by its own `score.py`, with
  trafilatura 2.3.1 (default settings) run alongside on the same pages in the same process.
- The machine is shared by several engineers, so speed figures may be taken under load. The
  CPU-time row (`time.process_time`, one core, the two extractors interleaved page by page) is the
  fair comparison; wall clock swings with the load.
- The extractor: our pre-cleaning (vendor consent boxes, tickers, captions) on one lxml tree,
  trafilatura 2.3.1 (`fast=True`, comments off) inside for the main block, then our paragraph rules
  (multilingual consent/newsletter detector, bylines, datelines, source and signature lines,
  captions, read-also, ads, comment counters, menus, breadcrumbs, copyright-box footers, teaser
  cards and related boxes) and a hole filler that puts back list items and intertitles trafilatura
  drops.
- cs: leads (perex) are kept, as pages-dev's contract asks; cmoncrawl_cz's ground truth keeps them
  on some sites and not on others (counted per site: rozhlas 0 of 8, aktualne 16 of 18), so part
  of the remaining cs loss is that choice.
- Speed: the tree is parsed once from UTF-8 bytes with a C-level element class lookup, metadata
  elements are gathered in one walk, and trafilatura returns its XML tree (no text rendering).
- "articles taken for non-articles": every extraction-bench page is an article; this row counts
  those our listing/gallery/empty verdicts would keep out of the store (score.py sees their text
  regardless).
- This copy of extraction-bench has 57 pages with a static cookie notice (its README says 58).
- German snippets (trafilatura_eval, de) are slightly below trafilatura's defaults (its fallback
  extractors, which `fast` mode skips, recover some of them).
- pages-dev is the development set, so its figures are optimistic. A held-out set exists and was
  not used.
- Split of extraction-bench (issue 14, fixed before any tuning): a page whose sha1("dataset/id")
  ends in an even hex digit is held out (310 pages); rules were developed on the other 332
  (`--part dev`), and the held-out half is only scored in full runs. Both halves are reported.
- Issue 14 (pages from the open web): leads outside the body container (marked perex, teaser,
  standfirst, opener, or the block that repeats the meta description), promotion boxes and
  lines, related-link lists, teaser-card labels, script text in headings, bylines (teasers of
  other articles skipped, job titles cut, several names), site names never the title, lenient
  JSON-LD, two-digit-year datelines, caption and broadcast dates. Leads cost some cs F1 on
  cmoncrawl_cz, whose ground truth keeps the perex apart, and a little on Scrapinghub, whose
  annotators left English 'dek' lines out (those are skipped); fundus' publisher parsers, which
  keep the summary, gain most.
- Tried and left out: the meta description as the lead when the page shows none (dev part
  0.970 -> 0.969, Scrapinghub shingle 0.961 -> 0.959, cs 0.969 -> 0.966).
"""
