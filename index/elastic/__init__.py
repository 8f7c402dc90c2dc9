"""The Elasticsearch backend: ``ElasticStore(url, options)``.

Modules: ``mappings`` (index design), ``documents`` (sources <-> Documents), ``queries`` and
``mentions`` (request bodies), ``bulk`` and ``writer`` (writes, spool), ``export`` (paging),
``admin`` (init, migrate, status, drop), ``client`` (construction, credentials, errors).
"""

from index.elastic.store import ElasticStore

__all__ = ["ElasticStore"]
