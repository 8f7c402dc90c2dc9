"""`clusterwatch members check|list` in-process against small config folders written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clusterwatch.cli import main
from clusterwatch.cli.members import Problem, check_registry
from pipeline.registry import Member, Registry

SOURCES = """\
sources:
  - id: portal
    start_urls: ["https://portal.example.pl/"]
    articles: ['/a/\\d+$']
"""
CLEAN = """\
members:
  - id: alpha-chem
    name: Alpha Chemia Sp. z o.o.
    aliases: [Alpha Chemia, ACH]
  - id: beta-park
    name: Park Technologiczny Beta
    aliases: [Beta Park, PB]
    ambiguous: [PB]
"""
BROKEN = """\
members:
  - id: alpha-chem
    name: Alpha Chemia Sp. z o.o.
    aliases: [Alpha Chemia, AC]
  - id: gamma
    name: Gamma Holding
    aliases: [Alpha Chemia]
"""


def _config(tmp_path: Path, members: str) -> Path:
    cfg = tmp_path / "config"
    cfg.mkdir()
    (cfg / "members.yaml").write_text(members, encoding="utf-8")
    (cfg / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return cfg


def _run(cfg: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--config", str(cfg), "--store", f"sqlite:///{cfg.parent / 's.db'}", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_clean_registry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(_config(tmp_path, CLEAN), capsys, "members", "check")
    assert code == 0 and "2 members" in out


def test_check_shows_names_per_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = "members:\n  - id: pwr\n    name: Politechnika Wrocławska\n    kind: university\n"
    code, out, _ = _run(_config(tmp_path, reg), capsys, "members", "check", "--json")
    names = json.loads(out)["names"]["pwr"]
    assert code == 0 and names["registry"] == ["Politechnika Wrocławska"]
    assert "Technische Universität Breslau" in names["de"]
    assert "Wrocław University of Technology" in names["en"]
    code, text, _ = _run(tmp_path / "config", capsys, "members", "check")
    assert code == 0 and "Technische Universität Breslau" in text and "pwr" in text


def test_check_reports_duplicates_and_ambiguous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(_config(tmp_path, BROKEN), capsys, "members", "check", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    kinds = {(p["problem"], p["member"], p["name"]) for p in problems}
    assert ("duplicate", "gamma", "Alpha Chemia") in kinds
    assert ("ambiguous", "alpha-chem", "AC") in kinds


def test_list_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(_config(tmp_path, CLEAN), capsys, "members", "list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == ["alpha-chem", "beta-park"]
    assert rows[1]["ambiguous"] == ["PB"]


def test_bad_members_file_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = _config(tmp_path, "members:\n  - id: x\n    name: X\n    ambiguous: [Y]\n")
    code, _, err = _run(cfg, capsys, "members", "check")
    assert code == 2 and "members.yaml" in err and "ambiguous" in err


def test_look_alike_that_is_also_a_name_is_a_conflict() -> None:
    reg = Registry([Member("a", "Alpha Chemia", ("Alpha",), not_names=("Alpha",))])
    assert [f.problem for f in check_registry(reg)] == [Problem.CONFLICT]


def test_project_registry_is_clean() -> None:
    from pipeline.settings import load_registry

    root = Path(__file__).resolve().parents[2]
    assert check_registry(load_registry(root / "config" / "members.yaml")) == []
