"""One document: clean text with entities highlighted, metadata, members, other copies."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from clusterwatch.web import csrf
from clusterwatch.web.deps import Locale, State, StoreDep
from clusterwatch.web.params import DOC_ID
from clusterwatch.web.render import page_blocks, paragraphs, safe_url, segments
from clusterwatch.web.respond import render
from index.base import Store
from pipeline.document import Document, Label

router = APIRouter(include_in_schema=False)

MAX_COPIES = 20
# document files: the short name the page shows for their media type
FILE_KINDS = {"application/pdf": "PDF",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
              "application/vnd.oasis.opendocument.text": "ODT"}


def load_document(store: Store, doc_id: str) -> Document:
    """The stored document, or 404 (ids that cannot exist are not even looked up)."""
    doc = store.get(doc_id) if DOC_ID.match(doc_id) else None
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id[:64]!r}")
    return doc


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(doc_id: str, request: Request, state: State, store: StoreDep,
                  locale: Locale) -> Response:
    doc = load_document(store, doc_id)
    copies = [c for c in (store.get(d) for d in doc.duplicates[:MAX_COPIES] if DOC_ID.match(d))
              if c is not None]
    names = state.member_names
    response = render(request, state, locale, "document.html", doc=doc,
                      csrf_token=csrf.token_for(request),
                      title=segments(doc.title or "", doc.entities, "title"),
                      body=paragraphs(doc.text, doc.entities, "text"),
                      pages=page_blocks(doc.text, doc.entities, doc.pages),
                      file_kind=FILE_KINDS.get(doc.media_type),
                      original=safe_url(doc.url), copies=[(c, safe_url(c.url)) for c in copies],
                      members=[(m, names.get(m, m), n) for m, n in sorted(
                          doc.members.items(), key=lambda kv: (-kv[1], kv[0]))],
                      labels=[lbl.value for lbl in Label],
                      all_members=sorted(names.items(), key=lambda kv: kv[1].casefold()),
                      entity_lists=[(Label.ORG.value, doc.organisations),
                                    (Label.LOC.value, doc.places), (Label.PER.value, doc.persons)])
    return csrf.set_cookie(request, response)
