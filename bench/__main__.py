"""Run a benchmark by name: ``python -m bench NAME [options]`` (NAME: see BENCHES)."""

from __future__ import annotations

import importlib
import sys

BENCHES = {
    "extraction": "bench.extraction",
    "tagging": "bench.tagging",
    "crawl": "bench.crawl",
    "search": "bench.search_latency",
    "workbench": "bench.workbench",
    "reprocess": "bench.reprocess",
    "documents": "bench.documents",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHES:
        print(f"usage: python -m bench {{{','.join(BENCHES)}}} [options]", file=sys.stderr)
        return 2
    mod = importlib.import_module(BENCHES[argv[0]])
    return int(mod.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
