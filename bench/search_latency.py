"""Search and mentions latency at 100,000 documents in the embedded store (issue 8).

    python -m bench search [--docs 100000] [--db data/bench/search-100000.db] [--rebuild]
                           [--queries 400] [--clients 4] [--out bench/RESULTS-search.md]

Fills a SQLite store with synthetic articles (bench/search_corpus.py; kept and reused), then
measures p50/p95 of search and of one member's monthly mentions, through the store and through
the HTTP API of a real `clusterwatch serve` process with concurrent clients.
Targets: p95 <= 50 ms for search, <= 100 ms for monthly mentions.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.machine import describe
from bench.search_corpus import Vocabulary, documents, sample_queries
from clusterwatch.web.routes.search import FACET_SAMPLE
from index.base import Interval, MentionsQuery, SearchQuery, SortOrder, Store, StoreOptions
from index.factory import open_store
from pipeline.settings import load_registry

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"search": 50.0, "mentions": 100.0}  # p95, milliseconds
SEED = 8


@dataclass
class Row:
    what: str
    path: str  # "store" or "HTTP xN"
    samples: list[float]  # seconds
    target: float | None

    def cells(self) -> list[str]:
        ms = sorted(s * 1000 for s in self.samples)
        p50 = statistics.median(ms)
        p95 = ms[min(len(ms) - 1, math.ceil(0.95 * len(ms)) - 1)]
        verdict = "" if self.target is None else ("ok" if p95 <= self.target else "MISSED")
        target = "" if self.target is None else f"≤ {self.target:.0f}"
        return [self.what, self.path, str(len(ms)), f"{p50:.1f}", f"{p95:.1f}", f"{ms[-1]:.1f}",
                target, verdict]


def build(db: Path, n: int, rebuild: bool) -> tuple[Store, str]:
    """The benchmark store (reused when it already holds ``n`` documents)."""
    url = f"sqlite:///{db}"
    if rebuild and db.exists():
        for p in db.parent.glob(db.name + "*"):
            p.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(url, StoreOptions(data_dir=str(db.parent)))
    have = store.stats().documents
    note = db.with_name(db.name + ".built.txt")  # how it was built, for later runs' reports
    if have == n:
        built = note.read_text(encoding="utf-8").strip() if note.exists() else "built earlier"
        shown = db.relative_to(ROOT) if db.is_relative_to(ROOT) else db.name
        return store, f"reused {shown} ({n:,} documents; {built})"
    if have:
        store.close()
        return build(db, n, True)
    registry = load_registry(ROOT / "config" / "members.yaml")
    started = time.perf_counter()
    done = 0
    for chunk in _chunks(documents(n, registry, SEED), 5000):
        store.upsert_many(chunk)
        done += len(chunk)
        print(f"  filled {done:,}/{n:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    took = time.perf_counter() - started
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20
    built = f"built in {took:.0f} s, {n / took:.0f} docs/s, {size:,.0f} MiB"
    note.write_text(f"{built}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n",
                    encoding="utf-8")
    return store, f"{db}: {built}"


def _chunks(it: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in it:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


KINDS = ["common word", "mid-frequency word", "rare word", "domain word", "two words",
         "word + member", "word + one year", "word, by date"]


def search_queries(count: int, member_ids: list[str]) -> list[SearchQuery]:
    """A mix (``KINDS[i % 8]``): one word of four frequencies, two words, filters, by date."""
    rng = random.Random(SEED + 1)
    words = sample_queries(rng, Vocabulary.build(random.Random(SEED)))
    out: list[SearchQuery] = []
    for i in range(count):
        kind = i % 8
        w = rng.choice(words[("common", "mid", "rare", "domain")[kind % 4]])
        text = f"{w} {rng.choice(words['mid'])}" if kind == 4 else w
        q = SearchQuery(text=text, lang_hint="pl", limit=20)
        if kind == 5:
            q = replace(q, members=[rng.choice(member_ids[:6])])
        elif kind == 6:
            year = rng.randint(2015, 2024)
            q = replace(q, since=date(year, 1, 1), until=date(year, 12, 31))
        elif kind == 7:
            q = replace(q, sort=SortOrder.DATE)
        out.append(q)
    return out


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _params(q: SearchQuery) -> list[tuple[str, str]]:
    p = [("q", q.text), *[("member", m) for m in q.members], ("sort", q.sort.value),
         ("limit", str(q.limit))]
    p += [(k, v.isoformat()) for k, v in (("since", q.since), ("until", q.until)) if v]
    return p


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(url: str) -> Iterator[str]:
    """A real `clusterwatch serve` process on a free 127.0.0.1 port."""
    port = _free_port()
    cmd = [sys.executable, "-c", "import sys; from clusterwatch.cli import main; "
           "sys.exit(main(sys.argv[1:]))", "--config", str(ROOT / "config"), "--store", url,
           "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/static/favicon.svg", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("clusterwatch serve did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(20)


def http_samples(base: str, path: str, param_sets: list[list[tuple[str, str]]], clients: int
                 ) -> list[float]:
    """Each of ``clients`` threads sends its share of requests back to back."""
    shares = [param_sets[i::clients] for i in range(clients)]

    def worker(share: list[list[tuple[str, str]]]) -> list[float]:
        out: list[float] = []
        with httpx.Client(base_url=base, timeout=30) as c:
            for params in share:
                t = time.perf_counter()
                r = c.get(f"{path}?{urlencode(params)}")
                out.append(time.perf_counter() - t)
                if r.status_code != 200:
                    raise RuntimeError(f"{path} {params}: HTTP {r.status_code}: {r.text[:200]}")
        return out

    with ThreadPoolExecutor(clients) as pool:
        return [s for part in pool.map(worker, shares) for s in part]


def measure(store: Store, url: str, n_queries: int, clients: int) -> list[Row]:
    member_ids = [m.id for m in load_registry(ROOT / "config" / "members.yaml")]
    queries = search_queries(n_queries, member_ids)
    mentions = [MentionsQuery(members=[member_ids[i % len(member_ids)]], interval=Interval.MONTH)
                for i in range(max(60, n_queries // 4))]
    for q in queries[:20]:  # warm the page cache
        store.search(q)
    plain = [timed(partial(store.search, q)) for q in queries]
    rows = [Row("search", "store", plain, TARGETS["search"]),
            *[Row(f"· {kind}", "store", plain[k::len(KINDS)], TARGETS["search"])
              for k, kind in enumerate(KINDS)],
            Row("search + exact facets (CLI, API)", "store",
                [timed(partial(store.search, replace(q, facets=True))) for q in queries],
                None),
            Row("search + facets as the page asks", "store",
                [timed(partial(store.search, replace(q, facets=True, facet_sample=FACET_SAMPLE)))
                 for q in queries],
                None),
            Row("member monthly mentions", "store",
                [timed(partial(store.mentions, m)) for m in mentions], TARGETS["mentions"])]
    search_params = [_params(q) for q in queries]
    mention_params = [[("member", m.members[0]), ("interval", "month")] for m in mentions]
    with serve(url) as base:
        http_samples(base, "/api/search", search_params[:20], 1)  # warm-up
        for c in sorted({1, clients}):
            path = f"HTTP ×{c}"
            rows.append(Row("/api/search", path, http_samples(
                base, "/api/search", search_params, c), TARGETS["search"]))
            rows.append(Row("/api/mentions (month)", path, http_samples(
                base, "/api/mentions", mention_params, c), TARGETS["mentions"]))
        rows.append(Row("/search page (HTML, facets)", f"HTTP ×{clients}", http_samples(
            base, "/search", search_params, clients), None))
    return rows


def report(rows: list[Row], args: argparse.Namespace, built: str) -> str:
    head = ["measure", "path", "n", "p50 ms", "p95 ms", "max ms", "target p95", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return "\n".join([
        "# Search and mentions latency (python -m bench search)", "",
        f"- when: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {describe()}",
        f"- load average (1/5/15 min) at the end: {load} — the machine is shared, "
        "so these are timings under load",
        f"- store: {built}",
        f"- command: `python -m bench search --docs {args.docs} --queries {args.queries} "
        f"--clients {args.clients}`",
        "- queries: one word (common / mid / rare / domain), two words, + member filter, "
        "+ one-year date range, sorted by date; limit 20; mentions: one member, monthly, "
        "whole period", "", *lines, "",
        "Reading the figures: *store* calls the Store in this process, one query at a time; "
        "*HTTP ×N* sends the same queries to a real `clusterwatch serve` process from N client "
        "threads of this process, so server and clients share the machine's cores (on 2 cores "
        "4 clients queue). The HTML search page also counts hits per member, source and "
        "language (facets). Exact facets (CLI, API) cost most for words found in most "
        f"documents; the page counts a sample of {FACET_SAMPLE:,} hits when there are more and "
        "shows the counts as estimates.",
        ""])


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench search", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS-search.md")
    args = ap.parse_args(argv)
    db = args.db or ROOT / "data" / "bench" / f"search-{args.docs}.db"
    store, built = build(db, args.docs, args.rebuild)
    print(built, file=sys.stderr)
    try:
        rows = measure(store, f"sqlite:///{db}", args.queries, args.clients)
    finally:
        store.close()
    text = report(rows, args, built)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0 if all(r.cells()[-1] != "MISSED" for r in rows) else 1
