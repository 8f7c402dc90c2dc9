"""A careless operator: infinite numbers, booleans for numbers, duplicate keys, a bad
environment variable, a mistyped store path. Issue items 5-8, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cliutil import Cli, make_cli, write_config
from tests.reliability.hostile import clean_env
from tests.reliability.hostile import cli as subprocess_cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return make_cli(tmp_path, capsys, monkeypatch)


def _settings(cli: Cli, text: str) -> None:
    (cli.config / "settings.yaml").write_text(f"data_dir: data\n{text}", encoding="utf-8")


@pytest.mark.parametrize(("text", "field", "problem"), [
    ("crawl:\n  timeout: .inf\n", "crawl.timeout", "finite number"),
    ("crawl:\n  delay: .inf\n", "crawl.delay", "finite number"),
    ("crawl:\n  delay: .nan\n", "crawl.delay", "finite number"),
    ("crawl:\n  delay: 100000\n", "crawl.delay", "less than or equal to 600"),
    ("crawl:\n  obey_robots: 1\n", "crawl.obey_robots", "valid boolean"),
    ("crawl:\n  retries: true\n", "crawl.retries", "valid integer"),
    ("crawl:\n  max_page_bytes: 1e12\n", "crawl.max_page_bytes", "valid integer"),
    ("nightly:\n  webhook_url: file:///etc/passwd\n", "nightly.webhook_url", "not an http"),
])
def test_unbounded_or_loosely_typed_settings_exit_2(cli: Cli, text: str, field: str,
                                                   problem: str) -> None:
    """Item 5: ``.inf`` would make a crawl that never ends (and ignores SIGTERM)."""
    _settings(cli, text)
    code, out, err = cli("members", "list")
    assert code == 2 and out == "", err
    assert "settings.yaml" in err and field in err and problem in err, err


@pytest.mark.parametrize(("sources_yaml", "field", "problem"), [
    ("sources:\n  - id: a\n    start_urls: ['https://a.pl/']\n    articles: ['/x/']\n"
     "    max_pages: true\n", "sources[0].max_pages", "valid integer"),
    ("sources:\n  - id: a\n    start_urls: ['https://a.pl/']\n    articles: ['/x/']\n"
     "    delay: .inf\n", "sources[0].delay", "finite number"),
    ("sources:\n  - id: a\n    start_urls: ['https://a.pl/']\n    articles: ['/x/']\n"
     "    enabled: 'no'\n", "sources[0].enabled", "valid boolean"),
])
def test_source_values_are_strict(cli: Cli, sources_yaml: str, field: str,
                                  problem: str) -> None:
    """Item 6: ``max_pages: true`` is not 1."""
    (cli.config / "sources.yaml").write_text(sources_yaml, encoding="utf-8")
    code, _, err = cli("crawl")
    assert code == 2 and "sources.yaml" in err and field in err and problem in err, err


@pytest.mark.parametrize("name", ["settings.yaml", "sources.yaml", "members.yaml"])
def test_duplicate_yaml_keys_are_an_error_with_the_line(cli: Cli, name: str) -> None:
    """Item 6: YAML would silently keep the last value."""
    path = cli.config / name
    text = {"settings.yaml": "data_dir: data\ncrawl:\n  delay: 1\n  delay: 0\n",
            "sources.yaml": path.read_text(encoding="utf-8").replace(
                "    language: pl\n", "    language: pl\n    language: cs\n"),
            "members.yaml": path.read_text(encoding="utf-8").replace(
                "    country: PL\n", "    country: PL\n    country: CZ\n", 1)}[name]
    path.write_text(text, encoding="utf-8")
    code, _, err = cli("members", "list")
    assert code == 2 and name in err and "duplicate key" in err and "line" in err, err


def test_bad_environment_value_names_the_variable(cli: Cli,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 7: the error is in the environment, not in settings.yaml."""
    monkeypatch.setenv("CLUSTERWATCH_CRAWL__DELAY", "abc")
    code, _, err = cli("members", "list")
    assert code == 2, err
    assert "environment variable CLUSTERWATCH_CRAWL__DELAY: crawl.delay:" in err
    assert "settings.yaml" not in err
    monkeypatch.setenv("CLUSTERWATCH_CRAWL__DELAY", "0.5")  # typed like YAML: a number
    monkeypatch.setenv("CLUSTERWATCH_CRAWL__OBEY_ROBOTS", "false")
    assert cli("members", "list")[0] == 0
    monkeypatch.setenv("CLUSTERWATCH_CRAWLL__DELAY", "1")
    code, _, err = cli("members", "list")
    assert code == 2 and "environment variable CLUSTERWATCH_CRAWLL__DELAY" in err
    assert "no settings section 'crawll'" in err


def test_mistyped_store_path_is_an_error_not_an_empty_store(tmp_path: Path) -> None:
    """Item 8: nothing is created; exit 1 with the path; no traceback."""
    config = write_config(tmp_path)
    for command in (["status", "--json"], ["search", "azoty"], ["mentions", "--format", "csv"]):
        run = subprocess_cli(config, "--store", "sqlite:///nonexistent/dir/x.db", *command,
                             cwd=tmp_path, env=clean_env())
        assert run.code == 1, (command, run.stdout, run.stderr)
        assert "no SQLite store at nonexistent/dir/x.db" in run.stderr
        assert "Traceback" not in run.stderr and run.stdout == ""
    assert not (tmp_path / "nonexistent").exists()
