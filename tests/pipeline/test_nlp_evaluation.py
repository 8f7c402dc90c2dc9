"""Quality gate on ../shared/data/mentions-dev, scored by the set's own score.py.

The minimums sit slightly under the scores reached (see bench/RESULTS-tagging.md); they catch
regressions, they are not targets. Skipped on a checkout without ../shared.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.tagging import score
from tests.conftest import shared_path
from tests.pipeline.nlp_helpers import tagger

# kind -> (precision, recall) minimums over all 48 texts
MINIMUMS = {
    "members": (0.97, 0.95),
    "organisations": (0.94, 0.92),
    "places": (0.92, 0.88),
    "persons": (0.96, 0.96),
}
MIN_COUNT_EXACT = 0.96
PER_LANGUAGE_MEMBERS = (0.97, 0.95)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    gold = shared_path("data", "mentions-dev")
    return score(gold, tagger())


@pytest.mark.evaluation
@pytest.mark.parametrize("kind", sorted(MINIMUMS))
def test_scores_over_all_texts(report: dict[str, Any], kind: str) -> None:
    p_min, r_min = MINIMUMS[kind]
    got = report["all"][kind]
    assert got["precision"] >= p_min and got["recall"] >= r_min, got


@pytest.mark.evaluation
def test_member_counts(report: dict[str, Any]) -> None:
    assert report["all"]["member_counts"]["exact"] >= MIN_COUNT_EXACT


@pytest.mark.evaluation
@pytest.mark.parametrize("lang", ["pl", "cs", "de", "en"])
def test_member_links_per_language(report: dict[str, Any], lang: str) -> None:
    got = report[lang]["members"]
    assert got["precision"] >= PER_LANGUAGE_MEMBERS[0] and got["recall"] >= PER_LANGUAGE_MEMBERS[1]
