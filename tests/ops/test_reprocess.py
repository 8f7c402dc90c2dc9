"""reprocess_stored over a real SQLite store and the real pipeline: dry runs, broken documents."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from clusterwatch.ops.reprocess import ReprocessOptions, reprocess_stored
from index.sqlite import SqliteStore
from index.writer import Writer, fingerprint
from pipeline.document import Document, RawPage
from pipeline.pool import ProcessorPool
from pipeline.process import Processor
from pipeline.registry import Member, Registry

PARK = "Kędzierzyńsko-Kozielski Park Przemysłowy"
HTML = """<html><head><title>{t}</title></head><body><article><h1>{t}</h1>
<p>Zarząd KKPP podpisał w piątek umowę dzierżawy z firmą recyklingową {n}. Zakład przetworzy
rocznie kilkanaście tysięcy ton odpadów z tworzyw sztucznych i zatrudni trzydzieści osób.</p>
<p>Budowa hali rozpocznie się latem, a produkcja ruszy na przełomie roku {n}.</p>
</article></body></html>"""


class _Flaky(Processor):
    """The real processor, except that one document makes it fail (a pipeline bug)."""

    def __init__(self, registry: Registry, broken_url: str) -> None:
        super().__init__(registry)
        self.broken_url = broken_url

    def process_document(self, doc: Document, lang_hint: str | None = None) -> Document:
        if doc.url == self.broken_url:
            raise ValueError("tagger blew up")
        return super().process_document(doc, lang_hint)


def _seed(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(f"sqlite:///{tmp_path / 'store.db'}")
    old = Processor(Registry([Member("kkpp", PARK)]))
    for n in (1, 2, 3):
        store.upsert(old.process(RawPage(
            url=f"http://nowiny.test/artykuly/{n}.html", source="nowiny", lang_hint="pl",
            body=HTML.format(t=f"Umowa numer {n}", n=2020 + n).encode(),
            content_type="text/html; charset=utf-8")))
    return store


def test_dry_run_counts_but_stores_nothing_and_a_broken_document_is_skipped(
        tmp_path: Path) -> None:
    store = _seed(tmp_path)
    before = {d.id: fingerprint(d) for d in store.export()}
    new = _Flaky(Registry([Member("kkpp", PARK, ("KKPP",))]), "http://nowiny.test/artykuly/2.html")
    pool = ProcessorPool.in_process(new)
    dry = Writer(store, pool, dry_run=True)
    tally = reprocess_stored(store, dry, ReprocessOptions(dry_run=True))
    tot = tally.total()
    assert (tot.seen, tot.changed, tot.skipped) == (3, 2, 1)
    assert "tagger blew up" in tot.errors[0] and "document" in tot.errors[0]
    assert {d.id: fingerprint(d) for d in store.export()} == before  # nothing written
    writer = Writer(store, pool)
    tally = reprocess_stored(store, writer, ReprocessOptions(sources=["nowiny"]))
    assert tally.total().changed == 2
    linked = [d for d in store.export() if d.members]
    assert len(linked) == 2 and all(d.members == {"kkpp": 1} for d in linked)
    assert reprocess_stored(store, writer, ReprocessOptions(sources=["other"])).total().seen == 0
    store.close()


def test_reprocess_groups_copies_and_keeps_the_grouping(tmp_path: Path) -> None:
    """Two stored copies of one article (stored before grouping existed: no story) end up in
    one story, that of the copy fetched first (same date); a second pass changes nothing."""
    store = SqliteStore(f"sqlite:///{tmp_path / 'store.db'}")
    proc = Processor(Registry([Member("kkpp", PARK, ("KKPP",))]))
    body = HTML.format(t="Umowa numer 7", n=2027).encode()
    ids = []
    for host, day in (("kopia.test", 2), ("nowiny.test", 1)):
        doc = proc.process(RawPage(url=f"http://{host}/artykuly/7.html", source=host[:-5],
                                   body=body, content_type="text/html; charset=utf-8",
                                   fetched_at=datetime(2024, 5, day, tzinfo=timezone.utc)))
        doc.story_id = None
        store.upsert(doc)
        ids.append(doc.id)
    copy_id, original_id = ids
    writer = Writer(store, ProcessorPool.in_process(proc))
    tally = reprocess_stored(store, writer, ReprocessOptions())
    assert tally.total().seen == 2 and not tally.total().errors
    copy, original = store.get(copy_id), store.get(original_id)
    assert copy is not None and original is not None
    assert copy.story_id == original.story_id == original_id  # fetched first
    assert copy.duplicates == [original_id] and original.duplicates == [copy_id]
    again = reprocess_stored(store, writer, ReprocessOptions()).total()
    assert (again.changed, again.unchanged) == (0, 2)
    assert store.get(copy_id).story_id == original_id  # type: ignore[union-attr]
    store.close()
