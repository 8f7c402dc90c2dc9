"""Stores and search: one Store interface (index.base), one module per backend."""

from index.base import (
    Hit,
    Interval,
    MentionsQuery,
    MentionsResult,
    RunRecord,
    SearchQuery,
    SearchResult,
    SortOrder,
    SourceRunStats,
    Store,
    StoreError,
    StoreOptions,
    StoreStats,
    UpsertOutcome,
)
from index.factory import open_store

__all__ = [
    "Hit", "Interval", "MentionsQuery", "MentionsResult", "RunRecord", "SearchQuery",
    "SearchResult", "SortOrder", "SourceRunStats", "Store", "StoreError", "StoreOptions",
    "StoreStats", "UpsertOutcome", "open_store",
]
