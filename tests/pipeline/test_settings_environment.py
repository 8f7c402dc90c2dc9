"""The environment is read in one place (pipeline.settings); deprecated ``quirks`` still loads."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.settings import (
    CONFIG_ENV,
    DEFAULT_LANGUAGES,
    default_config_dir,
    load_config,
    secret,
)
from tests.pipeline.test_settings import MEMBERS, write_config

QUIRKY = """sources:
  - id: nowiny
    start_urls: ["https://nowiny.example/"]
    articles: ['/artykul/']
    quirks: {body: "div.tresc"}
"""


def test_quirks_are_accepted_with_a_warning_and_dropped(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pipeline.settings"):
        cfg = load_config(write_config(tmp_path, QUIRKY, MEMBERS), env={})
    assert [s.id for s in cfg.sources] == ["nowiny"]
    assert not hasattr(cfg.sources[0], "quirks")
    assert any("quirks" in r.getMessage() and "deprecated" in r.getMessage()
               for r in caplog.records)
    assert tuple(cfg.settings.pipeline.languages) == DEFAULT_LANGUAGES


def test_config_folder_and_secrets_come_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert default_config_dir() == "config"
    monkeypatch.setenv(CONFIG_ENV, "site-config")
    assert default_config_dir() == "site-config"
    monkeypatch.setenv("CW_TEST_TOKEN", "s3cret-token")
    assert secret("CW_TEST_TOKEN") == "s3cret-token"
    monkeypatch.delenv("CW_TEST_TOKEN")
    assert secret("CW_TEST_TOKEN") == ""
