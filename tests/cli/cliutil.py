"""Helpers for the CLI tests: a small config folder, a filled store, in-process runs."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from clusterwatch.cli import main
from index.base import StoreOptions
from index.sqlite import SqliteStore
from pipeline.document import Document, Entity
from pipeline.identity import identify

MEMBERS_YAML = """\
members:
  - id: grupa-azoty-zak
    name: Grupa Azoty Zakłady Azotowe Kędzierzyn S.A.
    aliases: [Grupa Azoty ZAK, ZAK S.A.]
    country: PL
    kind: company
  - id: kkpp
    name: Kędzierzyńsko-Kozielski Park Przemysłowy
    aliases: [KKPP]
    country: PL
    kind: business support
  - id: chem-ster
    name: Klaster Chemii Specjalistycznej CHEM-STER
    aliases: [CHEM-STER]
    country: PL
    kind: cluster
"""

SOURCES_YAML = """\
sources:
  - id: portal
    name: Portal testowy
    start_urls: ["https://portal.example.pl/wiadomosci/"]
    articles: ['/wiadomosci/\\d+\\.html$']
    language: pl
"""


def write_config(root: Path, members: str = MEMBERS_YAML, sources: str = SOURCES_YAML,
                 settings: str = "data_dir: data\n") -> Path:
    cfg = root / "config"
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / "members.yaml").write_text(members, encoding="utf-8")
    (cfg / "sources.yaml").write_text(sources, encoding="utf-8")
    (cfg / "settings.yaml").write_text(settings, encoding="utf-8")
    return cfg


@dataclass
class Cli:
    """Runs ``clusterwatch`` in-process against one config folder and one store file."""

    config: Path
    store_url: str
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--config", str(self.config), "--store", self.store_url, *argv])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *argv: str) -> Any:
        code, out, err = self(*argv)
        assert code == 0, err
        return json.loads(out)


def make_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> Cli:
    for var in ("CLUSTERWATCH_STORE", "CLUSTERWATCH_CONFIG", "CLUSTERWATCH_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return Cli(write_config(tmp_path), f"sqlite:///{tmp_path / 'store.db'}", capsys)


T0 = datetime(2024, 4, 2, 6, 30, tzinfo=timezone.utc)


def sample_documents() -> list[Document]:
    """Three articles written for these tests, with their analysis already done."""
    one = Document(
        url="https://portal.example.pl/wiadomosci/101.html", source="portal", lang="pl",
        title="Grupa Azoty ZAK otwiera nową linię", published="2024-03-04", fetched_at=T0,
        text="Spółka Grupa Azoty ZAK uruchomiła linię plastyfikatorów. Park KKPP pomagał.",
        members={"grupa-azoty-zak": 1, "kkpp": 1}, author="Anna Kowalska",
        entities=[Entity("Grupa Azoty ZAK", "ORG", 7, 22, "Grupa Azoty ZAK", "grupa-azoty-zak")],
        lemmas="spółka grupa azot zak uruchomić linia plastyfikator park kkpp pomagać")
    two = Document(
        url="https://portal.example.pl/wiadomosci/102.html", source="portal", lang="pl",
        title="Klaster rośnie", published="2024-03-20", fetched_at=T0,
        text="Do klastra CHEM-STER dołączyły dwie firmy <script>alert(1)</script> z Opola.",
        members={"chem-ster": 2}, lemmas="do klaster chem ster dołączyć dwa firma z opole")
    three = Document(
        url="https://other.example.cz/clanek/7", source="other", lang="cs",
        title="Chemický průmysl v regionu", published="2024-04-01", fetched_at=T0,
        text="Zástupci Grupy Azoty ZAK jednali v Ústí nad Labem.",
        members={"grupa-azoty-zak": 2}, lemmas="zástupce grupa azot zak jednat v ústí labe")
    return [identify(d) for d in (one, two, three)]


def fill_store(url: str) -> list[Document]:
    path = url.removeprefix("sqlite:///")
    store = SqliteStore(url, StoreOptions(data_dir=str(Path(path).parent)))
    docs = sample_documents()
    store.upsert_many(docs)
    store.close()
    return docs


def console_script() -> list[str]:
    """The installed ``clusterwatch`` script next to this Python (else the same entry point)."""
    script = Path(sys.executable).with_name("clusterwatch")
    if script.exists():
        return [str(script)]
    found = shutil.which("clusterwatch")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from clusterwatch.cli import main; sys.exit(main())"]
