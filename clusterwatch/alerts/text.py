"""Crawled text on one line: for headers, text mail and feeds."""

from __future__ import annotations


def one_line(text: str, limit: int | None = None) -> str:
    """Printable characters only, whitespace collapsed (a header or a text line stays one)."""
    out = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if limit is not None and len(out) > limit:
        out = out[:limit - 1].rstrip() + "…"
    return out
