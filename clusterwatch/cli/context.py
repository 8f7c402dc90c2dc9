"""What a command needs, built lazily: the config, the store, the processor."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from clusterwatch.settings import AppConfig, load_config
from index.base import Store, StoreOptions
from index.factory import open_store
from pipeline.process import PipelineOptions, Processor


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
            opts = PipelineOptions(tuple(p.languages), dict(p.ner_models))
            self._processor = Processor(self.config.registry, opts)
        return self._processor

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
