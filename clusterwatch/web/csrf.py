"""CSRF protection for the UI's POST forms: a double-submit token and a same-origin check.

A form page sets a random token in a ``SameSite=Strict`` cookie and in a hidden field; a POST
is accepted only when both are present and equal (compared in constant time, as the access
token is in ``security.py``) and the browser does not say the request came from another site.
Stateless, so every machine serving the UI accepts the forms of the others.
"""

from __future__ import annotations

import hmac
import re
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import Response

COOKIE = "cw_csrf"
FIELD = "csrf_token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def token_for(request: Request) -> str:
    """The reader's token (from the cookie), or a new one to be set by :func:`set_cookie`."""
    current = request.cookies.get(COOKIE, "")
    if _TOKEN.match(current):
        return current
    new: str | None = getattr(request.state, "csrf_new", None)
    if new is None:
        new = secrets.token_urlsafe(32)
        request.state.csrf_new = new
    return new


def set_cookie(request: Request, response: Response) -> Response:
    new = getattr(request.state, "csrf_new", None)
    if new:
        response.set_cookie(COOKIE, new, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
    return response


def _cross_site(request: Request) -> bool:
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc != request.headers.get("host", "")
    return False


def check(request: Request, submitted: str | None) -> None:
    """Raise 403 unless the form carries the cookie's token and comes from this site."""
    cookie = request.cookies.get(COOKIE, "")
    if (not submitted or not _TOKEN.match(cookie)
            or not hmac.compare_digest(submitted.encode(), cookie.encode())):
        raise HTTPException(403, "the form has expired or was not sent from this site: "
                                 "reload the page and try again")
    if _cross_site(request):
        raise HTTPException(403, "cross-site form submission refused")
