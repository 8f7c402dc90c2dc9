"""Alerts on Elasticsearch: one document per alert in ``{prefix}-alerts``.

The document holds the definition, the window and the alert's recent sends, so moving the
window and recording the send is one write, made conditional on the version read
(``if_seq_no``/``if_primary_term``): of two machines claiming one window, the second gets a
409 conflict and sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import elasticsearch
from elasticsearch import Elasticsearch

from index.alerts import Alert, AlertExists, AlertSend, SendStatus, alert_from_json, send_from_json
from index.base import StoreError
from index.elastic.client import ERRORS, call, describe

KEEP_SENDS = 50  # as the embedded store
MAX_ALERTS = 1000
RETRIES = 5  # conditional writes retried after a conflict (definition edits, outcomes)


@dataclass
class _Versioned:
    source: dict[str, Any]
    seq_no: int
    primary_term: int


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _alert_of(source: dict[str, Any]) -> Alert:
    data = dict(source.get("record") or {})
    data["window_end"] = source.get("window_end")
    return alert_from_json(data)


class AlertsIndex:
    """The alert methods of ElasticStore, on the alias ``index``."""

    def __init__(self, es: Elasticsearch, index: str, where: str) -> None:
        self.es, self.index, self.where = es, index, where

    def _get(self, alert_id: str) -> _Versioned | None:
        try:
            resp = self.es.get(index=self.index, id=alert_id)
        except elasticsearch.NotFoundError as exc:
            if "index_not_found" in str(exc.body):
                raise StoreError(describe(exc, self.where)) from exc
            return None
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc
        return _Versioned(dict(resp["_source"]), int(resp["_seq_no"]), int(resp["_primary_term"]))

    def _put(self, alert_id: str, source: dict[str, Any], seen: _Versioned | None) -> bool:
        """Write if nobody wrote since ``seen`` was read (create only, when None); False on a
        conflict."""
        cond: dict[str, Any] = ({"op_type": "create"} if seen is None else
                                {"if_seq_no": seen.seq_no, "if_primary_term": seen.primary_term})
        try:
            self.es.index(index=self.index, id=alert_id, document=source, refresh=True, **cond)
        except elasticsearch.ConflictError:
            return False
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc
        return True

    def get(self, alert_id: str) -> Alert | None:
        got = self._get(alert_id)
        return _alert_of(got.source) if got else None

    def all(self) -> list[Alert]:
        resp = call(self.where, self.es.search, index=self.index, size=MAX_ALERTS,
                    sort=[{"name": "asc"}, {"id": "asc"}], query={"match_all": {}})
        return [_alert_of(h["_source"]) for h in resp["hits"]["hits"]]

    def _name_taken(self, alert: Alert) -> bool:
        resp = call(self.where, self.es.search, index=self.index, size=1,
                    query={"bool": {"filter": [{"term": {"name": alert.name}}],
                                    "must_not": [{"ids": {"values": [alert.id]}}]}})
        return bool(resp["hits"]["hits"])

    def save(self, alert: Alert) -> None:
        if self._name_taken(alert):
            raise AlertExists(f"an alert named {alert.name!r} exists already")
        definition = {k: v for k, v in alert.to_json().items()
                      if k not in ("window_end", "last_sent", "last_count")}
        for _ in range(RETRIES):
            seen = self._get(alert.id)
            source = dict(seen.source) if seen else {"id": alert.id, "window_end": None,
                                                     "sends": []}
            state = source.get("record") or {}
            record = {**definition, "last_sent": state.get("last_sent"),
                      "last_count": state.get("last_count") or 0}
            source.update(name=alert.name, record=record)
            if self._put(alert.id, source, seen):
                return
        raise StoreError(f"alert {alert.id}: too many concurrent changes at {self.where}")

    def delete(self, alert_id: str) -> bool:
        try:
            resp = self.es.delete(index=self.index, id=alert_id, refresh=True)
        except elasticsearch.NotFoundError as exc:
            if "index_not_found" in str(exc.body):
                raise StoreError(describe(exc, self.where)) from exc
            return False
        except ERRORS as exc:
            raise StoreError(describe(exc, self.where)) from exc
        return bool(resp.get("result") == "deleted")

    def claim(self, send: AlertSend, expected: datetime | None) -> bool:
        seen = self._get(send.alert_id)
        if seen is None or seen.source.get("window_end") != _iso(expected):
            return False
        source = dict(seen.source)
        sends = [send.to_json(), *(source.get("sends") or [])][:KEEP_SENDS]
        source.update(window_end=_iso(send.window_end), sends=sends)
        return self._put(send.alert_id, source, seen)

    def finish(self, send: AlertSend) -> None:
        for _ in range(RETRIES):
            seen = self._get(send.alert_id)
            if seen is None:
                return  # deleted meanwhile: nothing left to record
            source = dict(seen.source)
            others = [s for s in source.get("sends") or [] if s.get("id") != send.id]
            source["sends"] = [send.to_json(), *others][:KEEP_SENDS]
            if send.status is SendStatus.SENT:
                source["record"] = {**(source.get("record") or {}),
                                    "last_sent": send.at.isoformat(), "last_count": send.count}
            elif (send.status is SendStatus.FAILED
                  and source.get("window_end") == _iso(send.window_end)):
                source["window_end"] = _iso(send.window_start)
            if self._put(send.alert_id, source, seen):
                return
        raise StoreError(f"alert {send.alert_id}: too many concurrent changes at {self.where}")

    def sends(self, alert_id: str, limit: int) -> list[AlertSend]:
        got = self._get(alert_id)
        if got is None or limit <= 0:
            return []
        items = [send_from_json(s) for s in got.source.get("sends") or []]
        return sorted(items, key=lambda s: (s.at, s.id), reverse=True)[:limit]
