"""A real SMTP server (aiosmtpd on 127.0.0.1), a small config and a store with articles."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from index.sqlite import SqliteStore
from pipeline.settings import AppConfig, load_config
from tests.index.test_store_contract import make

HOSTILE = 'Azoty <script>alert("x")</script>\r\nBcc: victim@example.net'
NOW = datetime(2024, 3, 5, 6, 0, tzinfo=timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server accepted; ``on_data`` runs before it answers 250."""

    host: str
    port: int
    envelopes: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    on_data: Callable[[], None] | None = None

    async def handle_DATA(self, server: SMTP, session: Session,
                          envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos), raw))
        if self.on_data is not None:
            self.on_data()
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        out = []
        for _, _, raw in self.envelopes:
            msg = message_from_bytes(raw, policy=policy.default)
            assert isinstance(msg, EmailMessage)
            out.append(msg)
        return out


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    port = free_port()
    box = Inbox("127.0.0.1", port)
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def write_config(folder: Path, store: str, data_dir: Path, smtp: dict[str, Any] | None,
                 public_url: str | None = "https://cw.example.org") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(
        "sources:\n"
        "  - {id: alpha, name: Kurier Alfa, start_urls: ['https://alpha.example/'],"
        " articles: ['/']}\n"
        "  - {id: beta, name: Beta News, start_urls: ['https://beta.example/'],"
        " articles: ['/']}\n"
        "  - {id: gamma, name: Gamma Post, start_urls: ['https://gamma.example/'],"
        " articles: ['/']}\n", encoding="utf-8")
    (folder / "members.yaml").write_text(
        "members:\n"
        "  - {id: azoty, name: Grupa Azoty ZAK, aliases: [ZAK]}\n"
        "  - {id: park, name: Park Przemysłowy}\n", encoding="utf-8")
    lines = [f"store: {store}", f"data_dir: {data_dir}", "alerts: {language: en}"]
    if smtp:
        lines.append("smtp: {" + ", ".join(f"{k}: {v}" for k, v in smtp.items()) + "}")
    if public_url:
        lines.append(f"server: {{public_url: '{public_url}'}}")
    (folder / "settings.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@dataclass
class World:
    config: AppConfig
    store: SqliteStore
    tmp: Path
    base: datetime = NOW  # articles are fetched from a day before this

    def add(self, url: str, title: str, text: str, *, hours: float = 0, **kw: Any) -> str:
        fetched = self.base - timedelta(days=1) + timedelta(hours=hours)
        doc = make(url, title, text, fetched_at=fetched, **kw)
        self.store.upsert(doc)
        return doc.id or ""


@pytest.fixture
def world_factory(tmp_path: Path) -> Iterator[Callable[..., World]]:
    stores: list[SqliteStore] = []

    def build(smtp: dict[str, Any] | None = None, public_url: str | None = "https://cw.example.org"
              ) -> World:
        url = f"sqlite:///{tmp_path / 'store.db'}"
        folder = write_config(tmp_path / "config", url, tmp_path / "data", smtp, public_url)
        store = SqliteStore(url)
        stores.append(store)
        return World(load_config(folder), store, tmp_path)

    yield build
    for s in stores:
        s.close()


def seed(world: World) -> dict[str, str]:
    """Three stories on Azoty (one syndicated in two more sources, one hostile) and one other."""
    text = "Zakłady uruchomiły nową instalację amoniaku w Kędzierzynie-Koźlu."
    ids = {
        "story": world.add("https://alpha.example/a1", "Nowa instalacja w ZAK", text,
                           members={"azoty": 2}, story_id="st1", published="2024-03-04"),
        "copy1": world.add("https://beta.example/b1", "Nowa instalacja w ZAK", text,
                           members={"azoty": 2}, source="beta", story_id="st1", hours=1,
                           published="2024-03-04"),
        "copy2": world.add("https://gamma.example/g1", "Nowa instalacja w ZAK", text,
                           members={"azoty": 2}, source="gamma", story_id="st1", hours=2,
                           published="2024-03-04"),
        "hostile": world.add("https://alpha.example/evil", HOSTILE,
                             "Azoty <b>bold</b> & tekst o instalacji.", members={"azoty": 1},
                             hours=3, published="2024-03-03"),
        "other": world.add("https://alpha.example/park", "Park szuka inwestorów",
                           "Park przemysłowy szuka inwestorów.", members={"park": 1}, hours=4),
    }
    return ids
