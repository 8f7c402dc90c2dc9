"""The one writer: processed pages -> story grouping -> upsert -> outcome, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from index.base import SourceRunStats
from index.sqlite import SqliteStore
from index.writer import Outcome, Writer, count
from pipeline.document import Document, RawPage
from pipeline.pool import Job, Processed, ProcessorPool
from pipeline.process import Processor
from pipeline.registry import Member, Registry

BODY = """<html><head><title>{t}</title></head><body><article><h1>{t}</h1>
<p>Zarząd KKPP podpisał w piątek umowę dzierżawy z firmą recyklingową z Opola. Zakład
przetworzy rocznie kilkanaście tysięcy ton odpadów z tworzyw i zatrudni trzydzieści osób.</p>
<p>Budowa hali rozpocznie się latem, a produkcja ruszy na przełomie roku, zapowiada spółka.</p>
</article></body></html>"""


def _writer(tmp_path: Path, dry_run: bool = False) -> Writer:
    store = SqliteStore(f"sqlite:///{tmp_path / 'store.db'}")
    proc = Processor(Registry([Member("kkpp", "Kędzierzyńsko-Kozielski Park Przemysłowy",
                                      ("KKPP",))]))
    return Writer(store, ProcessorPool.in_process(proc), dry_run=dry_run)


def _job(host: str, title: str = "Umowa z recyklerem") -> Job:
    return Job(RawPage(url=f"http://{host}/a/1.html", source=host.split(".")[0],
                       body=BODY.format(t=title).encode(), lang_hint="pl",
                       content_type="text/html; charset=utf-8"))


def test_copies_share_a_story_and_outcomes_count(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    first, copy = writer.write(_job("nowiny.test")), writer.write(_job("kopia.test", "Kopia"))
    assert (first.outcome, copy.outcome) == (Outcome.NEW, Outcome.NEW)
    assert first.doc is not None and copy.doc is not None
    assert copy.doc.story_id == first.doc.id == first.doc.story_id
    assert writer.write(_job("nowiny.test")).outcome is Outcome.UNCHANGED
    stats = SourceRunStats("x")
    for outcome in (Outcome.NEW, Outcome.SKIPPED, Outcome.FAILED, Outcome.NEW):
        count(stats, outcome)
    assert (stats.new, stats.skipped, stats.failed) == (2, 1, 1)


def test_failures_are_outcomes_not_exceptions(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    broken = writer.settle(Processed(None, "ValueError: tagger blew up"))
    assert broken.outcome is Outcome.FAILED and "tagger blew up" in broken.reason
    listing = Document(url="http://nowiny.test/", source="nowiny", is_article=False,
                       skip_reason="not an article", text="Wiadomości")
    skipped = writer.settle(Processed(listing))
    assert skipped.outcome is Outcome.SKIPPED and skipped.reason == "not an article"
    blank = writer.settle(Processed(Document(url="http://nowiny.test/b", source="nowiny")))
    assert blank.outcome is Outcome.SKIPPED and blank.reason == "empty"
    assert writer.store.stats().documents == 0
    writer.store.close()  # the store goes away: the page is reported failed, not lost silently
    gone = writer.write(_job("nowiny.test"))
    assert gone.outcome is Outcome.FAILED and gone.reason.startswith("store error")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    writer = _writer(tmp_path, dry_run=True)
    done = writer.write(_job("nowiny.test"))
    assert done.outcome is Outcome.NEW and done.doc is not None
    assert writer.store.get(done.doc.id) is None and writer.store.stats().documents == 0
