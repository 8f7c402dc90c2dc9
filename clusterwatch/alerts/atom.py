"""An alert as an Atom feed (RFC 4287): its newest matches, built with ElementTree.

ElementTree escapes text and attributes; ``one_line`` drops the control characters XML 1.0
cannot carry, so a hostile title never breaks the feed.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from xml.etree import ElementTree as ET

from clusterwatch.alerts.digest import Names, alert_query, group_hits
from clusterwatch.alerts.text import one_line
from clusterwatch.web.render import safe_url
from index.alerts import Alert
from index.base import Store

NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def _stamp(value: str | None, fallback: datetime) -> str:
    """An RFC 3339 time for a published day (or the feed's own time)."""
    if value:
        try:
            day = date.fromisoformat(value[:10])
            return f"{day.isoformat()}T00:00:00Z"
        except ValueError:
            pass
    return fallback.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def build_feed(store: Store, alert: Alert, names: Names, self_url: str,
               now: datetime | None = None) -> bytes:
    now = now or datetime.now(timezone.utc)
    hits = store.search(alert_query(alert, FEED_ENTRIES * 2)).hits
    entries, _ = group_hits(store, hits, names, FEED_ENTRIES)
    ET.register_namespace("", NS)
    feed = ET.Element(f"{{{NS}}}feed")
    _sub(feed, "title", one_line(f"clusterwatch: {alert.name}", 200))
    _sub(feed, "id", f"urn:clusterwatch:alert:{alert.id}")
    _sub(feed, "link", rel="self", href=self_url)
    stamps = [_stamp(e.published, now) for e in entries]
    _sub(feed, "updated", max(stamps) if stamps else _stamp(None, now))
    _sub(_sub(feed, "author"), "name", "clusterwatch")
    for e, stamp in zip(entries, stamps, strict=True):
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:clusterwatch:doc:{e.id}")
        _sub(entry, "title", e.title)
        _sub(entry, "updated", stamp)
        href = safe_url(e.link or e.url)
        if href:
            _sub(entry, "link", rel="alternate", href=one_line(href))
        _sub(entry, "summary", e.snippet)
        _sub(_sub(entry, "author"), "name", one_line(e.source, 200))
        for member in e.members:
            _sub(entry, "category", term=one_line(member, 200))
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body
