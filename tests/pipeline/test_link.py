"""Member counts from tagged entities, after the tagger (sentences written for the tests)."""

from __future__ import annotations

from pipeline.document import Document, Entity
from pipeline.link import link_members
from tests.pipeline.nlp_helpers import tag


def test_counts_every_span_in_title_and_text() -> None:
    doc = tag(
        "Lovochemie investuje. Vedení Lovochemie i Spolchemie souhlasí.",
        "cs",
        title="Lovochemie roste",
    )
    assert doc.members == {"lovochemie": 3, "spolchemie": 1}


def test_acronym_in_parentheses_is_its_own_span() -> None:
    doc = tag(
        "Kędzierzyńsko-Kozielski Park Przemysłowy (KKPP) sprzedał działkę. KKPP zarobił.", "pl"
    )
    assert doc.members == {"kkpp": 3}


def test_link_members_ignores_entities_without_member() -> None:
    doc = Document(
        url="t",
        source="t",
        entities=[
            Entity("ZAK", "ORG", 0, 3, "ZAK", "grupa-azoty-zak"),
            Entity("Opole", "LOC", 4, 9, "Opole", None),
            Entity("ZAK", "ORG", 10, 13, "ZAK", "grupa-azoty-zak", "title"),
        ],
    )
    assert link_members(doc).members == {"grupa-azoty-zak": 2}


def test_relinking_replaces_old_counts() -> None:
    doc = Document(url="t", source="t", members={"old": 4})
    assert link_members(doc).members == {}


def test_photo_captions_are_tagged_and_counted() -> None:
    from tests.pipeline.nlp_helpers import tagger

    doc = Document(url="t", source="t", lang="pl", text="Spotkanie odbyło się w piątek.",
                   captions=["Na zdjęciu: prezes KKPP i rektor Politechniki Opolskiej."])
    doc = link_members(tagger()(doc))
    assert doc.members == {"kkpp": 1, "politechnika-opolska": 1}
    caption = next(e for e in doc.entities if e.member == "kkpp")
    assert caption.field == "caption" and doc.captions[0][caption.start:caption.end] == "KKPP"
