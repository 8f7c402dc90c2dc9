"""`clusterwatch ingest`: local files through the real pipeline into a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli.cliutil import Cli, console_script, make_cli, write_config
from tests.conftest import ROOT, shared_path

CONTRACT_KEYS = {"id", "url", "source", "lang", "title", "author", "published", "text",
                 "members", "entities", "organisations", "places", "persons", "duplicates"}

ARTICLE_HTML = """<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>Nowa instalacja w Kędzierzynie</title></head>
<body>
<div id="cookie-consent">Ta strona używa plików cookies. Akceptuję wszystkie ciasteczka.</div>
<nav><ul><li><a href="/">Start</a></li><li><a href="/kontakt">Kontakt</a></li></ul></nav>
<article>
<h1>Nowa instalacja w Kędzierzynie-Koźlu</h1>
<p>Grupa Azoty ZAK zakończyła budowę instalacji do produkcji nawozów płynnych na terenie
zakładów w Kędzierzynie-Koźlu. Inwestycja kosztowała kilkadziesiąt milionów złotych.</p>
<p>Według zarządu nowa linia pozwoli zwiększyć sprzedaż na rynkach Europy Środkowej
i zmniejszyć zużycie energii w całym procesie technologicznym o kilkanaście procent.</p>
<p>Prace budowlane trwały czternaście miesięcy, a rozruch próbny zaplanowano na jesień.
Przy projekcie pracowały firmy z województwa opolskiego i śląskiego.</p>
</article>
<footer>Wszelkie prawa zastrzeżone.</footer>
</body></html>
"""

NOTE_TXT = """Klaster podsumował rok

Członkowie klastra CHEM-STER spotkali się w Kędzierzynie-Koźlu, aby omówić wspólne projekty
badawcze i plan szkoleń dla pracowników zakładów chemicznych regionu opolskiego.

Kolejne spotkanie zaplanowano na wiosnę, a jego gospodarzem będzie park przemysłowy.
"""

NOTES_MD = """# Wodór w regionie

Samorząd województwa przygotowuje program wsparcia dla projektów wodorowych. Dokument
opisuje, jak firmy chemiczne z Kędzierzyna-Koźla mogą ubiegać się o dofinansowanie.

Konsultacje społeczne programu potrwają do końca miesiąca i obejmą kilka spotkań.
"""


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return make_cli(tmp_path, capsys, monkeypatch)


def _folder(root: Path) -> Path:
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "article.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (docs / "note.txt").write_text(NOTE_TXT, encoding="utf-8")
    (docs / "sub" / "notes.md").write_text(NOTES_MD, encoding="utf-8")
    (docs / "sub" / "empty.txt").write_text("  \n", encoding="utf-8")
    (docs / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / "disguised.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    return docs


def _lines(out: str) -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {Path(str(r["path"])).name: r for r in rows}


def test_folder_json_lines_then_idempotent(cli: Cli, tmp_path: Path) -> None:
    docs = _folder(tmp_path)
    code, out, err = cli("ingest", str(docs), "--json", "--source", "archiwum")
    assert code == 0, err
    rows = _lines(out)
    assert set(rows) == {"article.html", "note.txt", "notes.md", "empty.txt", "disguised.html"}
    assert rows["empty.txt"] == {"path": str(docs / "sub" / "empty.txt"), "skipped": "empty"}
    assert "binary" in str(rows["disguised.html"]["skipped"])
    art = rows["article.html"]
    assert set(art) >= CONTRACT_KEYS and art["source"] == "archiwum"
    assert art["url"] == (docs / "article.html").resolve().as_uri()
    assert "nawozów płynnych" in str(art["text"])
    assert "cookies" not in str(art["text"]) and "Kontakt" not in str(art["text"])
    assert {"id": "grupa-azoty-zak", "count": 1} in art["members"]  # type: ignore[operator]
    assert art["lang"] == "pl" and art["outcome"] == "new"
    assert rows["note.txt"]["title"] == "Klaster podsumował rok"
    assert rows["notes.md"]["title"] == "Wodór w regionie"
    code, out, _ = cli("ingest", str(docs), "--json", "--source", "archiwum")
    assert code == 0
    again = _lines(out)
    assert {k: v.get("outcome") for k, v in again.items() if "outcome" in v} == {
        "article.html": "unchanged", "note.txt": "unchanged", "notes.md": "unchanged"}
    status = cli.json("status", "--json")
    assert status["documents"] == 3 and status["by_source"] == {"archiwum": 3}
    assert any(r["source"] == "archiwum" and r["kind"] == "ingest" for r in status["runs"])


def test_unreadable_and_missing_files_are_skipped_with_exit_1(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "good.txt"
    good.write_text(NOTE_TXT, encoding="utf-8")
    locked = tmp_path / "locked.html"
    locked.write_text(ARTICLE_HTML, encoding="utf-8")
    locked.chmod(0)
    (tmp_path / "data.pdf").write_bytes(b"%PDF-1.4")  # a header and nothing else
    (tmp_path / "sheet.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    if os.geteuid() == 0:  # root reads anything: refuse this one file at the OS boundary
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == "locked.html":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = cli("ingest", str(good), str(locked), str(tmp_path / "gone.md"),
                         str(tmp_path / "data.pdf"), str(tmp_path / "sheet.xls"), "--json")
    assert code == 1
    rows = _lines(out)
    assert rows["good.txt"]["outcome"] == "new"
    assert str(rows["locked.html"]["skipped"]).startswith("unreadable")
    assert rows["gone.md"]["skipped"] == "not found"
    assert str(rows["data.pdf"]["skipped"]).startswith("corrupt PDF")
    assert "unsupported" in str(rows["sheet.xls"]["skipped"])
    assert "Traceback" not in err and "locked.html" in err


def test_url_option_and_human_output(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "note.txt"
    f.write_text(NOTE_TXT, encoding="utf-8")
    code, out, err = cli("ingest", str(f), "--url", "https://portal.example.pl/a/1", "--lang",
                         "pl")
    assert code == 0, err
    assert "note.txt" in out and "new" in out and "Klaster podsumował rok" in out
    hit = cli.json("search", "spotkanie", "--json")["hits"][0]
    assert hit["url"] == "https://portal.example.pl/a/1"
    code, _, err = cli("ingest", str(f), str(f), "--url", "https://portal.example.pl/a/2")
    assert code == 2 and "--url" in err


def test_console_script_ingest_then_search(tmp_path: Path, cli_env: dict[str, str]) -> None:
    cfg = write_config(tmp_path / "cfg")
    f = tmp_path / "article.html"
    f.write_text(ARTICLE_HTML, encoding="utf-8")
    exe = [*console_script(), "--config", str(cfg)]
    done = subprocess.run([*exe, "ingest", str(f), "--json"], env=cli_env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    doc_id = json.loads(done.stdout)["id"]
    found = subprocess.run([*exe, "search", "nawozów", "--json"], env=cli_env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=180)
    assert found.returncode == 0, found.stderr
    assert [h["id"] for h in json.loads(found.stdout)["hits"]] == [doc_id]


@pytest.mark.evaluation
def test_shared_seeds(tmp_path: Path, cli_env: dict[str, str]) -> None:
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    exe = [*console_script(), "--config", str(ROOT / "config")]
    done = subprocess.run([*exe, "ingest", *map(str, seeds), "--json"], env=cli_env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 5 and all("id" in r for r in rows)
    found = subprocess.run([*exe, "search", "Azoty", "--json"], env=cli_env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=180)
    hits = json.loads(found.stdout)["hits"]
    assert any("grupa-azoty-zak" in h["members"] for h in hits)
    assert all("<mark>" in h["snippet"] for h in hits)


def test_two_files_with_one_body_are_one_story(cli: Cli, tmp_path: Path) -> None:
    """The writer groups copies for ingest as for the crawler: one story, each lists the
    other (in the ingest output, in show and in export)."""
    first, second = tmp_path / "a" / "first.html", tmp_path / "b" / "copy.html"
    for f in (first, second):
        f.parent.mkdir()
        f.write_text(ARTICLE_HTML, encoding="utf-8")
    code, out, err = cli("ingest", str(first), "--json", "--workers", "1")
    assert code == 0, err
    one = json.loads(out)
    assert one["story_id"] == one["id"] and one["duplicates"] == []
    code, out, err = cli("ingest", str(second), "--json", "--workers", "2")
    assert code == 0, err
    two = json.loads(out)
    assert two["id"] != one["id"] and two["story_id"] == one["story_id"]
    assert two["duplicates"] == [one["id"]]
    assert cli.json("show", one["id"], "--json")["duplicates"] == [two["id"]]
    _, out, _ = cli("export")
    exported = {d["id"]: d for d in map(json.loads, out.splitlines())}
    assert exported[one["id"]]["duplicates"] == [two["id"]]
    assert exported[two["id"]]["duplicates"] == [one["id"]]


def test_same_documents_whatever_the_number_of_workers(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker (in this process) and two (worker processes): the same documents, ids,
    stories and output order, each run on a fresh store and data folder."""
    docs = _folder(tmp_path)
    for n in range(4):  # more pages than workers; copies of one story among them
        (docs / f"copy-{n}.html").write_text(ARTICLE_HTML, encoding="utf-8")
    results = []
    for workers in ("1", "2"):
        monkeypatch.setenv("CLUSTERWATCH_DATA_DIR", str(tmp_path / f"data-{workers}"))
        run = replace(cli, store_url=f"sqlite:///{tmp_path / f'store-{workers}.db'}")
        code, out, err = run("ingest", str(docs), "--json", "--workers", workers)
        assert code == 0, err
        rows = [json.loads(line) for line in out.splitlines()]
        results.append(rows)
        _, exported, _ = run("export")
        results.append([json.loads(line) for line in exported.splitlines()])
    for rows in results[0], results[2]:
        assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)  # input order
    for docs_1, docs_2 in ((results[0], results[2]), (results[1], results[3])):
        assert [_comparable(d) for d in docs_1] == [_comparable(d) for d in docs_2]
    stories = {d["story_id"] for d in results[3] if d["title"].startswith("Nowa instalacja")}
    copies = [d for d in results[3] if d["title"].startswith("Nowa instalacja")]
    assert len(copies) == 5 and len(stories) == 1
    assert all(len(d["duplicates"]) == 4 for d in copies)


def _comparable(doc: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in doc.items() if k != "fetched_at"}
