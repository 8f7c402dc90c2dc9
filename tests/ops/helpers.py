"""Builders shared by the operations tests: configs, articles, a real SQLite store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from index.sqlite import SqliteStore
from pipeline.document import Document
from pipeline.identity import identify
from pipeline.registry import Registry
from pipeline.settings import AppConfig, NightlySettings, Settings, SourceConfig

BODY = ("Zakłady Azotowe w Kędzierzynie-Koźlu uruchomiły nową instalację. " * 4).strip()
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


def make_config(tmp_path: Path, source_ids: list[str], **nightly: Any) -> AppConfig:
    sources = [SourceConfig(id=sid, name=sid.title(), start_urls=[f"http://{sid}.test/"],
                            articles=[r"/a/\d+"]) for sid in source_ids]
    settings = Settings(store=f"sqlite:///{tmp_path / 'store.db'}",
                        data_dir=str(tmp_path / "data"),
                        nightly=NightlySettings(**{"health_window": 5, **nightly}))
    return AppConfig(tmp_path, settings, sources, Registry([]))


def open_test_store(config: AppConfig) -> SqliteStore:
    return SqliteStore(config.settings.store)


def article(source: str, n: int, fetched: datetime, *, layout_ok: bool = True) -> Document:
    """An article; with ``layout_ok=False`` it looks like a page after a layout change."""
    doc = Document(url=f"http://{source}.test/a/{n}", source=source, fetched_at=fetched,
                   html="<html>…</html>", title=f"Artykuł {n}", text=f"{BODY} ({n})")
    if layout_ok:
        doc.author, doc.published = "Jan Kowalski", fetched.date().isoformat()
    return identify(doc)


def fill(store: SqliteStore, source: str, count: int, start: datetime,
         layout_ok: bool = True, first: int = 0) -> None:
    """``count`` articles one hour apart from ``start``."""
    store.upsert_many(article(source, first + i, start + timedelta(hours=i), layout_ok=layout_ok)
                      for i in range(count))
