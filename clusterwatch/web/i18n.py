"""The interface languages: message catalog (messages.yaml), locale choice, dates and numbers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

CATALOG_FILE = Path(__file__).with_name("messages.yaml")
LOCALE_COOKIE = "cw_hl"
LOCALE_PARAM = "hl"
_ACCEPT = re.compile(r"([a-zA-Z]{1,8})(?:-[a-zA-Z0-9]{1,8})?\s*(?:;\s*q=([0-9.]+))?")


class CatalogError(ValueError):
    """messages.yaml is incomplete or malformed."""


@dataclass(frozen=True)
class Catalog:
    languages: tuple[str, ...]
    default: str
    messages: dict[str, dict[str, str]]
    months: dict[str, list[str]]
    months_short: dict[str, list[str]]

    @classmethod
    def load(cls, path: Path = CATALOG_FILE) -> Catalog:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        langs = tuple(data["languages"])
        cat = cls(langs, data["default"], data["messages"], data["months"], data["months_short"])
        cat.check()
        return cat

    def check(self) -> None:
        if self.default not in self.languages:
            raise CatalogError(f"default language {self.default!r} is not in languages")
        for key, texts in self.messages.items():
            missing = [lang for lang in self.languages if lang not in texts]
            if missing:
                raise CatalogError(f"message {key!r} has no text for {', '.join(missing)}")
        for table in (self.months, self.months_short):
            for lang in self.languages:
                if len(table.get(lang, [])) != 12:
                    raise CatalogError(f"month names for {lang!r} must list 12 months")

    def text(self, key: str, lang: str, **values: object) -> str:
        """The message in ``lang``; unknown keys show the key itself (and are logged)."""
        texts = self.messages.get(key)
        if texts is None:
            log.warning("message catalog has no key %r", key)
            return key
        msg = texts.get(lang) or texts[self.default]
        return msg.format(**values) if values else msg

    def choose(self, param: str | None, cookie: str | None, accept: str | None) -> str:
        """The reader's language: ``?hl=`` first, then the cookie, then Accept-Language."""
        for candidate in (param, cookie):
            if candidate in self.languages:
                return candidate
        return self._from_accept(accept or "")

    def _from_accept(self, header: str) -> str:
        best, best_q = self.default, -1.0
        for part in header.split(",")[:20]:
            m = _ACCEPT.match(part.strip())
            if not m:
                continue
            lang = m[1].lower()
            try:
                q = float(m[2]) if m[2] else 1.0
            except ValueError:
                continue
            if lang in self.languages and q > best_q:
                best, best_q = lang, q
        return best

    def format_date(self, value: str | date | datetime | None, lang: str) -> str:
        """``14 January 2016`` / ``14 stycznia 2016``; unparseable values are shown as given."""
        d = _as_date(value)
        if d is None:
            return "" if value is None else str(value)
        return f"{d.day} {self.months[lang][d.month - 1]} {d.year}"

    def format_datetime(self, value: str | datetime | None, lang: str) -> str:
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                return value
        elif value is None:
            return ""
        else:
            parsed = value
        return f"{self.format_date(parsed, lang)}, {parsed:%H:%M}"

    def format_month(self, value: str | date, lang: str, with_day: bool = False) -> str:
        """Short bucket label: ``Jan 2016`` (or ``14 Jan 2016`` with ``with_day``)."""
        d = _as_date(value)
        if d is None:
            return str(value)
        month = self.months_short[lang][d.month - 1]
        return f"{d.day} {month} {d.year}" if with_day else f"{month} {d.year}"

    @staticmethod
    def format_number(n: int | float, lang: str) -> str:
        text = f"{n:,}" if isinstance(n, int) else f"{n:,.1f}"
        if lang == "pl":  # Polish groups thousands with a (non-breaking) space
            return text.replace(",", "\u00a0").replace(".", ",")
        return text


def _as_date(value: str | date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
