"""`clusterwatch show`: one document, as JSON (the contract's shape) and for people."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.base import StoreOptions
from index.sqlite import SqliteStore
from pipeline.document import Document
from pipeline.identity import identify
from tests.cli.cliutil import Cli, fill_store, make_cli

CONTRACT_KEYS = ["id", "url", "source", "lang", "title", "author", "published", "text",
                 "members", "entities", "organisations", "places", "persons", "duplicates"]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return make_cli(tmp_path, capsys, monkeypatch)


def test_show_json_has_the_contract_fields_first(cli: Cli) -> None:
    first = fill_store(cli.store_url)[0]
    doc = cli.json("show", first.id, "--json")
    assert list(doc)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert doc["id"] == first.id and doc["title"] == first.title and doc["text"] == first.text
    assert doc["members"] == [{"id": "grupa-azoty-zak", "count": 1}, {"id": "kkpp", "count": 1}]
    assert doc["entities"][0] == {"text": "Grupa Azoty ZAK", "label": "ORG", "start": 7,
                                  "end": 22, "canonical": "Grupa Azoty ZAK",
                                  "member": "grupa-azoty-zak", "field": "text"}
    assert doc["author"] == "Anna Kowalska" and doc["duplicates"] == []
    assert cli.json("show", first.url, "--json")["id"] == first.id  # by URL too


def test_show_lists_story_copies(cli: Cli) -> None:
    store = SqliteStore(cli.store_url, StoreOptions())
    a = identify(Document(url="https://a.example/1", source="a", title="A", text="Wspólny tekst.",
                          story_id="s1", published="2024-01-01"))
    b = identify(Document(url="https://b.example/1", source="b", title="B", text="Wspólny tekst!",
                          story_id="s1", published="2024-01-02"))
    store.upsert_many([a, b])
    store.close()
    assert cli.json("show", a.id, "--json")["duplicates"] == [b.id]
    code, out, _ = cli("show", a.id)
    assert code == 0 and f"duplicates:       {b.id}" in out


def test_human_output_is_terminal_safe(cli: Cli) -> None:
    store = SqliteStore(cli.store_url, StoreOptions())
    doc = identify(Document(url="https://a.example/x", source="a", title="Tytuł\x1b[31m czerwony",
                            text="Akapit pierwszy.\n\nAkapit\x1b]0;x\x07 drugi."))
    store.upsert(doc)
    store.close()
    code, out, _ = cli("show", doc.id)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "Tytuł [31m czerwony" in out and "Akapit pierwszy.\n\nAkapit" in out


def test_unknown_id_exits_1_with_a_message(cli: Cli) -> None:
    SqliteStore(cli.store_url).close()  # an existing, empty store (a missing one is an error)
    code, out, err = cli("show", "0123456789abcdef")
    assert code == 1 and out == ""
    assert "no document with id '0123456789abcdef'" in err and "Traceback" not in err
