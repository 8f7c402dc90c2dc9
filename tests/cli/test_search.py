"""`clusterwatch search`: the contract's JSON shape, filters, tables, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cliutil import Cli, fill_store, make_cli

HIT_KEYS = {"id", "url", "title", "source", "lang", "published", "snippet", "members", "score",
            "media_type"}


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    c = make_cli(tmp_path, capsys, monkeypatch)
    fill_store(c.store_url)
    return c


def test_json_shape_and_ranking(cli: Cli) -> None:
    result = cli.json("search", "Azoty", "--json")
    assert set(result) == {"total", "hits"} and result["total"] == 2
    assert all(set(h) == HIT_KEYS for h in result["hits"])
    first = result["hits"][0]
    assert first["url"] == "https://portal.example.pl/wiadomosci/101.html"  # title match
    assert first["members"] == ["grupa-azoty-zak", "kkpp"]
    assert "<mark>Azoty</mark>" in first["snippet"] and first["score"] > 0
    assert first["published"] == "2024-03-04" and first["lang"] == "pl"


def test_filters_limit_and_facets(cli: Cli) -> None:
    def ids(*argv: str) -> list[str]:
        return [h["url"].rsplit("/", 1)[-1] for h in cli.json("search", *argv, "--json")["hits"]]
    assert ids("Azoty", "--lang", "cs") == ["7"]
    assert ids("Azoty", "--source", "portal") == ["101.html"]
    assert ids("Azoty", "--since", "2024-03-05") == ["7"]
    assert ids("Azoty", "--until", "2024-03-31") == ["101.html"]
    assert ids("", "--member", "chem-ster") == ["102.html"]
    assert ids("", "--member", "chem-ster", "--member", "kkpp", "--sort", "date") == [
        "102.html", "101.html"]
    assert len(ids("", "--limit", "1")) == 1
    assert ids("", "--sort", "date", "--offset", "2") == ["101.html"]
    facets = cli.json("search", "Azoty", "--facets", "--json")["facets"]
    assert facets["source"] == {"portal": 1, "other": 1}


def test_snippet_escapes_crawled_markup(cli: Cli) -> None:
    (hit,) = cli.json("search", "klastra", "--json")["hits"]
    assert "&lt;script&gt;" in hit["snippet"] and "<script>" not in hit["snippet"]


@pytest.mark.parametrize("query", ['"', "NEAR(", "AND OR", "*", "title:x", "-", "(((", "'"])
def test_query_syntax_is_never_an_error(cli: Cli, query: str) -> None:
    code, out, err = cli("search", query, "--json")
    assert code == 0, err
    assert "total" in out and "Traceback" not in err


def test_human_table(cli: Cli) -> None:
    code, out, _ = cli("search", "Azoty")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["id", "published", "source", "lang"]
    assert "Grupa Azoty ZAK otwiera nową linię" in out and "2 of 2 documents" in out
    code, out, _ = cli("search", "nieistniejące")
    assert code == 0 and "no documents found" in out


def test_unknown_member_exits_2_naming_the_registry(cli: Cli) -> None:
    code, out, err = cli("search", "Azoty", "--member", "grupa-azoty-zakk")
    assert code == 2 and out == ""
    assert "members.yaml" in err and "grupa-azoty-zakk" in err and "Traceback" not in err


def test_bad_date_is_a_usage_error(cli: Cli) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("search", "Azoty", "--since", "14.01.2016")
    assert exc.value.code == 2
