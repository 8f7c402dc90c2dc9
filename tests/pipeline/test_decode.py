"""Decoding: BOM, HTTP header, meta declaration, detection of windows-1250 / ISO-8859-2 / UTF-8."""

from __future__ import annotations

import codecs

import pytest

from pipeline.decode import decode, detect_legacy, sniff_encoding
from pipeline.document import Media, RawPage

PL = "Zakład w Kędzierzynie-Koźlu źle znosi żółć; ślusarze ścięli gałąź. Łódź, Śląsk, Źródło."
CS = "Příliš žluťoučký kůň úpěl ďábelské ódy. Ústecký kraj, Neratovice, Spolana."
DE = "Größere Übungen für Chemikanten in Bitterfeld-Wolfen, März 2016."


def _html(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


def _page(
    body: bytes, content_type: str | None = None, url: str = "https://portal.test/a.html"
) -> RawPage:
    return RawPage(url=url, body=body, source="test", content_type=content_type)


@pytest.mark.parametrize(
    ("text", "enc"), [(PL, "cp1250"), (CS, "cp1250"), (PL, "iso8859-2"), (CS, "iso8859-2")]
)
def test_meta_declaration_is_used(text: str, enc: str) -> None:
    label = "windows-1250" if enc == "cp1250" else "iso-8859-2"
    body = _html(
        text, f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'
    ).encode(enc)
    doc = decode(_page(body))
    assert text in doc.html
    assert codecs.lookup(doc.encoding or "").name == codecs.lookup(enc).name


@pytest.mark.parametrize(
    ("text", "enc"),
    [(PL, "cp1250"), (CS, "cp1250"), (PL, "iso8859-2"), (CS, "iso8859-2"), (DE, "cp1252")],
)
def test_undeclared_legacy_pages_are_detected_without_mojibake(text: str, enc: str) -> None:
    body = _html(text).encode(enc)
    doc = decode(_page(body))
    assert text in doc.html, doc.encoding


def test_http_header_wins_over_meta() -> None:
    body = _html(PL, '<meta charset="utf-8">').encode("cp1250")
    assert sniff_encoding(body, "text/html; charset=windows-1250") == "cp1250"
    assert PL in decode(_page(body, "text/html; charset=windows-1250")).html


def test_wrong_utf8_declaration_falls_back_to_detection() -> None:
    body = _html(PL, '<meta charset="utf-8">').encode("cp1250")
    doc = decode(_page(body))
    assert PL in doc.html
    assert "\ufffd" not in doc.html


def test_iso_8859_2_declared_with_windows_1250_bytes() -> None:
    # old CMSs declare ISO-8859-2 but write ś, ź, Ś as windows-1250 bytes
    body = _html(PL, '<meta charset="iso-8859-2">').encode("cp1250")
    assert PL in decode(_page(body)).html


@pytest.mark.parametrize(
    ("bom", "enc"), [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")]
)
def test_bom_wins_and_is_stripped(bom: bytes, enc: str) -> None:
    body = bom + _html(CS, '<meta charset="windows-1250">').encode(enc)
    doc = decode(_page(body, "text/html; charset=iso-8859-2"))
    assert doc.html.startswith("<html>")
    assert CS in doc.html


def test_utf8_without_declaration() -> None:
    doc = decode(_page(_html(PL + CS).encode("utf-8")))
    assert doc.encoding == "utf-8"
    assert PL in doc.html


def test_unknown_label_is_ignored() -> None:
    body = _html(PL, '<meta charset="x-no-such-charset">').encode("utf-8")
    assert decode(_page(body)).encoding == "utf-8"


def test_detect_legacy_tells_the_two_central_european_code_pages_apart() -> None:
    assert detect_legacy(PL.encode("cp1250")) == "cp1250"
    assert detect_legacy(PL.encode("iso8859-2")) == "iso8859-2"


def test_media_kinds() -> None:
    assert decode(_page(b"Title\n\nText", url="file:///x/note.txt")).media == Media.TEXT.value
    assert decode(_page(b"# T\n\nText", "text/markdown")).media == Media.MARKDOWN.value
    assert decode(_page(b"<p>x</p>")).media == Media.HTML.value
