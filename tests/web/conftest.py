"""A real SQLite store filled by the real pipeline from tests/fixtures/web, and the app over it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from clusterwatch.web import create_app
from index.base import RunRecord, SourceRunStats, Store, StoreOptions
from index.factory import open_store
from pipeline.document import Document, RawPage
from pipeline.process import PipelineOptions, Processor
from pipeline.settings import AppConfig, load_config

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "web"

SOURCES_YAML = """
sources:
  - id: nto
    name: Nowa Trybuna Testowa
    start_urls: ["https://nto.example.pl/region/"]
    articles: ['/art/']
    language: pl
  - id: opole24
    name: Opole 24 (test)
    start_urls: ["https://opole24.example.pl/"]
    articles: ['/news/']
  - id: chemnews
    name: Chemical News (test)
    start_urls: ["https://chemnews.example.com/"]
    articles: ['/story/']
    language: en
  - id: quiet
    name: Cichy Portal
    start_urls: ["https://quiet.example.pl/"]
    articles: ['/a/']
"""

MEMBERS_YAML = """
members:
  - id: grupa-azoty-zak
    name: Grupa Azoty Zakłady Azotowe Kędzierzyn S.A.
    aliases: [Grupa Azoty ZAK, Zakłady Azotowe Kędzierzyn, Azoty Kędzierzyn]
    country: PL
    kind: company
  - id: icso-blachownia
    name: Instytut Ciężkiej Syntezy Organicznej „Blachownia”
    aliases: [ICSO Blachownia, ICSO]
    country: PL
    kind: research institute
  - id: kkpp
    name: Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o.
    aliases: [KKPP, Kędzierzyńsko-Kozielski Park Przemysłowy]
    country: PL
    kind: business support
  - id: chem-ster
    name: Klaster Chemii Specjalistycznej CHEM-STER
    aliases: [CHEM-STER, Klaster Chemii Specjalistycznej]
    country: PL
    kind: cluster
  - id: metalchem
    name: Stowarzyszenie „Park Przemysłowy Metalchem”
    aliases: [Park Przemysłowy Metalchem, Metalchem]
    country: PL
    kind: cluster
  - id: petrochemia-blachownia
    name: Petrochemia-Blachownia S.A.
    aliases: [Petrochemia-Blachownia]
    country: PL
    kind: company
"""


@dataclass(frozen=True)
class Fixture:
    file: str
    url: str
    source: str
    published: str  # what the page states (used only if the extractor missed it)
    author: str | None = None


FIXTURES = [
    Fixture("azoty-rozbudowa.html", "https://nto.example.pl/art/azoty-rozbudowa", "nto",
            "2024-03-14", "Anna Kowalczyk"),
    Fixture("azoty-rozbudowa-kopia.html", "https://opole24.example.pl/news/azoty-kwas",
            "opole24", "2024-03-15"),
    Fixture("chemster-forum.html", "https://nto.example.pl/art/forum-chemster", "nto",
            "2024-05-20", "Piotr Zieliński"),
    Fixture("icso-katalizatory.html", "https://opole24.example.pl/news/icso", "opole24",
            "2024-06-03"),
    Fixture("azoty-english.html", "https://chemnews.example.com/story/zak-nitric", "chemnews",
            "2024-04-02", "James Whitfield"),
    Fixture("metalchem-park.html", "https://nto.example.pl/art/metalchem", "nto", "2024-06-18"),
    Fixture("hostile.html", "https://nto.example.pl/art/hostile", "nto", "2024-07-01",
            "<img src=x onerror=alert('author')>"),
]
HOSTILE_URL = "https://nto.example.pl/art/hostile"
COPY_URLS = ("https://nto.example.pl/art/azoty-rozbudowa",
             "https://opole24.example.pl/news/azoty-kwas")


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def write_config(folder: Path, store_url: str, page_size: int = 3) -> AppConfig:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    (folder / "members.yaml").write_text(MEMBERS_YAML, encoding="utf-8")
    (folder / "settings.yaml").write_text(
        f"store: {store_url}\ndata_dir: {folder / 'data'}\nserver:\n  page_size: {page_size}\n",
        encoding="utf-8")
    return load_config(folder, env={})


def build_documents(config: AppConfig) -> list[Document]:
    """Every fixture page through the real pipeline."""
    p = config.settings.pipeline
    processor = Processor(config.registry, PipelineOptions(tuple(p.languages), dict(p.ner_models)))
    docs: list[Document] = []
    for fx in FIXTURES:
        page = RawPage(url=fx.url, body=(PAGES / fx.file).read_bytes(), source=fx.source,
                       content_type="text/html; charset=utf-8",
                       fetched_at=datetime(2024, 7, 2, 6, 0, tzinfo=timezone.utc),
                       lang_hint=config.source(fx.source).language)
        doc = processor.process(page)
        assert not doc.skip_reason, f"{fx.file} was rejected: {doc.skip_reason}"
        doc.published = doc.published or fx.published
        doc.author = doc.author or fx.author
        docs.append(doc)
    return docs


def assign_stories(store: Store, docs: list[Document]) -> None:
    """Syndicated copies share the story id of the earliest copy (as the crawler does)."""
    for doc in sorted(docs, key=lambda d: (d.published or "", d.id)):
        copies = [i for i in store.near_duplicates(doc, 0.8) if i != doc.id]
        first = store.get(copies[0]) if copies else None
        doc.story_id = first.story_id if first and first.story_id else doc.id
        store.upsert(doc)


def add_runs(store: Store, now: datetime) -> None:
    old = now - timedelta(days=30)
    store.add_run(RunRecord("run-old", "nightly", old, old + timedelta(minutes=5), "ok", [
        SourceRunStats("quiet", fetched=12, new=2), SourceRunStats("nto", fetched=5, new=1)]))
    store.add_run(RunRecord("run-new", "nightly", now - timedelta(hours=3),
                            now - timedelta(hours=2), "partial", [
        SourceRunStats("nto", fetched=9, new=4, updated=1),
        SourceRunStats("opole24", fetched=3, new=2, failed=1,
                       errors=["https://opole24.example.pl/news/x: HTTP 500"]),
        SourceRunStats("chemnews", fetched=0, reached=False, failed=1,
                       errors=["<b>DNS</b> lookup failed for chemnews.example.com"]),
        SourceRunStats("quiet", fetched=12, new=0, unchanged=12)]))


@dataclass
class WebFixture:
    config: AppConfig
    store: Store
    docs: dict[str, Document]  # by URL


@pytest.fixture(scope="session")
def web_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebFixture]:
    root = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{root / 'store.db'}"
    config = write_config(root / "config", url)
    store = open_store(url, StoreOptions(data_dir=str(root / "data")))
    docs = build_documents(config)
    assign_stories(store, docs)
    add_runs(store, datetime.now(timezone.utc))
    yield WebFixture(config, store, {d.url: d for d in docs})
    store.close()


@pytest.fixture(scope="session")
def app(web_data: WebFixture) -> FastAPI:
    return create_app(web_data.config, web_data.store, warm_health=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


# the browser tests' fixtures (server, browser, tab), shared by every browser test module
from tests.web.browser_rig import browser, server, tab  # noqa: E402, F401
