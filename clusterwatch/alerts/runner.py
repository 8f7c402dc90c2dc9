"""Running due alerts: build each digest, claim its window, deliver, record the outcome.

Exactly once: the window is claimed in the store (moved together with a send record, one
transaction or one conditional write) *before* the message is handed on. A second run, or
another machine, finds the window taken and sends nothing; a process killed after delivery
leaves the record "sending", never a second copy. A refused delivery gives the window back, so
the next run catches up. A digest with nothing new is recorded but not sent.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from clusterwatch.alerts.digest import Digest, Names, build_digest
from clusterwatch.alerts.mail import DeliveryError, Sender, build_message
from clusterwatch.alerts.model import is_due, window_start
from clusterwatch.alerts.render import Rendered, render_digest
from clusterwatch.alerts.spikes import rule_of, spikes_for
from clusterwatch.web.i18n import Catalog
from index.alerts import Alert, AlertSend, SendStatus
from index.base import Store, StoreError
from pipeline.settings import AppConfig

log = logging.getLogger(__name__)

MAX_SPIKE_MEMBERS = 10


class Outcome(str, Enum):
    SENT = "sent"
    NOTHING_NEW = "nothing_new"
    NOT_DUE = "not_due"
    TAKEN = "taken"  # another run claimed the window first
    FAILED = "failed"
    DRY_RUN = "dry_run"


@dataclass
class AlertResult:
    alert: Alert
    outcome: Outcome
    count: int = 0
    channel: str = ""
    error: str = ""
    rendered: Rendered | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.alert.id, "name": self.alert.name,
                               "outcome": self.outcome.value, "count": self.count}
        if self.channel:
            out["channel"] = self.channel
        if self.error:
            out["error"] = self.error
        if self.rendered is not None:
            out["subject"], out["text"] = self.rendered.subject, self.rendered.text
        return out


@dataclass
class AlertRunner:
    config: AppConfig
    store: Store
    sender: Sender | None  # None: dry runs only
    catalog: Catalog = field(default_factory=Catalog.load)

    @property
    def names(self) -> Names:
        s = self.config.settings
        return Names(members={m.id: m.name for m in self.config.registry},
                     sources={c.id: c.name or c.id for c in self.config.sources},
                     public_url=s.server.public_url)

    def digest(self, alert: Alert, now: datetime) -> Digest:
        a = self.config.settings.alerts
        start = window_start(alert, a.first_days)
        digest = build_digest(self.store, alert, start, now, self.names, a.max_articles)
        digest.spikes = spikes_for(self.store, self._spike_members(alert, digest),
                                   self._today(now), rule_of(a))
        return digest

    def _spike_members(self, alert: Alert, digest: Digest) -> dict[str, str]:
        """The alert's members, else those its articles mention."""
        names = self.names.members
        ids = alert.members or list(dict.fromkeys(m for e in digest.entries for m in e.member_ids))
        return {m: names.get(m, m) for m in ids[:MAX_SPIKE_MEMBERS]}

    def _today(self, now: datetime) -> date:
        return now.astimezone(ZoneInfo(self.config.settings.alerts.timezone)).date()

    def render(self, digest: Digest) -> Rendered:
        return render_digest(digest, self.catalog, self.config.settings.alerts.language)

    def run(self, alerts: list[Alert], now: datetime | None = None,
            dry_run: bool = False) -> list[AlertResult]:
        now = now or datetime.now(timezone.utc)
        zone = ZoneInfo(self.config.settings.alerts.timezone)
        out = []
        for alert in alerts:
            if not is_due(alert, now, zone):
                out.append(AlertResult(alert, Outcome.NOT_DUE))
                continue
            try:
                out.append(self.run_one(alert, now, dry_run))
            except StoreError as exc:  # the others still run
                log.error("alert %r: %s", alert.name, exc)
                out.append(AlertResult(alert, Outcome.FAILED, error=f"store: {exc}"))
        return out

    def run_one(self, alert: Alert, now: datetime, dry_run: bool = False) -> AlertResult:
        digest = self.digest(alert, now)
        if dry_run:
            return AlertResult(alert, Outcome.DRY_RUN, digest.count, rendered=self.render(digest))
        send = AlertSend(id=uuid.uuid4().hex, alert_id=alert.id, at=now,
                         window_start=alert.window_end, window_end=now, count=digest.count,
                         doc_ids=digest.doc_ids)
        if not digest.entries:
            send.status, send.channel = SendStatus.SENT, "none"
        elif self.sender is not None:
            send.channel = self.sender.channel
        if not self.store.claim_alert_window(send, alert.window_end):
            log.info("alert %r: window already claimed by another run", alert.name)
            return AlertResult(alert, Outcome.TAKEN)
        if not digest.entries:
            return AlertResult(alert, Outcome.NOTHING_NEW)
        return self._deliver(alert, digest, send)

    def _deliver(self, alert: Alert, digest: Digest, send: AlertSend) -> AlertResult:
        rendered = self.render(digest)
        s = self.config.settings.smtp
        message = build_message(rendered, send.id, s.from_address, alert.emails, send.at)
        try:
            if self.sender is None:
                raise DeliveryError("no sender configured")
            self.sender.deliver(message)
        except DeliveryError as exc:
            send.status, send.error = SendStatus.FAILED, str(exc)
            self.store.finish_alert_send(send)
            log.error("alert %r: digest not delivered: %s", alert.name, exc)
            return AlertResult(alert, Outcome.FAILED, digest.count, send.channel, str(exc))
        send.status = SendStatus.SENT
        self.store.finish_alert_send(send)
        log.info("alert %r: %d article(s) sent by %s", alert.name, digest.count, send.channel)
        return AlertResult(alert, Outcome.SENT, digest.count, send.channel, rendered=rendered)
