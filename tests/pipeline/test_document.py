"""Document identity and the record round trip that stores rely on."""

from __future__ import annotations

from pipeline.document import Document, Entity, document_from_record, document_to_record
from pipeline.identity import identify, similarity


def test_record_round_trip_keeps_every_field() -> None:
    doc = Document(url="https://a.example.pl/x", source="a", title="Tytuł", text="Treść artykułu.",
                   entities=[Entity("Grupy Azoty", "ORG", 0, 11, "Grupa Azoty", None)],
                   members={"m1": 2}, captions=["Fot. X"], published="2016-01-14")
    identify(doc)
    back = document_from_record(document_to_record(doc))
    assert back == doc
    assert back.to_json()["members"] == [{"id": "m1", "count": 2}]


def test_id_follows_canonical_url_and_signature_finds_copies() -> None:
    a = Document(url="https://a.example.pl/x?utm_source=z", source="a",
                 canonical_url="https://a.example.pl/x")
    b = Document(url="https://a.example.pl/x", source="a")
    assert a.ensure_id() == b.ensure_id()
    words = " ".join(f"słowo{i}" for i in range(200))
    one = identify(Document(url="u1", source="a", title="A", text=words))
    two = identify(Document(url="u2", source="b", title="B", text=words + " dopisek na końcu"))
    other = identify(Document(url="u3", source="b", title="C",
                              text=" ".join(f"inne{i}" for i in range(200))))
    assert similarity(one.signature, two.signature) > 0.8
    assert similarity(one.signature, other.signature) < 0.2
    assert one.content_hash != two.content_hash
