"""The `store` fixture: every behavioural store test runs against each backend.

The Elasticsearch run happens when CLUSTERWATCH_TEST_ES_URL is set (e.g. http://127.0.0.1:9200);
each test gets its own uniquely named indices and deletes them afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.base import Store, StoreOptions
from index.factory import open_store

# the Elasticsearch run carries the marker: `pytest -m elasticsearch` selects it
BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s = open_store(f"sqlite:///{tmp_path / 'store.db'}", StoreOptions(data_dir=str(tmp_path)))
        yield s
        s.close()
        return
    url = os.environ.get("CLUSTERWATCH_TEST_ES_URL")
    if not url:
        pytest.skip("Elasticsearch tests skipped: set CLUSTERWATCH_TEST_ES_URL to run them")
    prefix = f"cwtest-{uuid.uuid4().hex[:10]}"
    opts = StoreOptions(data_dir=str(tmp_path), index_prefix=prefix)
    s = open_store(url, opts)
    try:
        yield s
    finally:
        drop = getattr(s, "drop_all", None)
        if drop is not None:
            drop()
        s.close()
