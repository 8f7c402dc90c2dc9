"""`clusterwatch sources check` in-process: exit codes, text and JSON, the shipped config."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from clusterwatch.cli import main
from tests.cli.cliutil import Cli, console_script, make_cli, write_config
from tests.conftest import ROOT
from tests.crawler.portal_sites import Portals, serve_portals

GOOD = r"""
sources:
  - id: portal
    start_urls: ["https://www.portal.example.pl/wiadomosci/"]
    allowed_domains: [portal.example.pl]
    follow: ['/wiadomosci/(\?page=\d+)?$']
    articles: ['/wiadomosci/[a-z0-9-]+,\d+\.html$']
    examples:
      articles:
        - https://portal.example.pl/wiadomosci/azoty,12.html#komentarze
        - https://www.portal.example.pl/wiadomosci/azoty,12.html?utm_source=fb
      not_articles:
        - https://www.portal.example.pl/kontakt.html
      listings:
        - https://www.portal.example.pl/wiadomosci/?page=2
  - id: drugi
    start_urls: ["https://drugi.example.cz/"]
    articles: ['/clanek/\d+$']
"""
BROKEN = GOOD.replace("[a-z0-9-]+,", "[a-z]+-")


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return make_cli(tmp_path, capsys, monkeypatch)


def _with_sources(cli: Cli, text: str) -> Cli:
    (cli.config / "sources.yaml").write_text(text, encoding="utf-8")
    return cli


def test_check_passes(cli: Cli) -> None:
    code, out, err = _with_sources(cli, GOOD)("sources", "check")
    assert code == 0, err
    assert "portal: ok (4 examples)" in out
    assert "drugi: ok (0 examples)" in out and "no example articles" in out
    assert out.rstrip().endswith("2 sources checked, all ok")


def test_check_fails_with_exit_1_and_names_the_url(cli: Cli) -> None:
    code, out, _ = _with_sources(cli, BROKEN)("sources", "check")
    assert code == 1
    assert "portal: FAILED" in out
    assert ("! expected article, classified ignored: "
            "https://portal.example.pl/wiadomosci/azoty,12.html#komentarze") in out
    assert "1 failed: portal" in out


def test_check_json_and_one_source(cli: Cli) -> None:
    code, out, _ = _with_sources(cli, BROKEN)("sources", "check", "--source", "portal",
                                              "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and [s["source"] for s in data["sources"]] == ["portal"]
    examples = data["sources"][0]["examples"]
    assert [(e["expected"], e["got"], e["ok"]) for e in examples] == [
        ("article", "ignored", False), ("article", "ignored", False),
        ("not article", "ignored", True), ("listing", "listing", True)]


def test_bad_example_is_a_config_error(cli: Cli) -> None:
    bad = GOOD.replace("- https://www.portal.example.pl/kontakt.html", "- kontakt.html")
    code, _, err = _with_sources(cli, bad)("sources", "check")
    assert code == 2
    assert ("sources.yaml: sources[0].examples.not_articles: item 0: not an http(s) URL: "
            "'kontakt.html'") in err
    assert "Traceback" not in err


def test_unknown_example_kind_is_a_config_error(cli: Cli) -> None:
    bad = GOOD.replace("listings:", "listing:")
    code, _, err = _with_sources(cli, bad)("sources", "check")
    assert code == 2 and "sources[0].examples.listing: unknown key" in err


def test_unknown_source_exit_2(cli: Cli) -> None:
    code, _, err = _with_sources(cli, GOOD)("sources", "check", "--source", "nie-ma")
    assert code == 2 and "no source with id 'nie-ma'" in err


def test_shipped_config_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """CI: the shipped sources.yaml passes its own examples (exit 0, all 13 sources)."""
    code = main(["--config", str(ROOT / "config"), "sources", "check", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0, [s["problems"] for s in data["sources"] if not s["ok"]]
    assert len(data["sources"]) == 13
    assert sum(len(s["examples"]) for s in data["sources"]) >= 60


def test_console_script_exit_code(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, sources=BROKEN)
    proc = subprocess.run([*console_script(), "--config", str(cfg), "sources", "check"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "portal: FAILED" in proc.stdout


@pytest.fixture
def portals(tmp_path: Path, cli: Cli) -> Iterator[Portals]:
    (cli.config / "settings.yaml").write_text(
        "data_dir: data\ncrawl: {delay: 0, user_agent: clusterwatch-test/1.0}\n", encoding="utf-8")
    served = serve_portals(tmp_path)
    yield served
    served.stop()


def test_discover_prints_a_block_to_review(cli: Cli, portals: Portals) -> None:
    code, out, err = cli("sources", "discover", portals.url("portal") + "/", "--id", "kozle",
                         "--max-pages", "30")
    assert code == 0, err
    assert out.startswith("# proposed by `clusterwatch sources discover http://127.0.0.1:")
    [block] = yaml.safe_load(out)
    assert block["id"] == "kozle" and block["name"] == "Gazeta Kozielska"
    assert block["articles"] == [r"^https?://[^/]+/aktualnosci/[a-z0-9_-]+,\d+\.html$"]
    # pasted into sources.yaml, it loads and passes `sources check`
    _with_sources(cli, yaml.safe_dump({"sources": [block]}, allow_unicode=True))
    code, out, _ = cli("sources", "check")
    assert code == 0 and "kozle: ok (9 examples)" in out


def test_discover_refused_and_bad_usage(cli: Cli, portals: Portals) -> None:
    code, _, err = cli("sources", "discover", portals.url("odmowa") + "/")
    assert code == 1
    assert "HTTP 403: the site refuses non-browser clients" in err and "Traceback" not in err
    code, _, err = cli("sources", "discover", "ftp://example.org/")
    assert code == 2 and "not an http(s) URL: 'ftp://example.org/'" in err
    with pytest.raises(SystemExit) as exc:
        cli("sources", "discover", portals.url("portal") + "/", "--max-pages", "0")
    assert exc.value.code == 2
