"""Workbench commands in-process against a real SQLite store: `mentions --share/--by`,
`entities`, `links` (kept across `reprocess`), `members suggest`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from index.base import StoreOptions
from index.sqlite import SqliteStore
from pipeline.document import Document, Entity
from pipeline.identity import identify
from tests.cli.cliutil import T0, Cli, fill_store, make_cli


def _extra(n: int, published: str, orgs: list[str], members: dict[str, int],
           entities: list[Entity] = ()) -> Document:  # type: ignore[assignment]
    doc = Document(url=f"https://portal.example.pl/wiadomosci/{200 + n}.html", source="portal",
                   lang="pl", title=f"Wiadomość {n}", published=published, fetched_at=T0,
                   text=f"Tekst wiadomości numer {n} o przemyśle chemicznym w regionie.",
                   members=members, organisations=orgs, entities=list(entities),
                   lemmas=f"tekst wiadomość numer {n}")
    return identify(doc)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    c = make_cli(tmp_path, capsys, monkeypatch)
    fill_store(c.store_url)
    store = SqliteStore(c.store_url, StoreOptions(data_dir=str(tmp_path)))
    store.upsert_many([
        _extra(1, "2024-01-10", ["Orlen", "KPP"], {"kkpp": 1}),
        _extra(2, "2024-02-15", ["Orlen", "Grupie Azoty Zakłady Azotowe Kędzierzyn S.A."], {}),
        _extra(3, "2024-04-03", ["Orlen", "Synthos", "=cmd|' /C calc'!A0"], {"chem-ster": 1}),
        _extra(4, "2024-04-20", ["Synthos"], {}),
    ])
    store.close()
    return c


def test_mentions_share_and_breakdown(cli: Cli) -> None:
    got = cli.json("mentions", "--member", "grupa-azoty-zak", "--member", "kkpp", "--share",
                   "--interval", "year", "--format", "json")
    (azoty, kkpp) = got["series"]
    assert azoty["buckets"][0]["share"] == round(3 / 8, 4)  # 3 of the 8 member mentions
    assert kkpp["buckets"][0]["share"] == round(2 / 8, 4)
    by = cli.json("mentions", "--member", "grupa-azoty-zak", "--by", "source", "--interval",
                  "year", "--format", "json")
    assert by["by"] == "source"
    assert {(s["group"], s["buckets"][0]["mentions"]) for s in by["series"]} == {
        ("portal", 1), ("other", 2)}
    code, out, _ = cli("mentions", "--by", "lang", "--share", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["member", "name", "lang", "date", "mentions",
                                     "documents", "share"]
    cs = cli.json("mentions", "--lang", "cs", "--format", "json")
    assert [s["member"] for s in cs["series"]] == ["grupa-azoty-zak"]


def test_entities_period_change_new_and_csv_guard(cli: Cli) -> None:
    got = cli.json("entities", "--since", "2024-04-01", "--until", "2024-04-30", "--json")
    rows = {e["name"]: e for e in got["entities"]}
    assert rows["Synthos"] == {"name": "Synthos", "documents": 2, "previous": 0, "change": 2,
                               "new": True}
    assert rows["Orlen"]["previous"] == 0 and rows["Orlen"]["new"] is False  # seen in January
    assert got["previous"] == {"since": "2024-03-02", "until": "2024-03-31"}
    code, out, _ = cli("entities", "--format", "csv")
    assert code == 0
    assert "'=cmd|' /C calc'!A0" in out and "\n=cmd" not in out
    code, out, _ = cli("entities", "--prospects")
    assert code == 0 and "Orlen" in out and "Synthos" in out
    with pytest.raises(SystemExit) as usage:  # argparse: exit 2 with the message
        cli("entities", "--top", "0")
    assert usage.value.code == 2
    code, _, err = cli("entities", "--since", "2024-05-01", "--until", "2024-04-01")
    assert code == 2 and "after" in err


def test_links_remove_add_undo_list(cli: Cli) -> None:
    hits = cli.json("search", "plastyfikatorów", "--json")["hits"]
    doc_id = hits[0]["id"]
    code, out, _ = cli("links", "remove", doc_id, "grupa-azoty-zak", "--why", "inna spółka",
                       "--who", "ania")
    assert code == 0 and "removed" in out
    shown = cli.json("show", doc_id, "--json")
    assert shown["members"] == [{"id": "kkpp", "count": 1}]
    assert shown["corrections"][0]["why"] == "inna spółka"
    found = cli.json("search", "plastyfikatorów", "--member", "grupa-azoty-zak", "--json")
    assert found["total"] == 0
    exported = [line for line in _export(cli) if doc_id in line]
    assert exported and '"grupa-azoty-zak"' not in exported[0].split('"entities"')[0]
    assert cli("links", "add", doc_id, "chem-ster")[0] == 0
    code, out, _ = cli("links", "list", "--json")
    assert code == 0 and out.count("\n") == 2 and '"who": "ania"' in out
    assert cli("links", "undo", doc_id, "grupa-azoty-zak")[0] == 0
    assert cli("links", "undo", doc_id, "grupa-azoty-zak")[0] == 1
    members = {m["id"] for m in cli.json("show", doc_id, "--json")["members"]}
    assert members == {"grupa-azoty-zak", "kkpp", "chem-ster"}
    code, _, err = cli("links", "remove", "0" * 16, "kkpp")
    assert code == 1 and "no document" in err
    code, _, err = cli("links", "remove", doc_id, "nobody")
    assert code == 2 and "nobody" in err


def _export(cli: Cli) -> list[str]:
    code, out, _ = cli("export")
    assert code == 0
    return out.splitlines()


def test_members_suggest_names_that_look_like_members(cli: Cli) -> None:
    got = cli.json("members", "suggest", "--json")
    pairs = {(s["member"], s["name"], s["kind"]) for s in got["suggestions"]}
    assert ("kkpp", "KPP", "alias") in pairs
    assert ("grupa-azoty-zak", "Grupie Azoty Zakłady Azotowe Kędzierzyn S.A.", "alias") in pairs
    assert not any(s["name"] in ("Orlen", "Synthos") for s in got["suggestions"])
    assert "- id: kkpp" in got["yaml"] and "aliases:" in got["yaml"]
    code, out, _ = cli("members", "suggest", "--member", "kkpp")
    assert code == 0 and "KPP" in out and "Grupie" not in out


def test_a_correction_survives_reprocess(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cli = make_cli(tmp_path, capsys, monkeypatch)
    page = tmp_path / "notatka.md"
    page.write_text("# Park przemysłowy rośnie\n\nKędzierzyńsko-Kozielski Park Przemysłowy "
                    "przyjął dwie nowe firmy. Zarząd KKPP liczy na kolejne inwestycje w "
                    "regionie i nowe miejsca pracy dla mieszkańców.\n", encoding="utf-8")
    line = _ingest(cli, page)
    doc_id = str(line["id"])
    assert {m["id"] for m in line["members"]} == {"kkpp"}  # type: ignore[attr-defined]
    assert cli("links", "remove", doc_id, "kkpp", "--why", "test")[0] == 0
    assert cli("links", "add", doc_id, "chem-ster")[0] == 0
    code, _, err = cli("reprocess")
    assert code == 0, err
    shown = cli.json("show", doc_id, "--json")
    assert [m["id"] for m in shown["members"]] == ["chem-ster"]
    assert {c["member"] for c in shown["corrections"]} == {"kkpp", "chem-ster"}


def _ingest(cli: Cli, page: Path) -> dict[str, object]:
    code, out, err = cli("ingest", str(page), "--json", "--source", "portal",
                         "--url", "https://portal.example.pl/wiadomosci/1.html")
    assert code == 0, err
    result: dict[str, object] = json.loads(out.splitlines()[0])
    return result


def test_a_saved_search_as_a_series(cli: Cli) -> None:
    code, _, err = cli("alerts", "add", "Orlen w prasie", "--query", "wiadomości",
                       "--email", "pr@example.org")
    assert code == 0, err
    got = cli.json("mentions", "--member", "kkpp", "--search", "Orlen w prasie",
                   "--interval", "year", "--format", "json")
    (kkpp, saved) = got["series"]
    assert kkpp["member"] == "kkpp"
    assert saved["member"].startswith("search:") and saved["name"] == "Orlen w prasie"
    assert sum(b["documents"] for b in saved["buckets"]) == 4  # the four "wiadomość" texts
    code, _, err = cli("mentions", "--search", "nie ma takiego")
    assert code == 2 and "nie ma takiego" in err
