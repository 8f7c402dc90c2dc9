"""Decoding: BOM, HTTP header, meta declaration, detection of windows-1250 / ISO-8859-2 / UTF-8."""

from __future__ import annotations

import codecs
import random

import pytest

from pipeline.decode import decode, detect_legacy, sniff_binary, sniff_encoding
from pipeline.document import Media, RawPage
from pipeline.extract import extract

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


# --- UTF-8 wins over a wrong declaration; stray bytes stay local -----------------------------


@pytest.mark.parametrize(
    ("meta", "ctype"),
    [
        ('<meta charset="iso-8859-1">', None),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">', None),
        ("", "text/html; charset=ISO-8859-1"),
        ('<meta charset="iso-8859-2">', "text/html; charset=latin1"),
    ],
)
def test_valid_utf8_wins_over_a_legacy_declaration(meta: str, ctype: str | None) -> None:
    body = _html(DE + " " + PL, meta).encode("utf-8")
    doc = decode(_page(body, ctype))
    assert doc.encoding == "utf-8"
    assert "fÃ¼r" not in doc.html and "Größere Übungen für" in doc.html
    assert "Kędzierzynie" in doc.html


def test_a_stray_byte_in_a_utf8_page_becomes_one_replacement_character() -> None:
    body = _html(PL + " \x00MARK\x00 " + CS, '<meta charset="utf-8">').encode("utf-8")
    body = body.replace(b"\x00MARK\x00", b"caf\xe9 \x9c")  # two bytes of another code page
    doc = decode(_page(body))
    assert doc.encoding == "utf-8"
    assert "Kędzierzynie" in doc.html and CS in doc.html
    assert doc.html.count("\ufffd") == 2
    assert "KÄ" not in doc.html


def test_stray_bytes_in_an_undeclared_utf8_page() -> None:
    body = _html(PL + " \x00 " + CS).encode("utf-8").replace(b"\x00", b"\xb9")
    doc = decode(_page(body, "text/html"))
    assert doc.encoding == "utf-8"
    assert "Kędzierzynie" in doc.html and doc.html.count("\ufffd") == 1


def test_legacy_page_with_a_utf8_looking_pair_stays_legacy() -> None:
    # upper-case 'ÓŁ' in windows-1250 is the byte pair D3 A3, a well-formed UTF-8 sequence
    text = "ŁÓDŹ, GÓŁKA: " + PL
    body = _html(text, '<meta charset="windows-1250">').encode("cp1250")
    doc = decode(_page(body))
    assert doc.encoding == "cp1250"
    assert text in doc.html


# --- binary content whatever the Content-Type says -------------------------------------------

_ZIP_ODT = (
    b"PK\x03\x04\x14\x00\x00\x08\x00\x00" + b"\x00" * 16 + b"\x08\x00\x00\x00mimetype"
    + b"application/vnd.oasis.opendocument.text" + b"PK\x01\x02"
)
_ZIP_DOCX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 18 + b"[Content_Types].xml word/document.xml"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "pdf"),
        (b"\r\n%PDF-1.7\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "png"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "gif"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20, "zip"),
        (_ZIP_ODT, "odt"),
        (_ZIP_DOCX, "docx"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 30, "ole"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_sniff_binary_names_the_format(body: bytes, kind: str) -> None:
    assert sniff_binary(body) == kind


def test_random_bytes_are_binary() -> None:
    rnd = random.Random(14)
    body = bytes(rnd.randrange(256) for _ in range(5000))
    assert sniff_binary(body) == "binary"


@pytest.mark.parametrize(
    "body",
    [
        _html(PL).encode("utf-8"),
        _html(CS).encode("cp1250"),
        _html(DE + "\x0c\x1b").encode("cp1252"),  # a form feed and an ESC in text stay text
        codecs.BOM_UTF16_LE + _html(PL).encode("utf-16-le"),
        _html(PL).encode("utf-16-le"),  # UTF-16 without a mark is text, not binary
        b"",
        b"MZK Praha, ID3 tag, OggS",
    ],
)
def test_text_is_not_binary(body: bytes) -> None:
    assert sniff_binary(body) is None


@pytest.mark.parametrize("ctype", ["text/html; charset=utf-8", None, "application/octet-stream"])
def test_binary_body_served_as_html_is_skipped_with_a_reason(ctype: str | None) -> None:
    body = b"%PDF-1.4\n1 0 obj << /Length 44 >> stream\nBT /F1 24 Tf (Hello) Tj ET\nendstream"
    doc = decode(_page(body, ctype))
    assert doc.skip_reason == "binary content (pdf)"
    assert doc.is_article is False
    assert doc.html == ""
    doc = extract(doc)  # the next stage keeps the verdict and stores no text
    assert doc.skip_reason == "binary content (pdf)"
    assert doc.is_article is False and not doc.text
