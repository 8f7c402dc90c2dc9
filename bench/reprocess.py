"""Reprocess scaling: ``python -m bench reprocess [--docs 20000] [--workers 1,2]``.

Fills an embedded store with N stored documents (the generated Polish articles of the crawl
bench, stored with their HTML as a crawl leaves them), then times ``clusterwatch reprocess``
over a fresh copy of that store for every worker count (default: 1 up to the machine's cores),
each in a child process: the whole path (read, clean, tag, group stories, compare, write).
Prints documents per second and the speed-up over one worker, measured in one run on the same
input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.crawl import _article
from bench.machine import describe
from index.sqlite import SqliteStore
from pipeline.document import Document
from pipeline.pool import default_workers

ROOT = Path(__file__).resolve().parent.parent


def fill_store(path: Path, docs: int, seed: int = 11) -> None:
    """N documents as a crawl stores them: URL, source, decoded HTML (processed later)."""
    rng = random.Random(seed)
    store = SqliteStore(f"sqlite:///{path}")

    def generate() -> object:
        for i in range(docs):
            doc = Document(url=f"http://bench.test/artykul/{i}.html", source="bench",
                           html=_article(i, rng), title=f"Wiadomość {i}", text="-")
            doc.ensure_id()
            yield doc
    store.upsert_many(generate())  # type: ignore[arg-type]
    store.close()


def write_config(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sources = {"sources": [{"id": "bench", "start_urls": ["http://bench.test/"],
                            "articles": [r"/artykul/\d+\.html$"], "language": "pl"}]}
    members = {"members": [{"id": "grupa-azoty-zak", "name": "Grupa Azoty ZAK",
                            "aliases": ["Azoty ZAK"]}]}
    for name, data in (("sources.yaml", sources), ("members.yaml", members),
                       ("settings.yaml", {})):
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def run_reprocess(config: Path, store: Path, data: Path, workers: int) -> tuple[float, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env.update(PYTHONPATH=str(ROOT), CLUSTERWATCH_STORE=f"sqlite:///{store}",
               CLUSTERWATCH_DATA_DIR=str(data))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "clusterwatch.cli", "--config", str(config),
                           "reprocess", "--json", "--workers", str(workers)],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"reprocess failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, json.loads(proc.stdout)["total"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench reprocess", description=__doc__)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--workers", default=None,
                        help="comma-separated worker counts (default: 1 to the cores)")
    args = parser.parse_args(argv)
    counts = ([int(w) for w in args.workers.split(",")] if args.workers
              else list(range(1, default_workers() + 1)))
    with tempfile.TemporaryDirectory(prefix="cw-bench-reprocess-") as name:
        tmp = Path(name)
        t0 = time.perf_counter()
        fill_store(tmp / "seed.db", args.docs)
        write_config(tmp / "config")
        print(f"store: {args.docs} documents (filled in {time.perf_counter() - t0:.1f} s)")
        rows = []
        for n in counts:
            shutil.copy(tmp / "seed.db", tmp / f"run-{n}.db")
            seconds, total = run_reprocess(tmp / "config", tmp / f"run-{n}.db",
                                           tmp / f"data-{n}", n)
            rows.append((n, seconds, total))
            print(f"  workers={n}: {seconds:.1f} s", flush=True)
    print(f"machine: {describe()}")
    print(f"{'workers':>7} {'seconds':>8} {'docs/s':>8} {'speed-up':>8} {'changed':>8} "
          f"{'errors':>6}")
    base = rows[0][1]
    for n, seconds, total in rows:
        print(f"{n:7d} {seconds:8.1f} {args.docs / seconds:8.1f} {base / seconds:8.2f} "
              f"{total['changed']:8d} {total['errors']:6d}")
    return 0
