"""Health per source: days since the last new article, fill rates, and the flags they raise.

The fill rates of body, title, date and author are taken over the source's newest
``settings.nightly.health_window`` articles (newest by ``fetched_at``) and compared with the
window of articles before them (the baseline). A drop of ``fill_rate_drop`` or more in any field
means the portal's layout probably changed. A source with no new article for ``silent_days``
went silent. A source unreachable in the latest run is flagged too, and so is one whose latest
run got 403/429 answers (it refuses our crawler), and one whose listings still answered in each of
its last ``unmatched_runs`` runs while no URL matched its ``articles`` patterns (the portal's URL
scheme changed: ``clusterwatch sources check --online`` shows what the site links to now).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from index.base import RunRecord, SourceRunStats, Store
from pipeline.document import Document
from pipeline.settings import AppConfig, SourceConfig

log = logging.getLogger(__name__)

MIN_SAMPLE = 5  # fewer articles than this in either window: no fill-rate verdict
MIN_BODY_CHARS = 80  # a body shorter than this counts as missing
RUNS_LOOKED_AT = 50


class HealthFlag(str, Enum):
    SILENT = "silent"
    FILL_RATE_DROP = "fill_rate_drop"
    FAILED = "failed"  # not reached in the latest run
    REFUSED = "refused"  # answered 403/429 in the latest run
    UNMATCHED = "unmatched"  # listings answer, but no URL matches `articles` any more


class FillField(str, Enum):
    BODY = "body"
    TITLE = "title"
    DATE = "date"
    AUTHOR = "author"


def filled(doc: Document) -> dict[FillField, bool]:
    """Which of the watched fields a stored article has."""
    return {
        FillField.BODY: len(doc.text.strip()) >= MIN_BODY_CHARS,
        FillField.TITLE: bool((doc.title or "").strip()),
        FillField.DATE: bool(doc.published),
        FillField.AUTHOR: bool((doc.author or "").strip()),
    }


@dataclass
class SourceHealth:
    source: str
    name: str = ""
    enabled: bool = True
    articles: int = 0  # articles of this source in the store
    last_new: datetime | None = None
    days_since_new: int | None = None
    window: int = 0  # articles behind ``fill_rates``
    fill_rates: dict[str, float] = field(default_factory=dict)
    baseline_window: int = 0
    baseline: dict[str, float] = field(default_factory=dict)
    flags: list[HealthFlag] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one sentence per flag reason

    @property
    def ok(self) -> bool:
        return not self.flags

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "name": self.name, "enabled": self.enabled,
            "ok": self.ok, "flags": [f.value for f in self.flags], "problems": list(self.problems),
            "articles": self.articles,
            "last_new": self.last_new.isoformat(timespec="seconds") if self.last_new else None,
            "days_since_new": self.days_since_new,
            "window": self.window, "fill_rates": dict(self.fill_rates),
            "baseline_window": self.baseline_window, "baseline": dict(self.baseline),
        }


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _rates(rows: list[dict[FillField, bool]]) -> dict[str, float]:
    if not rows:
        return {}
    return {f.value: round(sum(r[f] for r in rows) / len(rows), 3) for f in FillField}


Scan = tuple[int, datetime | None, list[dict[FillField, bool]]]


def _scan(store: Store, source: str, keep: int, counts: dict[str, int]) -> Scan:
    """Count a source's articles (``counts``, from the store's stats) and take the fill flags
    of its newest ``keep``, newest first: one bounded read, whatever the size of the source."""
    docs = store.recent_documents(source, keep)
    newest = max((_aware(d.fetched_at) for d in docs), default=None)
    return counts.get(source, len(docs)), newest, [filled(d) for d in docs]


def _latest_stats(runs: list[RunRecord], source: str) -> SourceRunStats | None:
    for run in runs:  # newest first
        for stats in run.sources:
            if stats.source == source:
                return stats
    return None


def _last_new_from_runs(runs: list[RunRecord], source: str) -> datetime | None:
    for run in runs:
        if any(s.source == source and s.new > 0 for s in run.sources):
            return _aware(run.finished or run.started)
    return None


def _check_fill(h: SourceHealth, drop: float) -> None:
    if h.window < MIN_SAMPLE or h.baseline_window < MIN_SAMPLE:
        return
    for name, before in h.baseline.items():
        now = h.fill_rates.get(name, 0.0)
        if before - now >= drop - 1e-9:
            h.problems.append(f"{name} filled in {now:.0%} of the last {h.window} articles, "
                              f"was {before:.0%} in the {h.baseline_window} before "
                              "(layout changed?)")
            if HealthFlag.FILL_RATE_DROP not in h.flags:
                h.flags.append(HealthFlag.FILL_RATE_DROP)


def _check_silent(h: SourceHealth, silent_days: int, ever_crawled: bool) -> None:
    if h.days_since_new is not None and h.days_since_new >= silent_days:
        h.flags.append(HealthFlag.SILENT)
        h.problems.append(f"no new article for {h.days_since_new} days "
                          f"(limit {silent_days})")
    elif h.last_new is None and ever_crawled:
        h.flags.append(HealthFlag.SILENT)
        h.problems.append("crawled, but no article stored yet")


def _article_outcomes(stats: SourceRunStats) -> int:
    """Article URLs of a run that got anywhere (fetched, 304, skipped, failed)."""
    return stats.fetched + stats.unchanged + stats.skipped + stats.failed


def _source_runs(runs: list[RunRecord], source: str, n: int) -> list[SourceRunStats]:
    """The source's stats in its ``n`` newest runs (newest first)."""
    out = [s for run in runs for s in run.sources if s.source == source]
    return out[:n]


def _check_refused(h: SourceHealth, latest: SourceRunStats | None) -> None:
    if latest is None or latest.refused <= 0:
        return
    h.flags.append(HealthFlag.REFUSED)
    h.problems.append(f"refused {latest.refused} request(s) with HTTP 403/429 in the latest run: "
                      "the site turns non-browser clients away (our user agent is not "
                      "disguised; ask the publisher, or use its feed)")


def _check_unmatched(h: SourceHealth, runs: list[RunRecord], n: int) -> None:
    recent = _source_runs(runs, h.source, n)
    if len(recent) < n:
        return
    if all(s.reached and s.listings > 0 and _article_outcomes(s) == 0 for s in recent):
        pages = sum(s.listings for s in recent)
        h.flags.append(HealthFlag.UNMATCHED)
        h.problems.append(f"no URL matched `articles` in the last {n} runs although {pages} "
                          "listing pages answered (the portal's URLs changed? run "
                          f"`clusterwatch sources check --online --source {h.source}`)")


def check_source(store: Store, config: AppConfig, source: SourceConfig,
                 runs: list[RunRecord], now: datetime | None = None,
                 counts: dict[str, int] | None = None) -> SourceHealth:
    """The health of one source (``counts``: documents per source, from ``store.stats()``,
    read here when not given). StoreError (an outage) is left to the caller."""
    n = config.settings.nightly
    now = _aware(now or datetime.now(timezone.utc))
    if counts is None:
        counts = store.stats().by_source
    count, newest, rows = _scan(store, source.id, 2 * n.health_window, counts)
    recent, earlier = rows[:n.health_window], rows[n.health_window:]
    candidates = [d for d in (newest, _last_new_from_runs(runs, source.id)) if d is not None]
    last_new = max(candidates) if candidates else None
    h = SourceHealth(source.id, source.name or source.id, source.enabled, count, last_new,
                     max((now - last_new).days, 0) if last_new else None,
                     len(recent), _rates(recent), len(earlier), _rates(earlier))
    if not source.enabled:
        return h
    latest = _latest_stats(runs, source.id)
    if latest is not None and not latest.reached:
        h.flags.append(HealthFlag.FAILED)
        first = f": {latest.errors[0]}" if latest.errors else ""
        h.problems.append(f"not reached in the latest run{first}")
    _check_refused(h, latest)
    _check_unmatched(h, runs, n.unmatched_runs)
    _check_silent(h, n.silent_days, latest is not None)
    _check_fill(h, n.fill_rate_drop)
    return h


def source_health(store: Store, config: AppConfig, now: datetime | None = None,
                  runs: list[RunRecord] | None = None) -> list[SourceHealth]:
    """Health of every configured source, in config order: one ``stats`` read, then one
    ``recent_documents`` read per source. Raises StoreError when the store cannot answer."""
    if runs is None:
        runs = store.runs(limit=RUNS_LOOKED_AT)
    counts = store.stats().by_source
    return [check_source(store, config, s, runs, now, counts) for s in config.sources]


def health_to_json(items: list[SourceHealth]) -> dict[str, Any]:
    """The ``health`` block of ``status --json``, the run report and the web UI."""
    flagged = [h.source for h in items if h.flags]
    return {"ok": not flagged, "flagged": flagged, "sources": [h.to_json() for h in items]}
