"""Crawl benchmark: ``python -m bench crawl [--pages 10000] [--workers 1,2] [--keep DIR]``.

Generates a local fixture site of N article pages (Polish text, varied so that no two pages are
near-duplicates) reached from listing pages, serves it with clusterwatch.devserver on 127.0.0.1,
and runs ``clusterwatch crawl`` on it in a child process with no delay: the whole path (Scrapy,
the pipeline stages, the SQLite store, the crawl state, the WARC archive). One first crawl per
worker count (each into a fresh store), then the baseline: a bare Scrapy spider that only runs
trafilatura and writes JSON Lines (``bench.crawl_baseline``). Prints pages per second, the
ratios to one worker and to the baseline, and peak resident memory (the crawl process's, and
its largest worker's), with the machine. A second, incremental crawl of the same site (every
article answers 304) is timed too, unless ``--no-recrawl``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.machine import describe
from clusterwatch.devserver import SiteServer

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("zakład", "instalacja", "spółka", "klaster", "chemiczny", "Odra", "port", "miasto",
         "powiat", "inwestycja", "energia", "wodór", "nawozy", "amoniak", "laboratorium",
         "politechnika", "badania", "praca", "pracownicy", "rada", "gmina", "region",
         "województwo", "transport", "kolej", "barka", "magazyn", "budowa", "remont",
         "szkolenie", "technik", "produkcja", "surowiec", "gaz", "emisja", "ścieki",
         "oczyszczalnia", "rozwój", "program", "umowa", "porozumienie", "targi", "wystawa",
         "konferencja", "partnerzy", "Czechy", "Niemcy", "eksport", "rynek", "cena", "koszt")
NAMES = ["Grupa Azoty ZAK", "Politechnika Opolska", "ICSO Blachownia", "Kędzierzyn-Koźle",
         "Brenntag Polska", "Petrochemia Blachownia", "Opole", "Ostrawa", "Leuna"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    words.insert(rng.randint(0, len(words)), rng.choice(NAMES))
    return " ".join(words).capitalize() + "."


def _article(i: int, rng: random.Random) -> str:
    paras = "\n".join(
        f"<p>{' '.join(_sentence(rng) for _ in range(rng.randint(3, 5)))}</p>"
        for _ in range(rng.randint(4, 7)))
    day = f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}"
    return (f'<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">'
            f"<title>Wiadomość {i}: {rng.choice(NAMES)}</title></head><body>"
            f'<nav><a href="/">Strona główna</a></nav><article><h1>Wiadomość numer {i}</h1>'
            f'<time datetime="{day}">{day}</time>\n{paras}\n</article>'
            f"<footer>Portal testowy</footer></body></html>\n")


def build_site(folder: Path, pages: int, per_listing: int, seed: int = 7) -> int:
    """Write the site; returns the number of listing pages."""
    rng = random.Random(seed)
    (folder / "artykul").mkdir(parents=True)
    (folder / "lista").mkdir()
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    listings = (pages + per_listing - 1) // per_listing
    for i in range(pages):
        (folder / "artykul" / f"{i}.html").write_text(_article(i, rng), encoding="utf-8")
    for k in range(listings):
        links = "".join(f'<li><a href="/artykul/{i}.html">Wiadomość {i}</a></li>'
                        for i in range(k * per_listing, min(pages, (k + 1) * per_listing)))
        (folder / "lista" / f"{k}.html").write_text(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lista {k}</title></head>'
            f"<body><ul>{links}</ul></body></html>\n", encoding="utf-8")
    hub = "".join(f'<a href="/lista/{k}.html">{k}</a> ' for k in range(listings))
    (folder / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Portal</title></head>'
        f"<body>{hub}</body></html>\n", encoding="utf-8")
    return listings


def write_config(folder: Path, base: str, tmp: Path, max_pages: int, concurrency: int) -> None:
    folder.mkdir(parents=True)
    sources = {"sources": [{"id": "bench", "start_urls": [f"{base}/"], "follow": ["/lista/"],
                            "articles": [r"/artykul/\d+\.html$"], "language": "pl",
                            "max_pages": max_pages, "delay": 0}]}
    settings = {"store": f"sqlite:///{tmp / 'store.db'}", "data_dir": str(tmp / "data"),
                "crawl": {"delay": 0, "autothrottle": False, "concurrency": concurrency,
                          "concurrency_per_host": concurrency, "retries": 0, "timeout": 30}}
    members = {"members": [{"id": "grupa-azoty-zak", "name": "Grupa Azoty ZAK",
                            "aliases": ["Azoty ZAK"]}]}
    for name, data in (("sources.yaml", sources), ("settings.yaml", settings),
                       ("members.yaml", members)):
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


# runs the CLI and reports the process's own peak RSS on stderr when it exits
_WRAPPER = ("import atexit, resource, runpy, sys\n"
            "atexit.register(lambda: sys.stderr.write('\\nPEAK_RSS_KIB %d\\n"
            "PEAK_CHILD_RSS_KIB %d\\n' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))\n"
            "sys.argv = ['clusterwatch', *sys.argv[1:]]\n"
            "runpy.run_module('clusterwatch.cli', run_name='__main__')\n")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_crawl(config: Path, workers: int) -> tuple[float, dict[str, object], int, int]:
    """Seconds, the run record, the crawl process's peak RSS and its largest worker's, KiB."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, "--config", str(config), "crawl",
                           "--json", "--workers", str(workers)], env=_env(),
                          capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if not proc.stdout.strip():
        raise SystemExit(f"crawl failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    peaks = {line.split()[0]: int(line.split()[1]) for line in proc.stderr.splitlines()
             if line.startswith(("PEAK_RSS_KIB ", "PEAK_CHILD_RSS_KIB "))}
    return (seconds, json.loads(proc.stdout), peaks.get("PEAK_RSS_KIB", 0),
            peaks.get("PEAK_CHILD_RSS_KIB", 0))


def run_baseline(base: str, out: Path, concurrency: int) -> tuple[float, int]:
    """Seconds and articles written by the bare Scrapy + trafilatura spider."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.crawl_baseline", base, str(out),
                           str(concurrency)], env=_env(), capture_output=True, text=True,
                          cwd=ROOT)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"baseline failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    with out.open(encoding="utf-8") as f:
        return seconds, sum(1 for _ in f)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench crawl", description=__doc__)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--per-listing", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", default="1,2",
                        help="comma-separated worker counts, one first crawl each (default 1,2)")
    parser.add_argument("--no-recrawl", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    args = parser.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="cw-bench-crawl-") as name:
        tmp = args.keep or Path(name)
        tmp.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        listings = build_site(tmp / "sites" / "bench", args.pages, args.per_listing)
        print(f"site: {args.pages} articles, {listings} listing pages "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        rows, baseline = [], None
        with SiteServer(tmp / "sites") as server:
            for n in counts:
                run_dir = tmp / f"workers-{n}"
                write_config(run_dir / "config", server.url("bench"), run_dir,
                             args.pages + listings + 10, args.concurrency)
                rows.append((f"first crawl, workers={n}", n, *run_crawl(run_dir / "config", n)))
                print(f"  {rows[-1][0]}: {rows[-1][2]:.1f} s", flush=True)
            if not args.no_recrawl:
                n = counts[-1]
                rows.append((f"recrawl (304s), workers={n}", n,
                             *run_crawl(tmp / f"workers-{n}" / "config", n)))
            if not args.no_baseline:
                baseline = run_baseline(server.url("bench"), tmp / "baseline.jsonl",
                                        args.concurrency)
            requests = len(server.requests())
    _print(rows, baseline)
    print(f"HTTP requests answered by the site server: {requests}")
    return 0


def _print(rows: list[tuple[object, ...]], baseline: tuple[float, int] | None) -> None:
    print(f"machine: {describe()}")
    print("note: the site server runs in this process and shares the CPU with the crawl")
    print(f"{'run':<28} {'seconds':>8} {'pages':>7} {'pages/s':>8} {'new':>6} {'unch.':>6} "
          f"{'RSS MiB':>8} {'worker MiB':>10}")
    rates = {}
    for label, n, seconds, record, peak, child in rows:
        stats = record["sources"][0]  # type: ignore[index]
        pages = stats["fetched"] + stats["unchanged"]
        rate = pages / seconds  # type: ignore[operator]
        if str(label).startswith("first"):
            rates[n] = rate
        print(f"{label:<28} {seconds:8.1f} {pages:7d} {rate:8.1f} {stats['new']:6d} "
              f"{stats['unchanged']:6d} {peak / 1024:8.0f} {child / 1024:10.0f}")  # type: ignore[operator]
    if baseline is not None:
        seconds, written = baseline
        print(f"{'bare Scrapy + trafilatura':<28} {seconds:8.1f} {written:7d} "
              f"{written / seconds:8.1f}   (articles only, JSON Lines)")
    one = rates.get(1)
    for n, rate in sorted(rates.items()):
        ratios = [f"workers={n}: {rate:.1f} pages/s"]
        if one:
            ratios.append(f"{rate / one:.2f}x workers=1")
        if baseline is not None:
            ratios.append(f"{rate / (baseline[1] / baseline[0]):.2f}x the bare baseline")
        print("ratio " + ", ".join(ratios))
