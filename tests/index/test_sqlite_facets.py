"""Facet counts in the embedded store: exact by default, estimated from a spread sample when a
query matches more documents than ``SearchQuery.facet_sample`` (the HTML search page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.base import SearchQuery, StoreOptions
from index.sqlite import SqliteStore
from index.sqlite.search import estimate
from pipeline.document import Document
from pipeline.identity import identify

# sources in a fixed round robin of ten (half "alfa"), stored in that order: a sample that
# followed the storing order (every tenth row, say) would see one source only
ROBIN = ["alfa", "beta", "alfa", "gamma", "alfa", "beta", "delta", "alfa", "beta", "alfa"]
DOCS = 2000


def _doc(i: int) -> Document:
    body = f"Zakłady chemiczne numer {i} rozbudowują instalację nawozów."
    return identify(Document(
        url=f"https://portal.example/{i}", source=ROBIN[i % len(ROBIN)], title=f"Wiadomość {i}",
        text=body, lang="pl" if i % 3 else "cs", published="2024-02-01",
        members={"azoty": 1} if i % 4 == 0 else {}, lemmas=body.casefold()))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    path: Path = tmp_path_factory.mktemp("facets") / "s.db"
    s = SqliteStore(f"sqlite:///{path}", StoreOptions(data_dir=str(path.parent)))
    s.upsert_many(_doc(i) for i in range(DOCS))
    yield s
    s.close()


def test_exact_by_default_and_when_the_sample_covers_every_match(store: SqliteStore) -> None:
    exact = store.search(SearchQuery(text="chemiczne", facets=True))
    assert exact.total == DOCS and not exact.facets_estimated
    assert exact.facets["source"] == {"alfa": 1000, "beta": 600, "gamma": 200, "delta": 200}
    assert exact.facets["member"] == {"azoty": 500}
    assert "facets_estimated" not in exact.to_json()
    covered = store.search(SearchQuery(text="chemiczne", facets=True, facet_sample=DOCS))
    assert covered.facets == exact.facets and not covered.facets_estimated


@pytest.mark.parametrize("sample", [100, 400])
def test_sampled_counts_estimate_every_value(store: SqliteStore, sample: int) -> None:
    exact = store.search(SearchQuery(text="chemiczne", facets=True)).facets
    got = store.search(SearchQuery(text="chemiczne", facets=True, facet_sample=sample))
    assert got.facets_estimated and got.to_json()["facets_estimated"] is True
    assert got.total == DOCS  # the total stays exact
    for name, counts in exact.items():
        assert set(got.facets[name]) == set(counts), name  # no value lost to the sample
        for value, n in counts.items():
            assert abs(got.facets[name][value] - n) <= 0.3 * n, (name, value, got.facets)


def test_sample_applies_after_filters(store: SqliteStore) -> None:
    q = SearchQuery(text="chemiczne", sources=["beta"], facets=True, facet_sample=100)
    got = store.search(q)
    assert got.total == 600 and got.facets_estimated
    assert set(got.facets["source"]) == {"beta"}
    assert 450 <= got.facets["source"]["beta"] <= 750
    no_words = store.search(SearchQuery(langs=["cs"], facets=True, facet_sample=100))
    assert no_words.total == 667 and no_words.facets_estimated
    assert set(no_words.facets["lang"]) == {"cs"}


def test_estimates_keep_two_significant_digits() -> None:
    assert [estimate(x) for x in (0.2, 7.4, 99.0, 123.0, 1234.0, 98765.4)] == [
        1, 7, 99, 120, 1200, 99000]
