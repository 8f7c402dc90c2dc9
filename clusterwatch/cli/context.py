"""What a command needs, built lazily: the config, the store, the processor."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from index.base import Store, StoreOptions
from index.factory import open_store
from pipeline.documents import DocumentLimits
from pipeline.extract import TemplateMemory
from pipeline.pool import ProcessorPool, ProcessorSpec
from pipeline.process import PipelineOptions, Processor
from pipeline.settings import AppConfig, ConfigError, load_config

log = logging.getLogger(__name__)
TEMPLATES_FILE = "templates.json"


@dataclass
class Context:
    config_dir: str
    store_url: str | None = None
    # commands that only read set this: a store that does not exist is an error (exit 1)
    store_must_exist: bool = False
    _config: AppConfig | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)
    _processor: Processor | None = field(default=None, repr=False)
    _templates: TemplateMemory | None = field(default=None, repr=False)

    @property
    def config(self) -> AppConfig:
        if self._config is None:
            self._config = load_config(Path(self.config_dir), store=self.store_url)
        return self._config

    def store_options(self) -> StoreOptions:
        s = self.config.settings
        es = s.elasticsearch
        return StoreOptions(data_dir=s.data_dir, shards=es.shards, replicas=es.replicas,
                            index_prefix=es.index_prefix, ca_file=es.ca_file,
                            verify_certs=es.verify_certs, timeout=es.timeout,
                            create=not self.store_must_exist)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.config.settings.store, self.store_options())
        return self._store

    @property
    def processor(self) -> Processor:
        """A Processor in this process (search, the web UI); jobs that write use ``pool``."""
        if self._processor is None:
            self._processor = Processor(self.config.registry, self._pipeline_options(),
                                        self.templates)
        return self._processor

    def _pipeline_options(self) -> PipelineOptions:
        p = self.config.settings.pipeline
        limits = DocumentLimits(max_bytes=self.config.settings.crawl.max_document_bytes)
        return PipelineOptions(tuple(p.languages), dict(p.ner_models), limits)

    @property
    def templates(self) -> TemplateMemory:
        """The template memory of this data folder; a writer adds what its pages taught."""
        if self._templates is None:
            self._templates = self._load_templates()
        return self._templates

    def pool(self, workers: int | None = None) -> ProcessorPool:
        """Worker processes (default: the machine's cores), each building its Processor once;
        a problem building it (a missing model) is raised here, before any work."""
        spec = ProcessorSpec(self.config.registry, self._pipeline_options(), self.templates)
        return ProcessorPool(spec, workers)

    @property
    def templates_path(self) -> Path:
        return Path(self.config.settings.data_dir) / TEMPLATES_FILE

    def _load_templates(self) -> TemplateMemory:
        """The per-source boilerplate memory learned by earlier runs (empty on the first)."""
        path = self.templates_path
        if not path.exists():
            return TemplateMemory()
        try:
            return TemplateMemory.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise ConfigError(path, "", f"unreadable template memory ({exc}); delete the file "
                              "to start learning again") from None

    def save_templates(self) -> None:
        """Write the template memory back (atomically), when this command used it."""
        if self._templates is None:
            return
        path = self.templates_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._templates.to_json()), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            log.warning("could not save the template memory to %s: %s", path, exc)

    def close(self) -> None:
        self.save_templates()
        if self._store is not None:
            self._store.close()
            self._store = None
