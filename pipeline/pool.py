"""Processing on every core: a pool of worker processes, each with its own Processor.

The Processor (spaCy pipelines, gazetteers) is built once per worker process by the pool's
initializer, never per page. Workers only compute: they get a ``Job`` (a raw page, or a stored
Document to process again) and hand back a ``Processed`` (the Document, or the error). The store
is written by the caller, in its own process (``index.writer``).

Results do not depend on the number of workers or on the order pages arrive in: every worker
reads the same snapshot of the template memory (what earlier runs learned), and what a page
teaches it comes back with the result, for the caller to add to its memory
(``Processed.observed``); boilerplate learned during a run applies from the next run on.
With ``workers=1`` the pages are processed in the calling process, with the same rules.
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from pipeline.document import Document, RawPage
from pipeline.extract import TemplateMemory
from pipeline.process import PipelineOptions, Processor
from pipeline.registry import Registry

log = logging.getLogger(__name__)

PARENT_CHECK_SECONDS = 0.5


def default_workers() -> int:
    """The machine's cores (the ones this process may run on)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class ProcessorSpec:
    """What a worker needs to build its Processor (picklable)."""

    registry: Registry
    options: PipelineOptions
    templates: TemplateMemory | None = None  # the snapshot every worker reads


@dataclass
class Job:
    """One unit of work: a raw page (``page``), or a stored document to process again (``doc``)."""

    page: RawPage | None = None
    doc: Document | None = None
    canonical_url: str | None = None  # the page's own canonical URL, known to the crawler
    lang_hint: str | None = None  # for ``doc``; a page carries its own

    @property
    def what(self) -> str:
        if self.page is not None:
            return self.page.path or self.page.url
        return self.doc.id if self.doc is not None else "?"


Observation = tuple[str, list[str], str | None]  # TemplateMemory.observe arguments


@dataclass
class Processed:
    doc: Document | None
    error: str | None = None
    observed: list[Observation] = field(default_factory=list)


class RecordingMemory(TemplateMemory):
    """A template memory that answers from a fixed snapshot and records what it is shown."""

    def __init__(self, snapshot: TemplateMemory | None) -> None:
        base = snapshot or TemplateMemory()
        super().__init__(base.min_pages, base.min_share, base.max_hashes, base.sources,
                         base.max_pages_remembered)
        self.recorded: list[Observation] = []

    def observe(self, source: str, paragraphs: list[str], page: str | None = None) -> None:
        self.recorded.append((source, list(paragraphs), page))


def run_job(processor: Processor, job: Job) -> Processed:
    """Process one job; an exception becomes ``Processed.error`` (one page never stops a run)."""
    memory = processor.templates
    if isinstance(memory, RecordingMemory):
        memory.recorded = []
    try:
        if job.doc is not None:
            doc = processor.process_document(job.doc, job.lang_hint)
        elif job.page is not None:
            doc = processor.process(job.page, canonical_url=job.canonical_url)
        else:
            raise ValueError("a job holds a page or a document")
    except Exception as exc:  # reported by the caller, with the page it came from
        log.debug("processing %s failed", job.what, exc_info=True)
        return Processed(None, f"{type(exc).__name__}: {exc}")
    observed = memory.recorded if isinstance(memory, RecordingMemory) else []
    return Processed(doc, observed=observed)


def build_processor(spec: ProcessorSpec) -> Processor:
    snapshot = copy.deepcopy(spec.templates)  # the caller's memory grows during the run
    return Processor(spec.registry, spec.options, RecordingMemory(snapshot))


def _start_method() -> str:
    """``fork`` where there is one: every worker starts at once, when the pool is made (before
    the command starts any thread: the reactor, a progress bar), without importing the
    program again, and watches its parent from its first instant; else ``spawn``."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


# the one Processor of a worker process, or why it could not be built (set by _init_worker)
_WORKER: list[Processor | Exception] = []


def _init_worker(spec: ProcessorSpec) -> None:
    _follow_parent(os.getppid())
    try:
        _WORKER.append(build_processor(spec))
    except Exception as exc:  # raised to the caller by _ready, not lost in the worker's log
        _WORKER.append(exc)


def _follow_parent(parent: int) -> None:
    """End this worker when the process that started it is gone (killed with SIGKILL, say):
    an orphaned worker would hold the parent's output open and the machine's memory."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ready() -> bool:
    if isinstance(_WORKER[0], Exception):
        raise _WORKER[0]
    return True


def _work(job: Job) -> Processed:
    processor = _WORKER[0]
    if isinstance(processor, Exception):
        return Processed(None, f"{type(processor).__name__}: {processor}")
    return run_job(processor, job)


class ProcessorPool:
    """``submit(job) -> Future[Processed]``; ``workers`` processes, or the caller's with 1."""

    def __init__(self, spec: ProcessorSpec | None, workers: int | None = None,
                 processor: Processor | None = None) -> None:
        self.workers = workers or default_workers()
        self._local = processor
        self._executor: ProcessPoolExecutor | None = None
        if processor is not None:
            self.workers = 1
        elif spec is None:
            raise ValueError("a ProcessorPool needs a spec or a processor")
        elif self.workers == 1:
            self._local = build_processor(spec)
        else:
            self._start(spec)

    @classmethod
    def in_process(cls, processor: Processor) -> ProcessorPool:
        """Run a ready Processor in the calling process (its template memory learns live)."""
        return cls(None, 1, processor)

    def _start(self, spec: ProcessorSpec) -> None:
        self._executor = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context(_start_method()),
            initializer=_init_worker, initargs=(spec,))
        try:  # a registry or model problem shows here, before any page is handed out
            self._executor.submit(_ready).result()
        except BaseException:
            self.close()
            raise

    def submit(self, job: Job) -> Future[Processed]:
        if self._executor is not None:
            return self._executor.submit(_work, job)
        assert self._local is not None
        fut: Future[Processed] = Future()
        fut.set_result(run_job(self._local, job))
        return fut

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ProcessorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
