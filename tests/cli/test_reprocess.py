"""`clusterwatch reprocess` in a subprocess over a real SQLite store and a real WARC archive."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from clusterwatch.ops.lock import RunLock, lock_path
from crawler.archive import WarcArchive
from index.sqlite import SqliteStore
from pipeline.document import Document, RawPage
from pipeline.process import Processor
from pipeline.registry import Member, Registry

PARK = "Kędzierzyńsko-Kozielski Park Przemysłowy"
ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>Zarząd KKPP poinformował w czwartek o podpisaniu umowy z firmą logistyczną z Opola.
Nowy magazyn powstanie na terenie parku w ciągu dwóch lat i da pracę kilkudziesięciu osobom.</p>
<p>To kolejna umowa zawarta w tym roku. Władze miasta liczą na dalsze inwestycje w strefie
przemysłowej nad Odrą, a samorząd zapowiada budowę nowej drogi dojazdowej.</p>
</article></body></html>"""
OTHER = """<html><head><title>Most na kanale</title></head><body><article><h1>Most na kanale</h1>
<p>Drogowcy rozpoczęli remont mostu nad Kanałem Gliwickim. Utrudnienia potrwają do wiosny,
a objazd poprowadzono ulicami osiedla Azoty oraz drogą wojewódzką w stronę Opola.</p>
<p>Kierowcy ciężarówek muszą liczyć się z dłuższym czasem przejazdu przez miasto.</p>
</article></body></html>"""
LISTING = "<html><body>" + "".join(
    f'<h2><a href="/artykuly/{i}.html">Wiadomość numer {i}</a></h2><p>Krótki opis.</p>'
    for i in range(8)) + "</body></html>"
MEMBERS = f"""members:
  - id: kkpp
    name: {PARK}
    aliases: [{{aliases}}]
"""


def _config(tmp_path: Path, aliases: str = "") -> Path:
    cfg = tmp_path / "cfg"
    cfg.mkdir(exist_ok=True)
    (cfg / "sources.yaml").write_text(
        'sources:\n  - id: nowiny\n    start_urls: ["http://127.0.0.1:9/"]\n'
        "    articles: ['/artykuly/']\n    language: pl\n", encoding="utf-8")
    (cfg / "members.yaml").write_text(MEMBERS.replace("{aliases}", aliases), encoding="utf-8")
    return cfg


def _page(n: int, html: str, when: datetime | None = None) -> RawPage:
    return RawPage(url=f"http://nowiny.test/artykuly/{n}.html", body=html.encode("utf-8"),
                   source="nowiny", content_type="text/html; charset=utf-8", lang_hint="pl",
                   fetched_at=when or datetime.now(timezone.utc))


def _cli(python: str, env: dict[str, str], cfg: Path, *args: str
         ) -> subprocess.CompletedProcess[str]:
    code = "import sys; from clusterwatch.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([python, "-c", code, "--config", str(cfg), *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def seeded(tmp_path: Path, cli_env: dict[str, str]) -> SqliteStore:
    """Two articles processed with the old registry (no KKPP alias), a page stored by an older
    pipeline that is really a listing, and a document whose body was not kept."""
    store = SqliteStore(cli_env["CLUSTERWATCH_STORE"])
    old = Processor(Registry([Member("kkpp", PARK)]))
    for n, html in ((1, ARTICLE.format(title="Nowy inwestor w KKPP")), (2, OTHER)):
        doc = old.process(_page(n, html))
        assert doc.is_article and doc.members == {}
        store.upsert(doc)
    listing = Document(url="http://nowiny.test/artykuly/lista.html", source="nowiny",
                       html=LISTING, title="Lista", text="Wiadomość numer 1 " * 10)
    listing.ensure_id()
    store.upsert(listing)
    bodiless = Document(url="http://nowiny.test/artykuly/9.html", source="nowiny",
                        title="Bez treści", text="Tekst bez zachowanego HTML. " * 5)
    bodiless.ensure_id()
    store.upsert(bodiless)
    return store


def test_new_alias_gets_linked_non_article_reported(tmp_path: Path, cli_env: dict[str, str],
                                                    python: str, seeded: SqliteStore) -> None:
    cfg = _config(tmp_path, aliases="KKPP")
    done = _cli(python, cli_env, cfg, "reprocess", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["total"]["seen"] == 4
    assert out["total"]["changed"] == 1 and out["total"]["unchanged"] == 1
    assert out["total"]["skipped"] == 1 and out["total"]["non_articles"] == 1
    assert out["non_articles"][0]["url"].endswith("/lista.html")
    doc = seeded.get_by_url("http://nowiny.test/artykuly/1.html")
    assert doc is not None and doc.members == {"kkpp": 2}
    assert seeded.get_by_url("http://nowiny.test/artykuly/lista.html") is not None  # kept
    assert seeded.runs()[0].kind == "reprocess"
    # a second pass finds nothing left to change; asked to, it drops the non-article
    again = json.loads(_cli(python, cli_env, cfg, "reprocess", "--drop-non-articles",
                            "--json").stdout)
    assert again["total"]["changed"] == 0 and again["total"]["unchanged"] == 2, again
    assert again["non_articles"][0]["url"].endswith("/lista.html")
    assert seeded.get_by_url("http://nowiny.test/artykuly/lista.html") is None


def test_from_archive_rebuilds_the_newest_version(tmp_path: Path, cli_env: dict[str, str],
                                                  python: str) -> None:
    data = Path(cli_env["CLUSTERWATCH_DATA_DIR"])
    t0 = datetime.now(timezone.utc) - timedelta(days=2)
    for run_id, title, when in (("r1", "Stary tytuł KKPP", t0), ("r2", "Nowy tytuł KKPP",
                                                                    t0 + timedelta(days=1))):
        arch = WarcArchive(data, run_id)
        arch.write(_page(1, ARTICLE.format(title=title), when))
        if run_id == "r1":
            arch.write(_page(2, OTHER, when))
        arch.close()
    cfg = _config(tmp_path, aliases="KKPP")
    done = _cli(python, cli_env, cfg, "reprocess", "--from-archive", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["total"]["seen"] == 2 and out["total"]["new"] == 2
    store = SqliteStore(cli_env["CLUSTERWATCH_STORE"])
    doc = store.get_by_url("http://nowiny.test/artykuly/1.html")
    assert doc is not None and doc.title == "Nowy tytuł KKPP" and doc.members == {"kkpp": 2}
    assert store.revisions(doc.id) == []  # only the newest version was processed
    missing = _cli(python, cli_env, cfg, "reprocess", "--from-archive", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "no archive" in missing.stderr


def test_refused_while_another_job_runs(tmp_path: Path, cli_env: dict[str, str],
                                        python: str) -> None:
    cfg = _config(tmp_path)
    with RunLock(lock_path(cli_env["CLUSTERWATCH_DATA_DIR"]), job="nightly"):
        done = _cli(python, cli_env, cfg, "reprocess")
    assert done.returncode == 1
    assert "not started: another job is running: nightly" in done.stderr
    bad = _cli(python, cli_env, cfg, "reprocess", "--source", "nieznane")
    assert bad.returncode == 2 and "nieznane" in bad.stderr


def test_text_report_lists_counts_and_non_articles(capsys: pytest.CaptureFixture[str]) -> None:
    from clusterwatch.cli.reprocess import _report
    from clusterwatch.ops.reprocess import Tally

    tally = Tally()
    tally["nowiny"].seen, tally["nowiny"].changed, tally["nowiny"].unchanged = 3, 1, 1
    tally["nowiny"].non_articles.append({"id": "ab", "url": "http://x/\x1b[31mred",
                                         "reason": "not an article"})
    _report(tally, as_json=False)
    out = capsys.readouterr().out
    assert "nowiny" in out and "non-articles" in out
    assert "no longer an article: ab http://x/ [31mred (not an article)" in out  # escape gone
    assert "\x1b" not in out
