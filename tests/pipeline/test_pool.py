"""The processing pool: worker processes give the same documents as the calling process."""

from __future__ import annotations

import os

from pipeline.document import RawPage
from pipeline.extract import TemplateMemory
from pipeline.pool import Job, ProcessorPool, ProcessorSpec
from pipeline.process import PipelineOptions
from pipeline.registry import Member, Registry

PARK = "Kędzierzyńsko-Kozielski Park Przemysłowy"
HTML = """<html><head><title>Umowa {n}</title></head><body><article><h1>Umowa {n}</h1>
<p>Zarząd KKPP podpisał w piątek umowę dzierżawy z firmą recyklingową numer {n}. Zakład
przetworzy rocznie kilkanaście tysięcy ton odpadów i zatrudni trzydzieści osób.</p>
<p>Nad halami przy Odrze od rana unosiła się mgła, a ruch na drodze był niewielki.</p>
<p>Budowa hali rozpocznie się latem, a produkcja ruszy na przełomie roku {n}.</p>
</article></body></html>"""


def _pages(count: int) -> list[RawPage]:
    return [RawPage(url=f"http://nowiny.test/artykuly/{n}.html", source="nowiny",
                    body=HTML.format(n=2000 + n).encode(), lang_hint="pl",
                    content_type="text/html; charset=utf-8") for n in range(count)]


def _spec() -> ProcessorSpec:
    memory = TemplateMemory()
    return ProcessorSpec(Registry([Member("kkpp", PARK, ("KKPP",))]),
                         PipelineOptions(("pl", "en")), memory)


def test_two_workers_give_what_one_gives_and_report_what_pages_taught() -> None:
    pages = _pages(6)
    results = {}
    for workers in (1, 2):
        with ProcessorPool(_spec(), workers) as pool:
            futures = [pool.submit(Job(p)) for p in pages]
            done = [f.result() for f in futures]
        assert all(r.doc is not None and r.error is None for r in done)
        results[workers] = done
    one, two = results[1], results[2]
    for a, b in zip(one, two, strict=True):
        assert a.doc is not None and b.doc is not None
        a.doc.fetched_at = b.doc.fetched_at
        assert a.doc.to_json() == b.doc.to_json()
        assert a.observed == b.observed and a.observed[0][0] == "nowiny"
    assert one[0].doc is not None and one[0].doc.members == {"kkpp": 1}
    # the snapshot did not learn in the run: the repeated line stays in every text
    assert all("unosiła się mgła" in (r.doc.text if r.doc else "") for r in two)


def test_a_bad_job_comes_back_as_an_error_from_a_worker_process() -> None:
    with ProcessorPool(_spec(), 2) as pool:
        bad = pool.submit(Job()).result()
        good = pool.submit(Job(_pages(1)[0], canonical_url="http://nowiny.test/a")).result()
    assert bad.doc is None and bad.error is not None and "page or a document" in bad.error
    assert good.doc is not None and good.doc.canonical_url == "http://nowiny.test/a"
    assert os.getpid()  # the pool is gone; this process carries on
