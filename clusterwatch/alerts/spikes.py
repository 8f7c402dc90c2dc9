"""Spikes: a member mentioned far more than usual in the last day or week.

The last day is ``today``; the last week the seven days ending today. The baseline is the same
kind of period (days, or seven-day blocks) over the ``weeks`` weeks before it, empty periods
counted as zero. A spike: more documents than mean + ``sigma`` standard deviations of the
baseline, and at least ``minimum``. Counts are documents mentioning the member, by their date
(published, else fetched), as the mentions chart counts them.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from index.base import Interval, MentionsQuery, Store
from pipeline.settings import AlertsSettings


@dataclass(frozen=True)
class SpikeRule:
    weeks: int = 8
    sigma: float = 2.0
    minimum: int = 3


@dataclass(frozen=True)
class Spike:
    member: str
    name: str
    period: str  # "day" or "week"
    count: int
    mean: float
    sd: float

    def to_json(self) -> dict[str, object]:
        return {"member": self.member, "name": self.name, "period": self.period,
                "count": self.count, "baseline_mean": round(self.mean, 2),
                "baseline_sd": round(self.sd, 2)}


def daily_counts(store: Store, member: str, first: date, last: date) -> dict[date, int]:
    result = store.mentions(MentionsQuery(members=[member], interval=Interval.DAY,
                                          since=first, until=last))
    out: dict[date, int] = {}
    for series in result.series:
        if series.member != member:
            continue
        for b in series.buckets:
            out[date.fromisoformat(b.date[:10])] = b.documents
    return out


def _check(counts: list[int], current: int, rule: SpikeRule) -> tuple[bool, float, float]:
    mean = statistics.fmean(counts) if counts else 0.0
    sd = statistics.pstdev(counts) if len(counts) > 1 else 0.0
    return current >= rule.minimum and current > mean + rule.sigma * sd, mean, sd


def member_spikes(store: Store, member: str, name: str, today: date,
                  rule: SpikeRule) -> list[Spike]:
    """The member's spikes (day, week) as of ``today``; empty when nothing stands out."""
    days = rule.weeks * 7
    first = today - timedelta(days=days + 6)
    counts = daily_counts(store, member, first, today)

    def total(start: date, n: int) -> int:
        return sum(counts.get(start + timedelta(days=k), 0) for k in range(n))

    out: list[Spike] = []
    day_base = [total(today - timedelta(days=k), 1) for k in range(1, days + 1)]
    hit, mean, sd = _check(day_base, total(today, 1), rule)
    if hit:
        out.append(Spike(member, name, "day", total(today, 1), mean, sd))
    week_start = today - timedelta(days=6)
    week_base = [total(week_start - timedelta(days=7 * k), 7) for k in range(1, rule.weeks + 1)]
    hit, mean, sd = _check(week_base, total(week_start, 7), rule)
    if hit:
        out.append(Spike(member, name, "week", total(week_start, 7), mean, sd))
    return out


def spikes_for(store: Store, members: dict[str, str], today: date,
               rule: SpikeRule) -> list[Spike]:
    """Spikes of several members (id -> display name), in the given order."""
    out: list[Spike] = []
    for member, name in members.items():
        out.extend(member_spikes(store, member, name, today, rule))
    return out


def rule_of(settings: AlertsSettings) -> SpikeRule:
    return SpikeRule(settings.spike_weeks, settings.spike_sigma, settings.spike_min)


def current_spikes(store: Store, member: str, name: str, settings: AlertsSettings,
                   now: datetime | None = None) -> list[Spike]:
    """The member's spikes today (in ``alerts.timezone``), for the member page."""
    today = (now or datetime.now(ZoneInfo(settings.timezone))).astimezone(
        ZoneInfo(settings.timezone)).date()
    return member_spikes(store, member, name, today, rule_of(settings))
