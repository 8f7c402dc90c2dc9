"""Date buckets of mention series, shared by every backend (same buckets, same zero fill)."""

from __future__ import annotations

from datetime import date, timedelta

from index.base import Bucket, Interval


def bucket_start(day: date, interval: Interval) -> date:
    if interval == Interval.WEEK:
        return day - timedelta(days=day.weekday())
    if interval == Interval.MONTH:
        return day.replace(day=1)
    if interval == Interval.YEAR:
        return date(day.year, 1, 1)
    return day


def next_bucket(day: date, interval: Interval) -> date:
    if interval == Interval.DAY:
        return day + timedelta(days=1)
    if interval == Interval.WEEK:
        return day + timedelta(days=7)
    if interval == Interval.MONTH:
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def fill_gaps(buckets: list[Bucket], interval: Interval) -> list[Bucket]:
    """Zero buckets between the first and the last one (sorted by date)."""
    if len(buckets) < 2:
        return buckets
    have = {b.date: b for b in buckets}
    out: list[Bucket] = []
    day, last = date.fromisoformat(buckets[0].date), date.fromisoformat(buckets[-1].date)
    while day <= last:
        key = day.isoformat()
        out.append(have.get(key) or Bucket(date=key, mentions=0, documents=0))
        day = next_bucket(day, interval)
    return out
