"""Command-line faults: huge or negative numbers, archives that are not archives or are cut
short, spreadsheet formulas in CSV, a blank token. Issue items 9-13."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from crawler.archive import WarcArchive
from index.sqlite import SqliteStore
from pipeline.document import RawPage
from tests.cli.cliutil import MEMBERS_YAML, Cli, fill_store, make_cli, write_config
from tests.reliability.hostile import ARTICLE, clean_env
from tests.reliability.hostile import cli as subprocess_cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    c = make_cli(tmp_path, capsys, monkeypatch)
    fill_store(c.store_url)
    return c


@pytest.mark.parametrize(("value", "problem"), [
    ("99999999999999999999", "not a whole number from 0 to 10000"),
    ("-1", "must be from 0 to 10000"),
    ("1e3", "not a whole number"),
])
def test_search_offset_is_bounded(cli: Cli, capsys: pytest.CaptureFixture[str], value: str,
                                  problem: str) -> None:
    """Item 9: an OverflowError traceback before; -1 was accepted."""
    with pytest.raises(SystemExit) as exc:
        cli("search", "azoty", "--offset", value)
    out, err = capsys.readouterr()
    assert exc.value.code == 2 and out == "" and problem in err, err


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "1e9"])
def test_wait_is_bounded(cli: Cli, value: str) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("crawl", "--wait", value)
    assert exc.value.code == 2


def test_mentions_csv_guards_formula_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 12: a name starting with = + - @ is a formula in a spreadsheet."""
    c = make_cli(tmp_path, capsys, monkeypatch)
    hostile = "=HYPERLINK(\"http://evil.example\",\"x\")"
    (c.config / "members.yaml").write_text(MEMBERS_YAML.replace(
        "name: Grupa Azoty Zakłady Azotowe Kędzierzyn S.A.", f"name: '{hostile}'"),
        encoding="utf-8")
    fill_store(c.store_url)
    code, out, err = c("mentions", "--format", "csv", "--member", "grupa-azoty-zak")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["member", "name", "date", "mentions", "documents"]
    assert {r[1] for r in rows[1:]} == {"'" + hostile}
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_blank_or_padded_token_refuses_to_serve(tmp_path: Path) -> None:
    """Item 13: twenty spaces are not a secret."""
    config = write_config(tmp_path)
    for token in (" " * 20, "a" * 24, "  real-token-1234567890  "):
        env = {**clean_env(), "CLUSTERWATCH_TOKEN": token}
        run = subprocess_cli(config, "serve", "--host", "0.0.0.0", "--port", "1", env=env,
                             timeout=30, cwd=tmp_path)
        assert run.code == 2, run.stderr
        assert "refusing to serve on 0.0.0.0 without a token" in run.stderr
        assert "Traceback" not in run.stderr


def _article_page(url: str) -> RawPage:
    paragraphs = "".join(f"<p>Akapit {i}: mieszkańcy Kędzierzyna-Koźla pytali radnych o "
                         f"plan numer {i * 7919 % 1000} dla osiedla {i}.</p>" for i in range(60))
    body = ARTICLE.format(title="Sesja rady miasta").replace("</article>",
                                                              paragraphs + "</article>")
    return RawPage(url=url, body=body.encode("utf-8"), source="portal",
                   content_type="text/html; charset=utf-8", status=200, headers={},
                   lang_hint="pl")


def test_garbage_and_truncated_archives_change_nothing(tmp_path: Path) -> None:
    """Items 10 and 11: a file that is not WARC, and the first half of a real archive: a
    message and exit 1, no traceback, and the stored text is not replaced by a partial one."""
    config = write_config(tmp_path)
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    archive = WarcArchive(tmp_path / "data", "run1")
    archive.write(_article_page("https://portal.example.pl/wiadomosci/1.html"))
    archive.close()
    env = clean_env()
    full = subprocess_cli(config, "--store", store_url, "reprocess", "--from-archive",
                          str(archive.path), env=env, cwd=tmp_path)
    assert full.code == 0, full.stderr[-2000:]
    store = SqliteStore(store_url)
    [doc] = list(store.export())
    before = doc.text
    store.close()
    assert len(before) > 2000

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(archive.path.read_bytes()[: archive.path.stat().st_size // 2])
    for path, problem in ((garbage, "not a readable WARC archive"),
                          (truncated, "damaged archive: the record of")):
        run = subprocess_cli(config, "--store", store_url, "reprocess", "--from-archive",
                             str(path), env=env, cwd=tmp_path)
        assert run.code == 1, run.stderr[-2000:]
        assert problem in run.stderr and "nothing was changed" in run.stderr
        assert "Traceback" not in run.stderr
    store = SqliteStore(store_url)
    assert [d.text for d in store.export()] == [before]
    store.close()
