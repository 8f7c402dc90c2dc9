"""Saved searches (alerts) as the store keeps them, and the record of each digest sent.

An alert's ``window_end`` is the fetch time up to which its matches have been covered: the next
digest holds documents fetched after it. The store moves it only together with a send record
(``Store.claim_alert_window``), as one transaction or one conditional write, so two runs (or
two machines) never cover the same window twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any


class Frequency(str, Enum):
    RUN = "run"  # after every nightly run
    DAILY = "daily"  # at a set hour
    WEEKLY = "weekly"  # on a weekday at a set hour


class SendStatus(str, Enum):
    SENDING = "sending"  # window claimed, delivery not confirmed (a crash leaves it so)
    SENT = "sent"
    FAILED = "failed"  # delivery refused: the window was given back


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class Alert:
    """A saved search and whom it goes to."""

    id: str
    name: str
    query: str = ""
    members: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    every: Frequency = Frequency.RUN
    at: str = "07:00"  # HH:MM, for daily and weekly
    weekday: str = "mon"  # for weekly
    paused: bool = False
    created: datetime | None = None
    window_end: datetime | None = None  # fetch time covered so far (None: never sent)
    last_sent: datetime | None = None
    last_count: int = 0  # articles in the last digest

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["every"] = self.every.value
        for key in ("created", "window_end", "last_sent"):
            value = getattr(self, key)
            out[key] = value.isoformat() if value else None
        return out


def alert_from_json(data: dict[str, Any]) -> Alert:
    def when(key: str) -> datetime | None:
        value = data.get(key)
        return datetime.fromisoformat(value) if value else None

    return Alert(id=str(data["id"]), name=str(data["name"]), query=str(data.get("query") or ""),
                 members=list(data.get("members") or []), sources=list(data.get("sources") or []),
                 langs=list(data.get("langs") or []), emails=list(data.get("emails") or []),
                 every=Frequency(data.get("every") or "run"), at=str(data.get("at") or "07:00"),
                 weekday=str(data.get("weekday") or "mon"), paused=bool(data.get("paused")),
                 created=when("created"), window_end=when("window_end"),
                 last_sent=when("last_sent"), last_count=int(data.get("last_count") or 0))


@dataclass
class AlertSend:
    """One digest: the window it covered and what became of it."""

    id: str  # also the e-mail's Message-ID local part
    alert_id: str
    at: datetime
    window_start: datetime | None
    window_end: datetime
    status: SendStatus = SendStatus.SENDING
    count: int = 0
    doc_ids: list[str] = field(default_factory=list)
    channel: str = ""  # "smtp" or "outbox"
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["status"] = self.status.value
        out["at"] = self.at.isoformat()
        out["window_start"] = self.window_start.isoformat() if self.window_start else None
        out["window_end"] = self.window_end.isoformat()
        return out


def send_from_json(data: dict[str, Any]) -> AlertSend:
    start = data.get("window_start")
    return AlertSend(id=str(data["id"]), alert_id=str(data["alert_id"]),
                     at=datetime.fromisoformat(data["at"]),
                     window_start=datetime.fromisoformat(start) if start else None,
                     window_end=datetime.fromisoformat(data["window_end"]),
                     status=SendStatus(data.get("status") or "sending"),
                     count=int(data.get("count") or 0), doc_ids=list(data.get("doc_ids") or []),
                     channel=str(data.get("channel") or ""), error=str(data.get("error") or ""))


class AlertExists(ValueError):  # noqa: N818 - a name clash the caller reports
    """Another alert already has this name."""
