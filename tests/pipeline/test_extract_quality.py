"""Quality gate: pinned minimum scores on ../shared pages-dev and clean seeds (skips without it).

The floors sit slightly under what the extractor reaches (see bench/RESULTS-extraction.md), so a
regression fails the build. Runs in about a second.
"""

from __future__ import annotations

import re

import pytest

from bench.extraction import dev_summary, score_dev
from pipeline.decode import decode
from pipeline.document import Media, RawPage
from pipeline.extract import extract
from tests.conftest import shared_path

pytestmark = pytest.mark.evaluation

FLOORS = {"f1": 0.98, "title": 0.93, "published": 0.95, "author": 0.90}
MAX_LEAK = 0.02


def test_pages_dev_quality_gate() -> None:
    scores, _ = score_dev(shared_path("data", "pages-dev"))
    summary = dev_summary(scores)
    for key, floor in FLOORS.items():
        assert summary[key] >= floor, f"{key} fell to {summary[key]:.3f} (floor {floor})"
    assert summary["leak"] <= MAX_LEAK, f"boilerplate leaked {summary['leak']:.3f}"
    assert summary["nonarticle"] == summary["nonarticle_total"]
    assert summary["mojibake"] == 0


_SEED_JUNK = [
    re.compile(p, re.I)
    for p in (
        r"cookies",
        r"Informacje dnia",
        r"\]\(#\)",
        r"^Skomentuj$",
        r"^Newsletter$",
        r"Strona główna",
        r"^\d+$",
        r"Polityk\w* Prywatności",
    )
]


def test_seed_texts_come_out_clean() -> None:
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    assert seeds
    for path in seeds:
        page = RawPage(url=path.as_uri(), body=path.read_bytes(), source="seeds", path=str(path))
        doc = extract(decode(page))
        assert doc.media == Media.TEXT.value
        assert doc.text, path.name
        for para in doc.text.split("\n\n"):
            for junk in _SEED_JUNK:
                assert not junk.search(para), f"{path.name}: {para[:80]!r}"
