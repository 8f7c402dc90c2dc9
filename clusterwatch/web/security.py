"""One ASGI middleware for every response: access token, security headers, the language cookie."""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import logging
from collections.abc import Sequence
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clusterwatch.web.i18n import LOCALE_COOKIE, LOCALE_PARAM

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
LOCALE_MAX_AGE = 365 * 24 * 3600
MIN_TOKEN_CHARS = 16


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_matches(header: str | None, token: str) -> bool:
    """``Authorization: Bearer TOKEN`` or Basic auth whose password is TOKEN (any user name)."""
    if not header:
        return False
    scheme, _, value = header.partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme == "basic":
        try:
            value = base64.b64decode(value, validate=True).decode("utf-8").partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return False
    elif scheme != "bearer":
        return False
    return hmac.compare_digest(value.encode("utf-8"), token.encode("utf-8"))


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, languages: Sequence[str], token: str | None = None) -> None:
        self.app = app
        self.languages = tuple(languages)
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(HEADERS)
        if self.token is not None and not self._authorised(scope):
            await self._refuse(send, extra, 401, "authentication required")
            return
        lang = self._locale_param(scope)
        if lang:
            cookie = f"{LOCALE_COOKIE}={lang}; Path=/; Max-Age={LOCALE_MAX_AGE}; SameSite=Lax"
            extra.append((b"set-cookie", cookie.encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _authorised(self, scope: Scope) -> bool:
        assert self.token is not None
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                return token_matches(value.decode("latin-1"), self.token)
        return False

    def _locale_param(self, scope: Scope) -> str | None:
        query = scope.get("query_string", b"").decode("latin-1")
        if LOCALE_PARAM not in query:
            return None
        values = parse_qs(query).get(LOCALE_PARAM, [])
        return values[0] if values and values[0] in self.languages else None

    @staticmethod
    async def _refuse(send: Send, headers: list[tuple[bytes, bytes]], status: int,
                      message: str) -> None:
        body = json.dumps({"status": status, "error": message}).encode()
        extra = [(b"www-authenticate", b'Basic realm="clusterwatch", charset="UTF-8"')
                 ] if status == 401 else []
        await send({"type": "http.response.start", "status": status, "headers": [
            *headers, *extra, (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
