"""The demo's alerts.yaml: saved once through the same checks as `alerts add`; bad files name
the field."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from clusterwatch.alerts.nightly import run_due_alerts
from clusterwatch.alerts.seed import seed_alerts
from index.sqlite import SqliteStore
from pipeline.settings import ConfigError, load_config
from tests.conftest import ROOT
from tests.index.test_store_contract import make


def test_the_demo_alert_is_saved_once_and_sent_to_the_outbox(tmp_path: Path) -> None:
    config = load_config(ROOT / "config" / "demo", store=f"sqlite:///{tmp_path / 's.db'}")
    config.settings = config.settings.model_copy(update={"data_dir": str(tmp_path / "data")})
    store = SqliteStore(config.settings.store)
    try:
        (alert,) = seed_alerts(config, store, ROOT / "config" / "demo" / "alerts.yaml")
        assert alert.members == ["grupa-azoty-zak"] and alert.emails
        assert seed_alerts(config, store, ROOT / "config" / "demo" / "alerts.yaml") == []
        store.upsert(make("https://a.example/1", "Grupa Azoty ZAK inwestuje", "Tekst.",
                          members={"grupa-azoty-zak": 1}, fetched_at=datetime.now(timezone.utc)))
        result = run_due_alerts(config, store)
        assert result["sent"] == 1 and result["failed"] == 0
        assert len(list((tmp_path / "data" / "outbox").glob("*.eml"))) == 1
    finally:
        store.close()


def test_a_bad_alert_file_names_the_field(tmp_path: Path) -> None:
    config = load_config(ROOT / "config" / "demo", store=f"sqlite:///{tmp_path / 's.db'}")
    bad = tmp_path / "alerts.yaml"
    bad.write_text("alerts:\n  - name: X\n    members: [nobody]\n    emails: [a@b.org]\n",
                   encoding="utf-8")
    store = SqliteStore(config.settings.store)
    try:
        with pytest.raises(ConfigError) as err:
            seed_alerts(config, store, bad)
        assert "alerts[0]" in str(err.value) and "unknown member 'nobody'" in str(err.value)
        bad.write_text("alerts: 3\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="must be a list"):
            seed_alerts(config, store, bad)
    finally:
        store.close()
