"""The bundled sample portal: every non-article page is recognised, every article stays one.

Each page goes through ``decode`` (the bytes as served, charset from the page) and ``extract``
with the URL the devserver gives it, as the crawler would see it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from pipeline.decode import decode
from pipeline.document import Document, RawPage
from pipeline.extract import extract
from tests.conftest import ROOT

DEMO = ROOT / "demo"


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))
    return data


def _extract(site: str, path: str) -> Document:
    file = DEMO / "sites" / site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    raw = RawPage(url=f"http://127.0.0.1{path}", body=file.read_bytes(), source=site)
    return extract(decode(raw))


def _id(entry: dict[str, Any]) -> str:
    return f"{entry['site']}:{entry['path']}"


@pytest.mark.parametrize("entry", expected()["non_articles"], ids=_id)
def test_a_non_article_page_is_recognised(entry: dict[str, Any]) -> None:
    doc = _extract(entry["site"], entry["path"])
    assert not doc.is_article, f"{entry['kind']} page taken for an article"
    assert doc.skip_reason in ("not an article", "photo gallery")


@pytest.mark.parametrize("entry", expected()["articles"], ids=_id)
def test_an_article_stays_an_article(entry: dict[str, Any]) -> None:
    doc = _extract(entry["site"], entry["path"])
    assert doc.is_article, doc.skip_reason
    assert doc.skip_reason is None
