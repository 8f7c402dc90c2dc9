"""Crawling document files: links matching a source's `documents:` regexes are fetched with
the real Scrapy engine over HTTP, read as PDF/DOCX, stored with their media type; too large
files are refused, other links are not fetched; a second crawl gets 304s."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from clusterwatch.devserver import SiteServer
from index.factory import open_store
from tests.conftest import ROOT
from tests.pipeline.doc_files import corpus

__all__ = ["corpus"]
pytestmark = pytest.mark.slow

INDEX = """<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Klaster</title>
</head><body><h1>Dokumenty klastra</h1><ul>
<li><a href="/pliki/komunikat.pdf">Komunikat (PDF)</a></li>
<li><a href="/pliki/notatka.docx">Notatka (DOCX)</a></li>
<li><a href="/pliki/duzy.pdf">Raport roczny (PDF, duży)</a></li>
<li><a href="/inne/regulamin.pdf">Regulamin (nie dokument źródła)</a></li>
</ul></body></html>
"""


def _crawl(config: Path) -> tuple[int, dict[str, Any], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([sys.executable, "-m", "clusterwatch.cli", "--config", str(config),
                           "crawl", "--json"], env=env, capture_output=True, text=True,
                          timeout=240, cwd=ROOT)
    assert proc.stdout.strip(), proc.stderr[-3000:]
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def test_documents_are_crawled_read_and_stored(corpus: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    site = tmp_path / "sites" / "klaster"
    (site / "pliki").mkdir(parents=True)
    (site / "inne").mkdir()
    (site / "index.html").write_text(INDEX, encoding="utf-8")
    pick = {("pdf-2col", "pl-wodor"): "pliki/komunikat.pdf",
            ("docx", "cs-spolchemie"): "pliki/notatka.docx",
            ("pdf-1col", "pl-park"): "inne/regulamin.pdf"}
    for item in corpus:
        if (item.layout, item.text.id) in pick:
            shutil.copy(item.path, site / pick[(item.layout, item.text.id)])
    big = next(d.path for d in corpus if d.layout == "pdf-1col")
    (site / "pliki" / "duzy.pdf").write_bytes(big.read_bytes() + b"%" * 300_000)
    server = SiteServer(tmp_path / "sites").start()
    try:
        url = server.url("klaster")
        cfg = tmp_path / "config"
        cfg.mkdir()
        sources = {"sources": [{"id": "klaster", "start_urls": [f"{url}/"],
                                "articles": ["/aktualnosci/"], "documents": [r"/pliki/.+"],
                                "language": "pl", "delay": 0}]}
        settings = {"store": f"sqlite:///{tmp_path / 'store.db'}", "data_dir": str(tmp_path),
                    "crawl": {"delay": 0, "timeout": 5, "retries": 0,
                              "max_document_bytes": 200_000}}
        shutil.copy(ROOT / "config" / "members.yaml", cfg / "members.yaml")
        for name, data in (("sources.yaml", sources), ("settings.yaml", settings)):
            (cfg / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        _, first, err = _crawl(cfg)
        paths = {r.path for r in server.requests()}
        server.clear_log()
        _, second, _ = _crawl(cfg)
        again = {r.path: r.status for r in server.requests()}
    finally:
        server.stop()
    stats = first["sources"][0]
    assert stats["new"] == 2 and stats["failed"] == 1, (stats, err[-2000:])
    assert first["status"] == "partial"  # the refused file: never "ok"
    assert any("duzy.pdf" in e for e in stats["errors"])
    assert "/inne/regulamin.pdf" not in paths
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        docs = {d.url.rsplit("/", 1)[1]: store.get(d.id) for d in store.export()}
    finally:
        store.close()
    pdf, docx = docs["komunikat.pdf"], docs["notatka.docx"]
    assert pdf is not None and docx is not None
    assert pdf.media_type == "application/pdf" and pdf.pages and pdf.lang == "pl"
    assert pdf.title == "Grupa Azoty ZAK buduje instalację wodoru w Kędzierzynie-Koźlu"
    assert "grupa-azoty-zak" in pdf.members
    assert docx.title == "Spolchemie rozšiřuje výrobu epoxidových pryskyřic"
    assert "spolchemie" in docx.members and docx.lang == "cs"
    assert again.get("/pliki/komunikat.pdf") == 304 and again.get("/pliki/notatka.docx") == 304
    assert second["sources"][0]["unchanged"] >= 2
    warcs = list(tmp_path.rglob("*.warc.gz"))
    assert warcs and any(b"%PDF-" in _gunzip(w) for w in warcs)


def _gunzip(path: Path) -> bytes:
    import gzip

    return gzip.decompress(path.read_bytes())
