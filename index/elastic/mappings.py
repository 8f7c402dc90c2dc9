"""Index design: names, settings and ``dynamic: strict`` mappings of the four indices.

Each kind of index is versioned behind an alias (``{prefix}-docs`` -> ``{prefix}-docs-v1``):
a mapping change bumps the kind's version, and ``clusterwatch es migrate`` creates the new
index, reindexes into it and swaps the alias atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from index.base import StoreOptions


class Kind(str, Enum):
    DOCS = "docs"
    REVISIONS = "revisions"
    RUNS = "runs"
    CORRECTIONS = "corrections"
    ALERTS = "alerts"


# bump a kind's version whenever its settings or mappings below change
# docs v2: media_type (PDF, DOCX, ODT documents next to HTML pages)
VERSIONS: dict[Kind, int] = {Kind.DOCS: 2, Kind.REVISIONS: 1, Kind.RUNS: 1,
                             Kind.CORRECTIONS: 1, Kind.ALERTS: 1}

# languages with a built-in Elasticsearch analyzer; Polish has none without a plugin: its
# inflection is handled by the pipeline's lemma field instead
LANGUAGE_ANALYZERS: dict[str, str] = {"cs": "czech", "de": "german", "en": "english"}

LEMMA_ANALYZER = "cw_lemmas"  # the pipeline's lemmas: whitespace, lowercase, diacritics folded
# standard tokenizer, lowercase, diacritics folded: Kedzierzyn finds Kędzierzyn
TEXT_ANALYZER = "cw_text"
DATE_FORMAT = "strict_date_optional_time||epoch_millis"
DAY_FORMAT = "yyyy-MM-dd"

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class IndexNames:
    """The names a store with one prefix uses."""

    prefix: str

    def alias(self, kind: Kind) -> str:
        return f"{self.prefix}-{kind.value}"

    def concrete(self, kind: Kind, version: int | None = None) -> str:
        return f"{self.alias(kind)}-v{VERSIONS[kind] if version is None else version}"

    def version_of(self, kind: Kind, index: str) -> int | None:
        """The version number of a concrete index name of this kind, else None."""
        m = re.fullmatch(re.escape(self.alias(kind)) + r"-v(\d+)", index)
        return int(m.group(1)) if m else None


def check_prefix(prefix: str) -> str:
    """Index names: lowercase, no spaces nor \\/*?"<>|,#, not starting with -_+."""
    if not _NAME.match(prefix) or len(prefix) > 200:
        raise ValueError(f"index prefix {prefix!r}: use lowercase letters, digits, '-', '_', '.'")
    return prefix


def _keyword() -> dict[str, Any]:
    return {"type": "keyword"}


def _date() -> dict[str, Any]:
    return {"type": "date", "format": DATE_FORMAT}


def _stored_only() -> dict[str, Any]:
    """Kept in _source to rebuild the record, never parsed or indexed."""
    return {"type": "object", "enabled": False}


def _text_with_languages() -> dict[str, Any]:
    """Standard-analysed text plus one sub-field per language analyzer (``body.de``, ...)."""
    fields = {lang: {"type": "text", "analyzer": an} for lang, an in LANGUAGE_ANALYZERS.items()}
    return {"type": "text", "analyzer": TEXT_ANALYZER, "fields": fields}


def index_settings(options: StoreOptions) -> dict[str, Any]:
    return {"number_of_shards": options.shards, "number_of_replicas": options.replicas}


def docs_body(options: StoreOptions) -> dict[str, Any]:
    """``PUT /{prefix}-docs-vN`` body for the documents index."""
    settings = index_settings(options)
    settings["analysis"] = {"analyzer": {
        LEMMA_ANALYZER: {"type": "custom", "tokenizer": "whitespace",
                         "filter": ["lowercase", "asciifolding"]},
        TEXT_ANALYZER: {"type": "custom", "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"]}}}
    properties: dict[str, Any] = {
        "id": _keyword(), "url": _keyword(), "canonical_url": _keyword(),
        "source": _keyword(), "lang": _keyword(), "story_id": _keyword(),
        "content_hash": _keyword(), "record_hash": _keyword(),
        "section": _keyword(), "author": _keyword(),
        "media_type": _keyword(),  # text/html, application/pdf, ...: a filter for documents
        "title": _text_with_languages(), "body": _text_with_languages(),
        "lemmas": {"type": "text", "analyzer": LEMMA_ANALYZER},
        "published": _date(), "fetched_at": _date(),
        "last_seen": _date(),  # the last time an unchanged copy was seen
        "date": _date(),  # published, else the day it was fetched: export and mentions use it
        "members": _keyword(),  # every linked member
        "mentioned": _keyword(),  # members with at least one mention: filters and facets
        "organisations": _keyword(), "places": _keyword(),
        "persons": _keyword(),
        "minhash": _keyword(),  # "position:value" of the MinHash signature
        "minhash_len": {"type": "integer"},
        "mentions": {"type": "nested", "properties": {
            "member": _keyword(), "count": {"type": "integer"},
            "date": _date(), "story": _keyword()}},
        "record": _stored_only(),
    }
    return {"settings": settings, "mappings": {
        "dynamic": "strict",
        "_meta": {"app": "clusterwatch", "kind": Kind.DOCS.value,
                  "version": VERSIONS[Kind.DOCS]},
        "properties": properties}}


def revisions_body(options: StoreOptions) -> dict[str, Any]:
    return {"settings": index_settings(options), "mappings": {
        "dynamic": "strict",
        "_meta": {"app": "clusterwatch", "kind": Kind.REVISIONS.value,
                  "version": VERSIONS[Kind.REVISIONS]},
        "properties": {"doc_id": _keyword(), "content_hash": _keyword(),
                       "seen_at": _date(), "seq": {"type": "long"},
                       "record": _stored_only()}}}


def runs_body(options: StoreOptions) -> dict[str, Any]:
    return {"settings": index_settings(options), "mappings": {
        "dynamic": "strict",
        "_meta": {"app": "clusterwatch", "kind": Kind.RUNS.value,
                  "version": VERSIONS[Kind.RUNS]},
        "properties": {"id": _keyword(), "kind": _keyword(), "status": _keyword(),
                       "started": _date(), "record": _stored_only()}}}


def corrections_body(options: StoreOptions) -> dict[str, Any]:
    """People's corrections of member links, one document per (document, member)."""
    return {"settings": index_settings(options), "mappings": {
        "dynamic": "strict",
        "_meta": {"app": "clusterwatch", "kind": Kind.CORRECTIONS.value,
                  "version": VERSIONS[Kind.CORRECTIONS]},
        "properties": {"doc_id": _keyword(), "member": _keyword(), "action": _keyword(),
                       "who": _keyword(), "why": {"type": "text"}, "at": _date()}}}


def alerts_body(options: StoreOptions) -> dict[str, Any]:
    """One document per alert: its definition, its window and its recent sends, so the window
    and the send that covers it change in one conditional write (``if_seq_no``)."""
    return {"settings": index_settings(options), "mappings": {
        "dynamic": "strict",
        "_meta": {"app": "clusterwatch", "kind": Kind.ALERTS.value,
                  "version": VERSIONS[Kind.ALERTS]},
        "properties": {"id": _keyword(), "name": _keyword(), "window_end": _date(),
                       "record": _stored_only(), "sends": _stored_only()}}}


def create_body(kind: Kind, options: StoreOptions, names: IndexNames,
                with_alias: bool = True) -> dict[str, Any]:
    """Settings + mappings (+ the alias, as the write index, for a fresh install)."""
    builders = {Kind.DOCS: docs_body, Kind.REVISIONS: revisions_body, Kind.RUNS: runs_body,
                Kind.CORRECTIONS: corrections_body, Kind.ALERTS: alerts_body}
    body = builders[kind](options)
    if with_alias:
        body["aliases"] = {names.alias(kind): {"is_write_index": True}}
    return body


def swap_alias_actions(alias: str, old: list[str], new: str) -> dict[str, Any]:
    """``POST /_aliases`` body: point ``alias`` at ``new`` only, in one atomic step."""
    actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new, "alias": alias, "is_write_index": True}})
    return {"actions": actions}


def reindex_body(source: str, dest: str) -> dict[str, Any]:
    """``POST /_reindex`` body copying one index into another (ids kept: re-runs overwrite)."""
    return {"source": {"index": source, "size": 500},
            "dest": {"index": dest, "op_type": "index"}, "conflicts": "abort"}
