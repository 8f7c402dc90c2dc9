"""Building a valid alert from user input, and when an alert is due.

An alert is due when a scheduled moment has passed since the window it last covered:
``run`` alerts at every run, ``daily`` ones once the day's hour (in ``alerts.timezone``) has
passed, ``weekly`` ones once the weekday's hour has. A missed night is caught up: the next run
finds the alert due and its window starts where the last one ended.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from index.alerts import WEEKDAYS, Alert, Frequency, SendStatus
from index.base import Store
from pipeline.settings import check_address

MAX_NAME = 120
MAX_QUERY = 300  # as the web search box
MAX_RECIPIENTS = 20
MAX_FILTERS = 20
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_CODE = re.compile(r"^[a-z]{2,3}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class AlertInputError(ValueError):
    """A field of an alert is not usable; the message names the field."""

    def __init__(self, field_name: str, problem: str) -> None:
        self.field, self.problem = field_name, problem
        super().__init__(f"{field_name}: {problem}")


@dataclass
class AlertInput:
    """What a user gives (CLI options or a web form), before checking."""

    name: str
    query: str = ""
    members: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    every: str = "run"
    at: str = "07:00"
    weekday: str = "mon"
    paused: bool = False


def _printable(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _ids(values: list[str], pattern: re.Pattern[str], field_name: str) -> list[str]:
    out = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if len(out) > MAX_FILTERS:
        raise AlertInputError(field_name, f"at most {MAX_FILTERS} values")
    for v in out:
        if not pattern.match(v):
            raise AlertInputError(field_name, f"not a valid value: {v[:40]!r}")
    return out


def _emails(values: list[str]) -> list[str]:
    out = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if not out:
        raise AlertInputError("email", "at least one recipient is required")
    if len(out) > MAX_RECIPIENTS:
        raise AlertInputError("email", f"at most {MAX_RECIPIENTS} recipients")
    for v in out:
        try:
            check_address(v)
        except ValueError as exc:
            raise AlertInputError("email", str(exc)) from None
    return out


def _frequency(raw: AlertInput) -> tuple[Frequency, str, str]:
    try:
        every = Frequency(raw.every.strip().lower())
    except ValueError:
        raise AlertInputError("every", f"one of run, daily, weekly, not {raw.every[:20]!r}"
                              ) from None
    at = raw.at.strip() or "07:00"
    if not _HHMM.match(at):
        raise AlertInputError("at", f"not a time HH:MM: {at[:20]!r}")
    weekday = raw.weekday.strip().lower()[:3] or "mon"
    if weekday not in WEEKDAYS:
        raise AlertInputError("weekday", f"one of {', '.join(WEEKDAYS)}, not {weekday!r}")
    return every, at, weekday


def build_alert(raw: AlertInput, known_members: set[str], alert_id: str | None = None,
                created: datetime | None = None) -> Alert:
    """A checked alert (a new id unless ``alert_id``). Raises AlertInputError."""
    name = _printable(raw.name)
    if not name:
        raise AlertInputError("name", "is required")
    if len(name) > MAX_NAME:
        raise AlertInputError("name", f"at most {MAX_NAME} characters")
    query = _printable(raw.query)
    if len(query) > MAX_QUERY:
        raise AlertInputError("query", f"at most {MAX_QUERY} characters")
    members = _ids(raw.members, _ID, "member")
    for m in members:
        if m not in known_members:
            raise AlertInputError("member", f"unknown member {m!r}")
    if not (query or members):
        raise AlertInputError("query", "give words to search for or at least one member")
    every, at, weekday = _frequency(raw)
    return Alert(id=alert_id or uuid.uuid4().hex[:12], name=name, query=query, members=members,
                 sources=_ids(raw.sources, _ID, "source"), langs=_ids(raw.langs, _CODE, "lang"),
                 emails=_emails(raw.emails), every=every, at=at, weekday=weekday,
                 paused=raw.paused, created=created or datetime.now(timezone.utc))


def last_scheduled(alert: Alert, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The latest scheduled moment at or before ``now`` (None for ``run`` alerts)."""
    if alert.every is Frequency.RUN:
        return None
    local = now.astimezone(zone)
    hour, minute = (int(p) for p in alert.at.split(":"))
    moment = datetime.combine(local.date(), time(hour, minute), tzinfo=zone)
    if alert.every is Frequency.DAILY:
        if moment > local:
            moment -= timedelta(days=1)
    else:
        back = (local.weekday() - WEEKDAYS.index(alert.weekday)) % 7
        moment -= timedelta(days=back)
        if moment > local:
            moment -= timedelta(days=7)
    return moment.astimezone(timezone.utc)


def is_due(alert: Alert, now: datetime, zone: ZoneInfo) -> bool:
    if alert.paused:
        return False
    scheduled = last_scheduled(alert, now, zone)
    if scheduled is None or alert.window_end is None:
        return True
    return alert.window_end < scheduled


def window_start(alert: Alert, first_days: int) -> datetime:
    """Where the next digest starts: the end of the last, or ``first_days`` before creation."""
    if alert.window_end is not None:
        return alert.window_end
    created = alert.created or datetime.now(timezone.utc)
    return created - timedelta(days=first_days)


def last_delivery(store: Store, alert: Alert) -> SendStatus | None:
    """The status of the alert's latest digest that had articles (None: none yet); SENDING
    means a run stopped after claiming it: delivery not confirmed."""
    for send in store.alert_sends(alert.id, limit=20):
        if send.count:
            return send.status
    return None
