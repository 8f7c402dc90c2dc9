"""Bad configuration: exit 2, a message naming the file and the field, never a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli.cliutil import MEMBERS_YAML, SOURCES_YAML, Cli, console_script, make_cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return make_cli(tmp_path, capsys, monkeypatch)


def _fails(cli: Cli, *argv: str) -> str:
    code, out, err = cli(*argv)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and out == ""
    return err


@pytest.mark.parametrize(("file", "text", "field", "problem"), [
    ("settings.yaml", "stroe: sqlite:///x.db\n", "stroe", "unknown key"),
    ("settings.yaml", "crawl:\n  delai: 2\n", "crawl.delai", "unknown key"),
    ("sources.yaml", SOURCES_YAML.replace("start_urls", "start_url"), "sources[0].start_url",
     "unknown key"),
    ("sources.yaml", SOURCES_YAML.replace("'/wiadomosci/\\d+\\.html$'", "'/wiad(omosci/'"),
     "sources[0].articles", "bad regular expression"),
    ("members.yaml", MEMBERS_YAML.replace("id: chem-ster", "id: kkpp"), "members[2].id",
     "duplicate id"),
    ("members.yaml", MEMBERS_YAML.replace("kind: cluster\n", "kind: cluster\n    alias: [x]\n"),
     "members[2].alias", "unknown key"),
])
def test_bad_config_names_file_and_field(cli: Cli, file: str, text: str, field: str,
                                         problem: str) -> None:
    (cli.config / file).write_text(text, encoding="utf-8")
    err = _fails(cli, "search", "Azoty")
    assert f"{file}: {field}:" in err and problem in err


def test_unknown_member_in_a_filter(cli: Cli) -> None:
    err = _fails(cli, "mentions", "--member", "grupa-azoty", "--format", "json")
    assert "members.yaml" in err and "mentions --member" in err and "'grupa-azoty'" in err


@pytest.mark.parametrize(("content", "problem"), [
    (b"members: [\n  - id: x\n", "not valid YAML"),
    (b"\xff\xfe\x00garbage\x81", "cannot read"),
])
def test_unreadable_config_file(cli: Cli, content: bytes, problem: str) -> None:
    (cli.config / "members.yaml").write_bytes(content)
    err = _fails(cli, "status")
    assert "members.yaml" in err and problem in err


def test_missing_config_folder(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("--config", str(tmp_path / "nowhere"), "status")
    assert code == 2 and "nowhere" in err and "config folder not found" in err


def test_console_script_exit_code(tmp_path: Path, cli_env: dict[str, str],
                                  capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cli = make_cli(tmp_path, capsys, monkeypatch)
    (cli.config / "settings.yaml").write_text("server:\n  prot: 8000\n", encoding="utf-8")
    done = subprocess.run([*console_script(), "--config", str(cli.config), "status", "--json"],
                          env=cli_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert "settings.yaml: server.prot: unknown key" in done.stderr
    assert "Traceback" not in done.stderr
