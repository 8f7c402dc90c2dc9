"""The search web UI and its JSON API (``clusterwatch serve``)."""

from __future__ import annotations

from clusterwatch.web.app import create_app

__all__ = ["create_app"]
