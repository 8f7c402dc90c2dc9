"""Stage 2: main-content extraction and metadata (first version; see issue 4)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from pipeline.document import Document, Media

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg"]
_BANNER = re.compile(r"cookie|consent|gdpr|rodo|didomi|onetrust|cybot|newsletter|ticker|menu", re.I)


def _paragraphs(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def extract_text_document(doc: Document) -> Document:
    lines = doc.html.replace("\r\n", "\n").split("\n")
    if doc.media == Media.MARKDOWN.value:
        for i, line in enumerate(lines):
            if line.startswith("# "):
                doc.title = line[2:].strip()
                del lines[i]
                break
    elif len(lines) > 1 and lines[0].strip() and not lines[1].strip():
        doc.title = lines[0].strip()
        lines = lines[2:]
    doc.text = "\n\n".join(_paragraphs("\n".join(lines)))
    return doc


def extract(doc: Document) -> Document:
    if doc.media != Media.HTML.value:
        return extract_text_document(doc)
    soup = BeautifulSoup(doc.html, "lxml")
    for tag in soup(_DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"id": _BANNER}) + soup.find_all(attrs={"class": _BANNER}):
        if not tag.decomposed:
            tag.decompose()
    h1 = soup.find("h1")
    doc.title = h1.get_text(" ", strip=True) if h1 else None
    if h1:
        h1.decompose()
    body = soup.find("article") or soup.body or soup
    blocks = [b.get_text(" ", strip=True) for b in body.find_all(["p", "h2", "h3", "li", "blockquote"])]
    doc.text = "\n\n".join(b for b in blocks if b)
    if not doc.text:
        doc.is_article = False
        doc.skip_reason = "empty"
    return doc
