"""Configuration of document crawling: sources' `documents` regexes, crawl.max_document_bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import ConfigError, load_settings, load_sources

SOURCES = """sources:
  - id: klaster
    start_urls: ["https://klaster.example.pl/"]
    articles: ['/aktualnosci/']
    documents: {documents}
"""


def test_documents_regexes_are_checked_and_named(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES.format(documents="['/pliki/.+[.]pdf$']"), encoding="utf-8")
    (source,) = load_sources(path)
    assert source.documents == ["/pliki/.+[.]pdf$"]
    path.write_text(SOURCES.format(documents="['(unclosed']"), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    assert err.value.field == "sources[0].documents"
    assert "item 0: bad regular expression '(unclosed'" in err.value.problem


def test_max_document_bytes_default_file_and_environment(tmp_path: Path) -> None:
    assert load_settings(tmp_path, env={}).crawl.max_document_bytes == 20 * 1024 * 1024
    (tmp_path / "settings.yaml").write_text("crawl:\n  max_document_bytes: 100\n",
                                           encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path, env={})
    assert err.value.field == "crawl.max_document_bytes"
    env = {"CLUSTERWATCH_CRAWL__MAX_DOCUMENT_BYTES": "5000000"}
    (tmp_path / "settings.yaml").write_text("", encoding="utf-8")
    assert load_settings(tmp_path, env=env).crawl.max_document_bytes == 5_000_000
