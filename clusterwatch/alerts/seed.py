"""Alerts declared in a file (the demo's ``alerts.yaml``): saved once, like ``alerts add``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from clusterwatch.alerts.model import AlertInput, AlertInputError, build_alert
from index.alerts import Alert
from index.base import Store
from pipeline.settings import AppConfig, ConfigError


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(path, "", f"cannot read: {exc}") from None
    items = data.get("alerts") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ConfigError(path, "alerts", "must be a list of alerts")
    return items


def seed_alerts(config: AppConfig, store: Store, path: Path) -> list[Alert]:
    """Save the file's alerts whose names the store does not know yet; the ones saved."""
    if not path.is_file():
        return []
    known = {a.name for a in store.alerts()}
    saved = []
    for i, item in enumerate(_read(path)):
        fields = {k: v for k, v in item.items() if k in AlertInput.__dataclass_fields__}
        try:
            alert = build_alert(AlertInput(**fields), set(config.registry.ids()))
        except (AlertInputError, TypeError) as exc:
            raise ConfigError(path, f"alerts[{i}]", str(exc)) from None
        if alert.name not in known:
            store.save_alert(alert)
            saved.append(alert)
    return saved
