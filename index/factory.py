"""Open a store from its URL: sqlite:///PATH or http(s)://HOST:PORT."""

from __future__ import annotations

from urllib.parse import urlsplit

from index.base import Store, StoreError, StoreOptions


def open_store(url: str, options: StoreOptions | None = None) -> Store:
    options = options or StoreOptions()
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        from index.sqlite import SqliteStore

        store: Store = SqliteStore(url, options)
        return store
    if scheme in ("http", "https"):
        from index.elastic import ElasticStore

        es: Store = ElasticStore(url, options)
        return es
    raise StoreError(f"unsupported store URL {url!r}: use sqlite:///PATH or http(s)://HOST:9200")
