"""A full disk under the store, the archive and the crawl state (a real tmpfs, real SQLite
files, the real CLI in a subprocess). Issue items 14 and 15."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.sqlite import SqliteStore
from tests.cli.cliutil import write_config as write_cli_config
from tests.reliability.hostile import (
    ARTICLE,
    HostileServer,
    article,
    clean_env,
    cli,
    links,
    write_config,
)
from tests.reliability.smalldisk import fill, small_disk

pytestmark = pytest.mark.slow

PARAGRAPH = ("<p>Mieszkańcy Kędzierzyna-Koźla pytali radnych o plan numer {n} dla osiedla, "
             "o drogi, szkoły i komunikację miejską w kolejnych latach.</p>")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", 2048) as folder:
        yield folder


def _long_article(n: int) -> str:
    return ARTICLE.format(title=f"Sesja rady {n}").replace(
        "</article>", "".join(PARAGRAPH.format(n=n * 100 + i) for i in range(40)) + "</article>")


def test_ingest_on_a_full_disk_reports_disk_full_and_keeps_the_store(disk: Path,
                                                                      tmp_path: Path) -> None:
    """Item 14: the real cause, not "cannot rollback - no transaction is active"."""
    config = write_cli_config(tmp_path)
    store_url = f"sqlite:///{disk / 'store.db'}"
    SqliteStore(store_url).close()
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(12):
        (docs / f"a{n}.html").write_text(_long_article(n), encoding="utf-8")
    filler = fill(disk, leave_kib=96)
    run = cli(config, "--store", store_url, "ingest", str(docs), "--source", "portal",
              "--lang", "pl", cwd=tmp_path)
    assert run.code == 1, run.stderr[-2000:]
    assert "database or disk is full" in run.stdout + run.stderr
    assert "cannot rollback" not in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    filler.unlink()
    store = SqliteStore(store_url)  # still readable, nothing half-written
    assert store.stats().documents < 12
    store.close()


@pytest.fixture
def site() -> Iterator[HostileServer]:
    srv = HostileServer()
    paths = [f"/news/{n}.html" for n in range(8)]
    srv.routes["/"] = lambda _: links(*paths)
    for n, path in enumerate(paths):
        noise = os.urandom(45_000).hex()  # incompressible: the gzip archive needs the space
        body = _long_article(n).replace("</article>", f"<!-- {noise} --></article>")
        srv.routes[path] = lambda _, b=body: (200, {"Content-Type": "text/html"}, b.encode())
    srv.routes["/news/ok.html"] = lambda _: article("x")
    srv.start()
    yield srv
    srv.stop()


def test_crawl_on_a_full_disk_ends_with_a_summary_and_no_traceback(
        disk: Path, site: HostileServer, tmp_path: Path) -> None:
    """Item 15: the archive writer stops once (no traceback per page, no crash in close), the
    run ends with its summary, the pages lost are counted, and the exit status says so."""
    sources = [{"id": "portal", "start_urls": [f"{site.url}/"], "articles": ["/news/"],
                "language": "pl"}]
    config = write_config(tmp_path / "config", sources, disk)
    SqliteStore(f"sqlite:///{disk / 'store.db'}").close()
    fill(disk, leave_kib=160)
    run = cli(config, "crawl", cwd=tmp_path, env=clean_env())
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.stderr.count("cannot write the raw archive") <= 2, run.stderr[-3000:]
    assert re.search(r"^run \S+: (partial|failed)", run.stdout, re.M), run.stdout
    assert "not archived" in run.stdout
    assert run.code == 1
