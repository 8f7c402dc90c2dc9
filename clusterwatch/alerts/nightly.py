"""The nightly job's hook: after the crawl, send the digests that are due.

Never raises: a broken alert or an unreachable mail server is reported, and the crawl's own
results stand. A digest that was not delivered gave its window back; the next run retries.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from clusterwatch.alerts.mail import make_sender
from clusterwatch.alerts.runner import AlertRunner, Outcome
from index.base import Store, StoreError
from pipeline.settings import AppConfig

log = logging.getLogger(__name__)


def run_due_alerts(config: AppConfig, store: Store, now: datetime | None = None
                   ) -> dict[str, Any]:
    """``{"sent": n, "failed": n, "results": [...]}`` for the run report."""
    s = config.settings
    try:
        runner = AlertRunner(config, store, make_sender(s.smtp, s.data_dir))
        results = runner.run(store.alerts(), now=now)
    except (StoreError, OSError, ValueError) as exc:
        log.error("nightly: alerts not run: %s", exc)
        return {"sent": 0, "failed": 0, "error": str(exc)[:500], "results": []}
    summary = [r.to_json() for r in results]
    for item in summary:
        item.pop("text", None)
    return {"sent": sum(r.outcome is Outcome.SENT for r in results),
            "failed": sum(r.outcome is Outcome.FAILED for r in results), "results": summary}
