"""Alerts: list, create (pre-filled from a search), edit, pause, delete; one Atom feed each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from clusterwatch.alerts.atom import CONTENT_TYPE, build_feed
from clusterwatch.alerts.digest import Names
from clusterwatch.alerts.model import AlertInput, AlertInputError, build_alert, last_delivery
from clusterwatch.web import csrf
from clusterwatch.web.deps import Locale, State, StoreDep, WebState
from clusterwatch.web.respond import render
from index.alerts import WEEKDAYS, Alert, AlertExists, Frequency, SendStatus
from index.base import Store

router = APIRouter(include_in_schema=False)

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
FormText = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]


@dataclass
class Row:
    alert: Alert
    unconfirmed: bool  # the latest digest was claimed but its delivery never confirmed


def _get(store: Store, alert_id: str) -> Alert:
    alert = store.get_alert(alert_id) if _ID.match(alert_id) else None
    if alert is None:
        raise HTTPException(404, f"no alert with id {alert_id[:64]!r}")
    return alert


def names_of(state: WebState) -> Names:
    s = state.config.settings
    return Names(state.member_names, {c.id: c.name or c.id for c in state.config.sources},
                 s.server.public_url)


def _form(request: Request, state: WebState, locale: str, raw: AlertInput,
          alert_id: str | None, error: str | None = None) -> Response:
    status = 400 if error else 200
    response = render(request, state, locale, "alerts_form.html", status_code=status, raw=raw,
                      alert_id=alert_id, error=error, csrf_token=csrf.token_for(request),
                      members=list(state.config.registry), weekdays=WEEKDAYS,
                      frequencies=[f.value for f in Frequency],
                      sources=[s.id for s in state.config.sources],
                      langs=list(state.config.settings.pipeline.languages))
    return csrf.set_cookie(request, response)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, state: State, store: StoreDep, locale: Locale,
                done: str | None = None) -> Response:
    rows = []
    for alert in store.alerts():
        rows.append(Row(alert, last_delivery(store, alert) is SendStatus.SENDING))
    response = render(request, state, locale, "alerts.html", rows=rows,
                      done=done if done in ("saved", "deleted") else None,
                      csrf_token=csrf.token_for(request))
    return csrf.set_cookie(request, response)


@router.get("/alerts/new", response_class=HTMLResponse)
def new_alert(request: Request, state: State, locale: Locale, q: str = "") -> Response:
    """The form, pre-filled from a search (``q``, ``member``, ``source``, ``lang``)."""
    params = request.query_params
    raw = AlertInput(name=(q or "")[:120], query=(q or "")[:300],
                     members=params.getlist("member"), sources=params.getlist("source"),
                     langs=params.getlist("lang"))
    if not raw.name and raw.members:
        raw.name = state.member_names.get(raw.members[0], raw.members[0])
    return _form(request, state, locale, raw, None)


def _submitted(name: str, query: str, member: list[str], source: list[str], lang: list[str],
               emails: str, every: str, at: str, weekday: str, paused: str) -> AlertInput:
    return AlertInput(name=name, query=query, members=member, sources=source, langs=lang,
                      emails=re.split(r"[\s,;]+", emails), every=every, at=at,
                      weekday=weekday, paused=bool(paused))


def _save(request: Request, state: WebState, store: Store, locale: str, raw: AlertInput,
          existing: Alert | None) -> Response:
    try:
        alert = build_alert(raw, set(state.member_names),
                            existing.id if existing else None,
                            existing.created if existing else None)
        store.save_alert(alert)
    except (AlertInputError, AlertExists) as exc:
        return _form(request, state, locale, raw, existing.id if existing else None, str(exc))
    return RedirectResponse("/alerts?done=saved", status_code=303)


@router.post("/alerts/new", response_class=HTMLResponse)
def create_alert(request: Request, state: State, store: StoreDep, locale: Locale,
                 csrf_token: FormText = "", name: FormText = "", query: FormText = "",
                 member: FormList = [], source: FormList = [],  # noqa: B006
                 lang: FormList = [], emails: FormText = "", every: FormText = "run",  # noqa: B006
                 at: FormText = "07:00", weekday: FormText = "mon", paused: FormText = ""
                 ) -> Response:
    csrf.check(request, csrf_token)
    raw = _submitted(name, query, member, source, lang, emails, every, at, weekday, paused)
    return _save(request, state, store, locale, raw, None)


@router.get("/alerts/{alert_id}.atom")
def alert_feed(alert_id: str, request: Request, state: State, store: StoreDep) -> Response:
    alert = _get(store, alert_id)
    names = names_of(state)
    base = names.public_url or str(request.base_url).rstrip("/")
    body = build_feed(store, alert, names, f"{base}/alerts/{alert.id}.atom")
    return Response(body, media_type=CONTENT_TYPE)


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def edit_alert(alert_id: str, request: Request, state: State, store: StoreDep,
               locale: Locale) -> Response:
    a = _get(store, alert_id)
    raw = AlertInput(a.name, a.query, a.members, a.sources, a.langs, a.emails, a.every.value,
                     a.at, a.weekday, a.paused)
    return _form(request, state, locale, raw, a.id)


@router.post("/alerts/{alert_id}", response_class=HTMLResponse)
def update_alert(alert_id: str, request: Request, state: State, store: StoreDep,
                 locale: Locale, csrf_token: FormText = "", name: FormText = "",
                 query: FormText = "", member: FormList = [],  # noqa: B006
                 source: FormList = [], lang: FormList = [],  # noqa: B006
                 emails: FormText = "", every: FormText = "run", at: FormText = "07:00",
                 weekday: FormText = "mon", paused: FormText = "") -> Response:
    csrf.check(request, csrf_token)
    existing = _get(store, alert_id)
    raw = _submitted(name, query, member, source, lang, emails, every, at, weekday, paused)
    return _save(request, state, store, locale, raw, existing)


@router.post("/alerts/{alert_id}/pause")
def toggle_pause(alert_id: str, request: Request, store: StoreDep,
                 csrf_token: FormText = "") -> Response:
    csrf.check(request, csrf_token)
    alert = _get(store, alert_id)
    alert.paused = not alert.paused
    store.save_alert(alert)
    return RedirectResponse("/alerts?done=saved", status_code=303)


@router.post("/alerts/{alert_id}/delete")
def delete_alert(alert_id: str, request: Request, store: StoreDep,
                 csrf_token: FormText = "") -> Response:
    csrf.check(request, csrf_token)
    _get(store, alert_id)
    store.delete_alert(alert_id)
    return RedirectResponse("/alerts?done=deleted", status_code=303)

