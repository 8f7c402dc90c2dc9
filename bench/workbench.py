"""python -m bench workbench: latency of the analyst workbench on the embedded store.

The store holds ``--docs`` synthetic articles (bench/search_corpus.py, seeded) whose
organisations, places and persons come from skewed pools (a few names in many articles, a long
tail of rare ones, new names appearing over the years), like tagged press coverage. Measured at
the store, one client, after a warm-up query of each kind:

* entities: the top 25 organisations (or places, persons) of a random quarter, compared with the
  previous quarter and marked "new" (three store reads, as ``clusterwatch entities`` does);
* prospects: the top 25 non-member organisations next to members in a random quarter;
* compare: five members over the whole archive by month, with share of voice (one read of
  every member's mentions, kept until the next write); and the same right after a write (the
  first compare after a nightly run pays the read).

Targets (issue: analyst workbench): entities for a quarter p95 <= 200 ms, compare of five
members p95 <= 100 ms, at 100,000 documents.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.search_corpus import END, START, documents
from clusterwatch.workbench.entities import entity_report, member_names
from index.base import (
    EntitiesQuery,
    EntityKind,
    Interval,
    MentionsQuery,
    RunRecord,
    Store,
    StoreOptions,
)
from index.compare import compare
from index.factory import open_store
from pipeline.document import Document
from pipeline.registry import Registry
from pipeline.settings import load_registry

ROOT = Path(__file__).resolve().parent.parent
TARGETS: dict[str, float | None] = {"entities (quarter)": 200.0, "prospects (quarter)": 200.0,
           "compare 5 members + share": 100.0,
           "compare 5 members + share, first after a write": None}
SEED = 11


def _pool(prefix: str, n: int) -> list[str]:
    return [f"{prefix} {i:04d}" for i in range(n)]


def with_entities(docs: Iterator[Document], seed: int) -> Iterator[Document]:
    """Skewed organisation, place and person names on each article (Zipf-like pools)."""
    rng = random.Random(seed)
    pools = {"organisations": _pool("Firma", 20_000), "places": _pool("Miejscowość", 3_000),
             "persons": _pool("Osoba", 30_000)}
    weights = {k: [1.0 / (i + 1) ** 0.9 for i in range(len(v))] for k, v in pools.items()}
    for doc in docs:
        for field, pool in pools.items():
            names = rng.choices(pool, weights=weights[field], k=rng.randint(1, 6))
            setattr(doc, field, list(dict.fromkeys(names)))
        yield doc


def build(db: Path, n: int, registry: Registry) -> Store:
    url = f"sqlite:///{db}"
    db.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(url, StoreOptions(data_dir=str(db.parent)))
    if store.stats().documents == n:
        return store
    store.close()
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    store = open_store(url, StoreOptions(data_dir=str(db.parent)))
    started, batch = time.perf_counter(), []
    for doc in with_entities(documents(n, registry, SEED), SEED):
        batch.append(doc)
        if len(batch) == 5000:
            store.upsert_many(batch)
            batch = []
            print(f"  filled {store.stats().documents:,}/{n:,} "
                  f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    store.upsert_many(batch)
    return store


def _quarters(rng: random.Random, count: int) -> list[tuple[date, date]]:
    span = (END - START).days - 92
    out = []
    for _ in range(count):
        start = START + timedelta(days=rng.randrange(span))
        out.append((start, start + timedelta(days=91)))
    return out


def samples(fn: Callable[[], Any], count: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(count):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def measure(store: Store, registry: Registry, count: int) -> dict[str, list[float]]:
    rng = random.Random(SEED + 1)
    quarters = iter(_quarters(rng, count * 3 + 3))
    ids = registry.ids()
    excluded = member_names(registry)

    def entities() -> None:
        since, until = next(quarters)
        entity_report(store, EntitiesQuery(kind=EntityKind.ORG, since=since, until=until,
                                           top=25))

    def prospects() -> None:
        since, until = next(quarters)
        entity_report(store, EntitiesQuery(kind=EntityKind.ORG, since=since, until=until,
                                           top=25, with_members=True, exclude=excluded))

    def five() -> None:
        members = rng.sample(ids[:12], 5)
        compare(store, MentionsQuery(members=members, interval=Interval.MONTH), share=True)

    def five_after_write() -> None:
        store.add_run(RunRecord("bench-write", "bench", datetime.now(timezone.utc)))
        five()

    return {"entities (quarter)": samples(entities, count),
            "prospects (quarter)": samples(prospects, count),
            "compare 5 members + share": samples(five, count),
            "compare 5 members + share, first after a write": samples(five_after_write, count)}


def report(results: dict[str, list[float]], docs: int) -> str:
    lines = ["# Workbench latency (embedded store)", "",
             f"Machine: {describe()}. Store: {docs:,} synthetic documents "
             "(`python -m bench workbench`).", "",
             "| query | n | p50 ms | p95 ms | max ms | target p95 | |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for what, secs in results.items():
        ms = sorted(s * 1000 for s in secs)
        p95 = ms[min(len(ms) - 1, math.ceil(0.95 * len(ms)) - 1)]
        target = TARGETS[what]
        verdict = "" if target is None else ("ok" if p95 <= target else "MISSED")
        shown = "" if target is None else f"≤ {target:.0f}"
        lines.append(f"| {what} | {len(ms)} | {statistics.median(ms):.1f} | {p95:.1f} | "
                     f"{ms[-1]:.1f} | {shown} | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench workbench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=ROOT / "data" / "bench" / "workbench.db")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS-workbench.md")
    args = ap.parse_args(argv)
    registry = load_registry(ROOT / "config" / "members.yaml")
    store = build(args.db, args.docs, registry)
    try:
        text = report(measure(store, registry, args.queries), args.docs)
    finally:
        store.close()
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0
