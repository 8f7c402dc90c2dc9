"""The typed data passed between stages."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any


class Label(str, Enum):
    """Entity labels of the contract."""

    ORG = "ORG"
    LOC = "LOC"
    PER = "PER"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def doc_id_for(canonical_url: str) -> str:
    """Stable document id: first 16 hex digits of the SHA-1 of the canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


@dataclass
class RawPage:
    """What a fetcher or a file reader hands to the pipeline: bytes plus what is known of them."""

    url: str
    body: bytes
    source: str
    content_type: str | None = None  # the HTTP Content-Type header, charset included
    status: int = 200
    fetched_at: datetime = field(default_factory=utcnow)
    path: str | None = None  # the local file, for `ingest`
    lang_hint: str | None = None  # the source's configured language
    headers: dict[str, str] = field(default_factory=dict)  # other headers, lowercased keys


@dataclass
class Entity:
    """A tagged span; offsets are character offsets into ``Document.title`` or ``.text``."""

    text: str
    label: str  # Label value
    start: int
    end: int
    canonical: str
    member: str | None = None
    field: str = "text"  # "text" or "title"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class TextOrigin(str, Enum):
    """Where a document page's text came from."""

    TEXT = "text"  # the file's own text layer
    OCR = "ocr"  # recognised from the page image
    NONE = "none"  # no text layer, and no OCR available or it found nothing


@dataclass
class PageSpan:
    """One page of a paginated document: ``start``/``end`` are character offsets into ``text``."""

    page: int  # 1-based page number
    start: int
    end: int
    origin: str = TextOrigin.TEXT.value

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """One page as it moves through the stages and into the store."""

    url: str
    source: str
    id: str = ""
    canonical_url: str = ""
    fetched_at: datetime = field(default_factory=utcnow)
    # decode
    html: str = ""  # the decoded body (HTML, plain text or Markdown, see ``media``)
    media: str = "html"  # a Media value
    encoding: str | None = None
    # extract
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    published_source: str | None = None  # where the date came from: json-ld, meta, time, url, text
    updated: str | None = None
    section: str | None = None
    lead: str | None = None
    source_line: str | None = None  # "Źródło: …"
    captions: list[str] = field(default_factory=list)
    text: str = ""
    is_article: bool = True
    skip_reason: str | None = None  # set by a stage that rejects the page
    # language
    lang: str | None = None
    paragraph_langs: list[str] = field(default_factory=list)
    # tagging and linking
    entities: list[Entity] = field(default_factory=list)
    members: dict[str, int] = field(default_factory=dict)  # member id -> mention count
    # corrections by people (index.corrections): the machine's links before them, None when
    # no correction applies, and the corrections applied (``Correction.to_json`` objects)
    machine_members: dict[str, int] | None = None
    corrections: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    lemmas: str = ""  # space-separated lowercase lemmas of title and text, for search
    # identity
    content_hash: str = ""
    signature: list[int] = field(default_factory=list)  # MinHash of the text, for near duplicates
    story_id: str | None = None
    duplicates: list[str] = field(default_factory=list)  # other stored copies of the same story
    path: str | None = None
    # documents (PDF, DOCX, ODT): the file's media type, and page spans of paginated formats
    media_type: str = ""
    pages: list[PageSpan] = field(default_factory=list)

    def ensure_id(self) -> str:
        if not self.canonical_url:
            self.canonical_url = self.url
        if not self.id:
            self.id = doc_id_for(self.canonical_url)
        return self.id

    def to_json(self) -> dict[str, Any]:
        """The ``show --json`` shape (the contract's fields first, extensions after)."""
        return {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "lang": self.lang,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "text": self.text,
            "members": [{"id": k, "count": v} for k, v in sorted(self.members.items())],
            "entities": [e.to_json() for e in self.entities],
            "organisations": list(self.organisations),
            "places": list(self.places),
            "persons": list(self.persons),
            "duplicates": list(self.duplicates),
            # extensions
            "canonical_url": self.canonical_url,
            "published_source": self.published_source,
            "updated": self.updated,
            "section": self.section,
            "lead": self.lead,
            "source_line": self.source_line,
            "captions": list(self.captions),
            "story_id": self.story_id,
            "fetched_at": self.fetched_at.isoformat(),
            "content_hash": self.content_hash,
            "corrections": [dict(c) for c in self.corrections],
            "media_type": self.shown_media_type,
            "pages": [p.to_json() for p in self.pages],
        }

    @property
    def shown_media_type(self) -> str:
        """The file's media type; for pages and text files, the one their body stands for."""
        return self.media_type or MEDIA_TYPES.get(self.media, "text/html")

    def page_of(self, offset: int) -> PageSpan | None:
        """The page holding the character at ``offset`` of ``text`` (None: not paginated)."""
        for span in self.pages:
            if span.start <= offset <= span.end:
                return span
        return None

    @property
    def member_ids(self) -> list[str]:
        return sorted(self.members)


class Media(str, Enum):
    """What the decoded body is."""

    HTML = "html"
    TEXT = "text"
    MARKDOWN = "markdown"
    DOCUMENT = "document"  # a PDF, DOCX or ODT file: ``html`` holds its pages' text (JSON)


# the media type shown for bodies that are not document files
MEDIA_TYPES = {Media.HTML.value: "text/html", Media.TEXT.value: "text/plain",
               Media.MARKDOWN.value: "text/markdown"}


_DT_FIELDS = ("fetched_at",)


def document_to_record(doc: Document) -> dict[str, Any]:
    """Every field, JSON-serialisable: what a store keeps to rebuild the Document exactly."""
    rec = asdict(doc)
    for name in _DT_FIELDS:
        rec[name] = getattr(doc, name).isoformat()
    return rec


def document_from_record(rec: dict[str, Any]) -> Document:
    data = dict(rec)
    for name in _DT_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = datetime.fromisoformat(data[name])
    data["entities"] = [Entity(**e) for e in data.get("entities", [])]
    data["pages"] = [PageSpan(**p) for p in data.get("pages", [])]
    known = set(Document.__dataclass_fields__)
    return Document(**{k: v for k, v in data.items() if k in known})
