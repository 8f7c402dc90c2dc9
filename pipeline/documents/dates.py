"""Dates written in document metadata (ISO 8601 timestamps) as ISO days."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def iso_day(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None
