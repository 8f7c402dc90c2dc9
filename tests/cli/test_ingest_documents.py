"""`ingest` of PDF, DOCX and ODT files, `show --json` with media_type and pages, and
`reprocess` laying stored documents out again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.cliutil import Cli, make_cli
from tests.pipeline.doc_files import corpus

__all__ = ["corpus"]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return make_cli(tmp_path, capsys, monkeypatch)


def test_ingest_documents_then_show_and_reprocess(cli: Cli, corpus: list,  # type: ignore[type-arg]
                                                  tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    picked = {("pdf-1col", "pl-park"): "park.pdf", ("docx", "pl-wodor"): "wodor.docx",
              ("odt", "pl-park"): "park.odt"}
    for item in corpus:
        if (item.layout, item.text.id) in picked:
            shutil.copy(item.path, folder / picked[(item.layout, item.text.id)])
    code, out, err = cli("ingest", str(folder), "--json", "--lang", "pl")
    assert code == 0, err
    rows = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
    assert set(rows) == {"park.pdf", "wodor.docx", "park.odt"}
    pdf = rows["park.pdf"]
    assert pdf["outcome"] == "new" and pdf["media_type"] == "application/pdf"
    assert pdf["title"] == "Nowi inwestorzy w Kędzierzyńsko-Kozielskim Parku Przemysłowym"
    assert [p["page"] for p in pdf["pages"]] == [1, 2]
    assert all(p["origin"] == "text" for p in pdf["pages"])
    assert [m["id"] for m in pdf["members"]] == ["kkpp"]
    assert rows["wodor.docx"]["media_type"].endswith("wordprocessingml.document")
    assert rows["wodor.docx"]["pages"] == [] and rows["park.odt"]["pages"] == []
    shown = cli.json("show", pdf["id"], "--json")
    assert shown["media_type"] == "application/pdf" and shown["pages"] == pdf["pages"]
    code, out, _ = cli("show", pdf["id"])
    assert code == 0 and "application/pdf" in out
    hits = cli.json("search", "magazynów", "--json")["hits"]
    assert pdf["id"] in [h["id"] for h in hits]
    code, out, err = cli("reprocess")
    assert code == 0, err
    again = cli.json("show", pdf["id"], "--json")
    assert again["text"] == shown["text"] and again["pages"] == shown["pages"]
