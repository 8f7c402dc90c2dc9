"""Index management: create missing indices, migrate to a new mapping version, status, drop."""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.exceptions import GeneralAvailabilityWarning

from index.base import StoreError, StoreOptions
from index.elastic.client import call
from index.elastic.mappings import (
    VERSIONS,
    IndexNames,
    Kind,
    create_body,
    reindex_body,
    swap_alias_actions,
)

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0


@dataclass
class IndexState:
    kind: Kind
    alias: str
    indices: list[str]  # concrete indices behind the alias
    version: int | None  # the version the alias points at (None: missing)
    wanted: int
    documents: int | None = None

    @property
    def current(self) -> bool:
        return self.version == self.wanted


class Admin:
    """What ``clusterwatch es init|migrate|status`` and the store's first open do."""

    def __init__(self, client: Elasticsearch, names: IndexNames, options: StoreOptions,
                 where: str) -> None:
        self.es, self.names, self.options, self.where = client, names, options, where

    def state(self, kind: Kind) -> IndexState:
        alias = self.names.alias(kind)
        indices: list[str] = []
        if call(self.where, self.es.indices.exists_alias, name=alias):
            resp = call(self.where, self.es.indices.get_alias, name=alias)
            indices = sorted(resp.body)
        elif call(self.where, self.es.indices.exists, index=alias):
            raise StoreError(f"{alias} at {self.where} is an index, not an alias: move it "
                             "aside or choose another elasticsearch.index_prefix")
        versions = [v for v in (self.names.version_of(kind, i) for i in indices) if v]
        return IndexState(kind, alias, indices, max(versions) if versions else None,
                          VERSIONS[kind])

    def init(self) -> list[str]:
        """Create every missing index with its alias; returns what was created."""
        created = []
        for kind in Kind:
            st = self.state(kind)
            if st.indices:
                if st.version is not None and st.version < st.wanted:
                    log.warning("%s is at version %s, this clusterwatch wants %s: run "
                                "`clusterwatch es migrate`", st.alias, st.version, st.wanted)
                continue
            name = self.names.concrete(kind)
            body = create_body(kind, self.options, self.names)
            call(self.where, self.es.indices.create, index=name, **body)
            created.append(name)
            log.info("created %s behind alias %s", name, st.alias)
        return created

    def migrate(self, delete_old: bool = False) -> list[str]:
        """Move every alias that points at an older version onto a new index, atomically."""
        done = []
        for kind in Kind:
            st = self.state(kind)
            if not st.indices or st.current:
                continue
            if st.version is not None and st.version > st.wanted:
                raise StoreError(f"{st.alias} is at version {st.version}, newer than this "
                                 f"clusterwatch ({st.wanted}): upgrade clusterwatch")
            new = self.names.concrete(kind)
            self._copy(st.indices, new, kind)
            call(self.where, self.es.indices.update_aliases,
                 **swap_alias_actions(st.alias, st.indices, new))
            log.info("alias %s now points at %s", st.alias, new)
            if delete_old:
                call(self.where, self.es.indices.delete, index=",".join(st.indices))
            done.append(new)
        return done

    def _copy(self, old: list[str], new: str, kind: Kind) -> None:
        if not call(self.where, self.es.indices.exists, index=new):
            body = create_body(kind, self.options, self.names, with_alias=False)
            call(self.where, self.es.indices.create, index=new, **body)
        for source in old:
            resp = call(self.where, self.es.reindex, wait_for_completion=False,
                        **reindex_body(source, new))
            self._wait(str(resp["task"]), source, new)
        call(self.where, self.es.indices.refresh, index=new)
        want = sum(self._count(i) for i in old)
        got = self._count(new)
        if got < want:
            raise StoreError(f"reindex into {new} copied {got} of {want} documents: "
                             "the alias was not moved")

    def _wait(self, task: str, source: str, dest: str) -> None:
        while True:
            with warnings.catch_warnings():  # the client marks the tasks API "technical
                # preview"; GET _tasks/{id} has answered the same since 2.x
                warnings.simplefilter("ignore", GeneralAvailabilityWarning)
                resp = call(self.where, self.es.tasks.get, task_id=task)
            status = (resp.get("task") or {}).get("status") or {}
            if resp.get("completed"):
                failures = (resp.get("response") or {}).get("failures") or []
                if resp.get("error") or failures:
                    raise StoreError(f"reindex {source} -> {dest} failed: "
                                     f"{resp.get('error') or failures[:3]}")
                return
            log.info("reindex %s -> %s: %s/%s", source, dest, status.get("created", 0),
                     status.get("total", "?"))
            time.sleep(POLL_SECONDS)

    def _count(self, index: str) -> int:
        return int(call(self.where, self.es.count, index=index)["count"])

    def status(self) -> list[IndexState]:
        states = []
        for kind in Kind:
            st = self.state(kind)
            if st.indices:
                st.documents = self._count(st.alias)
            states.append(st)
        return states

    def drop_all(self) -> list[str]:
        """Delete every index of this prefix (every version of every kind)."""
        found: list[str] = []
        for kind in Kind:
            resp = call(self.where, self.es.indices.get, index=f"{self.names.alias(kind)}-v*",
                        expand_wildcards="all", allow_no_indices=True, ignore_unavailable=True)
            found += [i for i in resp.body if self.names.version_of(kind, i) is not None]
        if found:  # named one by one: wildcard deletes are refused by default since 8.0
            call(self.where, self.es.indices.delete, index=",".join(sorted(found)))
        return sorted(found)


def describe_states(states: list[IndexState]) -> list[dict[str, Any]]:
    return [{"kind": s.kind.value, "alias": s.alias, "indices": s.indices,
             "version": s.version, "wanted": s.wanted, "documents": s.documents}
            for s in states]
