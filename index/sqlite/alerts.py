"""Alerts in the embedded store: each function runs inside the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from index.alerts import Alert, AlertExists, AlertSend, SendStatus, alert_from_json, send_from_json

KEEP_SENDS = 50  # send records kept per alert (their doc ids keep an article from coming twice)
_STATE = ("window_end", "last_sent", "last_count")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _definition(alert: Alert) -> str:
    data = {k: v for k, v in alert.to_json().items() if k not in _STATE}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _from_row(row: tuple[str, str | None, str | None, int]) -> Alert:
    record, window_end, last_sent, last_count = row
    data = json.loads(record)
    data.update(window_end=window_end, last_sent=last_sent, last_count=last_count)
    return alert_from_json(data)


_SELECT = "SELECT record, window_end, last_sent, last_count FROM alerts"


def list_alerts(conn: sqlite3.Connection) -> list[Alert]:
    return [_from_row(r) for r in conn.execute(f"{_SELECT} ORDER BY name, id")]


def get_alert(conn: sqlite3.Connection, alert_id: str) -> Alert | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (alert_id,)).fetchone()
    return _from_row(row) if row else None


def save_alert(conn: sqlite3.Connection, alert: Alert) -> None:
    """Insert, or replace the definition of, an alert; its window and history stay."""
    clash = conn.execute("SELECT id FROM alerts WHERE name = ? AND id != ?",
                         (alert.name, alert.id)).fetchone()
    if clash:
        raise AlertExists(f"an alert named {alert.name!r} exists already")
    conn.execute("INSERT INTO alerts (id, name, record) VALUES (?, ?, ?) ON CONFLICT(id) DO "
                 "UPDATE SET name = excluded.name, record = excluded.record",
                 (alert.id, alert.name, _definition(alert)))


def delete_alert(conn: sqlite3.Connection, alert_id: str) -> bool:
    conn.execute("DELETE FROM alert_sends WHERE alert_id = ?", (alert_id,))
    return conn.execute("DELETE FROM alerts WHERE id = ?", (alert_id,)).rowcount > 0


def claim_window(conn: sqlite3.Connection, send: AlertSend, expected: datetime | None) -> bool:
    """Move the window to ``send.window_end`` if it is still ``expected``, and record the send."""
    moved = conn.execute("UPDATE alerts SET window_end = ? WHERE id = ? AND window_end IS ?",
                         (_iso(send.window_end), send.alert_id, _iso(expected))).rowcount
    if not moved:
        return False
    _put_send(conn, send)
    conn.execute("DELETE FROM alert_sends WHERE alert_id = ? AND id NOT IN (SELECT id FROM "
                 "alert_sends WHERE alert_id = ? ORDER BY at DESC, id DESC LIMIT ?)",
                 (send.alert_id, send.alert_id, KEEP_SENDS))
    return True


def finish_send(conn: sqlite3.Connection, send: AlertSend) -> None:
    """Record the outcome; a failed send gives the window back (if nobody moved it since)."""
    if get_alert(conn, send.alert_id) is None:
        return  # deleted meanwhile: nothing left to record
    _put_send(conn, send)
    if send.status is SendStatus.SENT:
        conn.execute("UPDATE alerts SET last_sent = ?, last_count = ? WHERE id = ?",
                     (send.at.isoformat(), send.count, send.alert_id))
    elif send.status is SendStatus.FAILED:
        conn.execute("UPDATE alerts SET window_end = ? WHERE id = ? AND window_end IS ?",
                     (_iso(send.window_start), send.alert_id, _iso(send.window_end)))


def _put_send(conn: sqlite3.Connection, send: AlertSend) -> None:
    conn.execute("INSERT OR REPLACE INTO alert_sends VALUES (?, ?, ?, ?, ?)",
                 (send.id, send.alert_id, send.at.isoformat(), send.status.value,
                  json.dumps(send.to_json(), ensure_ascii=False)))


def list_sends(conn: sqlite3.Connection, alert_id: str, limit: int) -> list[AlertSend]:
    rows = conn.execute("SELECT record FROM alert_sends WHERE alert_id = ? "
                        "ORDER BY at DESC, id DESC LIMIT ?", (alert_id, max(0, limit)))
    return [send_from_json(json.loads(r[0])) for r in rows]
