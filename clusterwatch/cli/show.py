"""`clusterwatch show`: one document: text, metadata, entities, mentions, duplicates"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from pipeline.document import Document

FIELDS = ("id", "url", "source", "lang", "title", "author", "published", "published_source",
          "section", "story_id", "fetched_at", "media_type")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "show", help="one document: text, metadata, entities, mentions, duplicates")
    p.add_argument("doc_id", metavar="DOC_ID", help="a document id, or the document's URL")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, reads_only=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    key = args.doc_id.strip()
    doc = ctx.store.get(key)
    if doc is None and "://" in key:
        doc = ctx.store.get_by_url(key)
    if doc is None:
        sys.stderr.write(f"clusterwatch: no document with id {args.doc_id!r} "
                         f"(ids are listed by search and export)\n")
        return 1
    if args.json:
        print_json(doc.to_json())
    else:
        print_document(doc)
    return 0


def print_document(doc: Document) -> None:
    data = doc.to_json()
    out = sys.stdout
    for name in FIELDS:
        value = data.get(name)
        out.write(f"{name + ':':<18}{'' if value is None else _line(str(value))}\n")
    members = ", ".join(f"{m['id']} ×{m['count']}" for m in data["members"]) or "-"
    out.write(f"{'members:':<18}{members}\n")
    if doc.pages:
        out.write(f"{'pages:':<18}{_pages(doc)}\n")
    out.write(f"{'duplicates:':<18}{', '.join(doc.duplicates) or '-'}\n\n")
    out.write(_clean(doc.text) + "\n")
    if doc.entities:
        out.write("\n")
        print_table(("label", "text", "canonical", "member", "field", "start"),
                    [(e.label, e.text, e.canonical, e.member or "", e.field, e.start)
                     for e in doc.entities])


def _pages(doc: Document) -> str:
    """'3 (OCR: 2; no text layer: 3)': how many pages, and which were not read from text."""
    marks = [("OCR", "ocr"), ("no text layer", "none")]
    notes = ["{}: {}".format(label, ", ".join(str(p.page) for p in doc.pages if p.origin == o))
             for label, o in marks if any(p.origin == o for p in doc.pages)]
    return f"{len(doc.pages)}" + (f" ({'; '.join(notes)})" if notes else "")


def _line(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _clean(text: str) -> str:
    """Crawled text on a terminal: no control characters (escape sequences) but line breaks."""
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)
