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
from pipeline.process import PipelineOptions, Processor
from pipeline.settings import AppConfig, ConfigError, load_config

log = logging.getLogger(__name__)
TEMPLATES_FILE = "templates.json"


@dataclass
class Context:
    config_dir: str
    store_url: str | None = None
    _config: AppConfig | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)
    _processor: Processor | None = field(default=None, repr=False)

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
                            verify_certs=es.verify_certs, timeout=es.timeout)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.config.settings.store, self.store_options())
        return self._store

    @property
    def processor(self) -> Processor:
        if self._processor is None:
            p = self.config.settings.pipeline
            crawl = self.config.settings.crawl
            opts = PipelineOptions(tuple(p.languages), dict(p.ner_models),
                                   DocumentLimits(max_bytes=crawl.max_document_bytes))
            self._processor = Processor(self.config.registry, opts, self._load_templates())
        return self._processor

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
        """Write the template memory back (atomically), when a processor ran in this command."""
        if self._processor is None or self._processor.templates is None:
            return
        path = self.templates_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._processor.templates.to_json()), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            log.warning("could not save the template memory to %s: %s", path, exc)

    def close(self) -> None:
        self.save_templates()
        if self._store is not None:
            self._store.close()
            self._store = None
