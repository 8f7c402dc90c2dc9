"""Rendering pages and error answers (JSON under /api, an HTML page elsewhere)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from clusterwatch.web.deps import WebState, get_locale, template_context
from clusterwatch.web.params import BadParameter
from index.base import StoreError

log = logging.getLogger(__name__)

JSON_PREFIXES = ("/api/", "/openapi")


def render(request: Request, state: WebState, locale: str, template: str,
           status_code: int = 200, **values: Any) -> HTMLResponse:
    ctx = template_context(request, state, locale, **values)
    return state.templates.TemplateResponse(request, template, ctx, status_code=status_code)


def error_response(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith(JSON_PREFIXES):
        return JSONResponse({"status": status, "error": message}, status_code=status)
    state: WebState = request.app.state.web
    try:
        locale = get_locale(request, state)
    except Exception:  # a broken header must not hide the real error
        locale = state.catalog.default
    return render(request, state, locale, "error.html", status_code=status,
                  status=status, message=message)


def _validation_message(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "bad request"
    err = errors[0]
    where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
    return f"{where or 'request'}: {err.get('msg', 'invalid value')}"


def install_error_handlers(app: FastAPI) -> None:
    async def bad_request(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, 400, _validation_message(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        response = error_response(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    async def store_error(request: Request, exc: Exception) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, 503, f"store unavailable: {exc}")

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "internal error (logged on the server)")

    app.add_exception_handler(BadParameter, bad_request)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, unexpected)
