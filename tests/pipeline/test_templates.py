"""The per-source template memory counts a page once, however often it is re-crawled."""

from __future__ import annotations

from pipeline.extract.templates import TemplateMemory


def test_a_page_seen_again_does_not_become_its_own_template() -> None:
    mem = TemplateMemory()
    own = "Ten akapit jest tylko w jednym artykule i nigdzie więcej."
    for _ in range(5):  # the same URL re-crawled or reprocessed five times
        mem.observe("portal", [own, "Stopka portalu: ul. Długa 1, Opole"], "https://p.example/a1")
    assert not mem.is_boilerplate("portal", own)


def test_a_block_on_many_pages_becomes_boilerplate_and_survives_json() -> None:
    mem = TemplateMemory()
    footer = "Stopka portalu: ul. Długa 1, Opole"
    for i in range(6):
        mem.observe("portal", [f"Artykuł numer {i} o czymś innym.", footer], f"https://p.example/{i}")
    assert mem.is_boilerplate("portal", footer)
    assert not mem.is_boilerplate("portal", "Artykuł numer 3 o czymś innym.")
    assert not mem.is_boilerplate("other-portal", footer)
    back = TemplateMemory.from_json(mem.to_json())
    assert back.is_boilerplate("portal", footer)
    back.observe("portal", ["nowy"], "https://p.example/0")  # already counted before saving
    assert back.sources["portal"].pages == 6
