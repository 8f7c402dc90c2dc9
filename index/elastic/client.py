"""Building the official client from a store URL, and turning its errors into StoreError.

Credentials come only from the environment (``CLUSTERWATCH_ES_API_KEY``, or
``CLUSTERWATCH_ES_USER`` + ``CLUSTERWATCH_ES_PASSWORD``); a URL with ``user:password@`` is
accepted but the secret is never kept in ``url``, logs or messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import elastic_transport
import elasticsearch
from elasticsearch import Elasticsearch

from index.base import StoreError, StoreOptions
from pipeline.settings import environment

log = logging.getLogger(__name__)

T = TypeVar("T")


class Env(str, Enum):
    """Environment variables read for credentials."""

    API_KEY = "CLUSTERWATCH_ES_API_KEY"
    USER = "CLUSTERWATCH_ES_USER"
    PASSWORD = "CLUSTERWATCH_ES_PASSWORD"


# transport-level retries on connection errors, timeouts and 429/502/503/504
TRANSPORT_RETRIES = 3


class _OneLine(logging.Filter):
    """The transport logs a traceback for every failed attempt; the StoreError that follows
    says the same in one line, so tracebacks are kept for debug logging only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
            record.exc_info, record.exc_text = None, None
        return True


for _name in ("elastic_transport.node_pool", "elastic_transport.transport"):
    logging.getLogger(_name).addFilter(_OneLine())


@dataclass(frozen=True)
class Endpoint:
    """A store URL split into what the client needs."""

    host: str  # scheme://host:port[/path], no credentials
    redacted: str  # what is shown to people: credentials replaced by ***
    url_user: str | None = None
    url_password: str | None = None

    @property
    def tls(self) -> bool:
        return self.host.startswith("https:")


def parse_url(url: str) -> Endpoint:
    """Split ``http(s)://[user:password@]host[:port][/path]``; raise StoreError when malformed."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an Elasticsearch URL (http(s)://HOST:9200): {_redact(url)!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 9200)
    except ValueError:
        raise StoreError(f"bad port in Elasticsearch URL {_redact(url)!r}") from None
    host = parts.hostname
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    path = parts.path.rstrip("/")
    clean = urlunsplit((parts.scheme, netloc, path, "", ""))
    redacted = clean
    if parts.username is not None:
        redacted = urlunsplit((parts.scheme, f"***@{netloc}", path, "", ""))
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    return Endpoint(clean, redacted, user, password)


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, "***@" + parts.netloc.rsplit("@", 1)[1], parts.path, "", ""))


def auth_kwargs(endpoint: Endpoint, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """API key first, then user/password from the environment, then from the URL."""
    env = environment() if env is None else env
    api_key = env.get(Env.API_KEY.value, "").strip()
    if api_key:  # the "encoded" form, or "id:api_key" as the create-key answer also gives it
        key_id, sep, secret = api_key.partition(":")
        return {"api_key": (key_id, secret) if sep else api_key}
    user, password = env.get(Env.USER.value, ""), env.get(Env.PASSWORD.value, "")
    if user:
        return {"basic_auth": (user, password)}
    if endpoint.url_user is not None:
        return {"basic_auth": (endpoint.url_user, endpoint.url_password or "")}
    return {}


def client_kwargs(endpoint: Endpoint, options: StoreOptions,
                  env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything passed to ``Elasticsearch(...)`` (a pure function, for the tests)."""
    kwargs: dict[str, Any] = {
        "hosts": [endpoint.host],
        "request_timeout": options.timeout,
        "max_retries": TRANSPORT_RETRIES,
        "retry_on_timeout": True,
        **auth_kwargs(endpoint, env),
    }
    if endpoint.tls:
        kwargs["verify_certs"] = options.verify_certs
        if options.ca_file:
            if not Path(options.ca_file).is_file():
                raise StoreError(f"elasticsearch.ca_file: no such file {options.ca_file!r}")
            kwargs["ca_certs"] = options.ca_file
        if not options.verify_certs:
            kwargs["ssl_show_warn"] = False
            log.warning("TLS certificate verification is OFF for %s", endpoint.redacted)
    return kwargs


def make_client(endpoint: Endpoint, options: StoreOptions) -> Elasticsearch:
    try:
        return Elasticsearch(**client_kwargs(endpoint, options))
    except (ValueError, TypeError) as exc:
        raise StoreError(f"cannot configure the Elasticsearch client for "
                         f"{endpoint.redacted}: {exc}") from None


def is_outage(exc: BaseException) -> bool:
    """True when the cluster could not be reached (what is being written should be spooled)."""
    if isinstance(exc, elastic_transport.ConnectionError | elastic_transport.ConnectionTimeout):
        return True
    return isinstance(exc, elasticsearch.ApiError) and exc.meta.status in (502, 503, 504)


def describe(exc: BaseException, where: str) -> str:
    """A one-line message for a client exception, without secrets."""
    if isinstance(exc, elasticsearch.AuthenticationException):
        return (f"authentication failed at {where}: set {Env.API_KEY.value}, or "
                f"{Env.USER.value} and {Env.PASSWORD.value}")
    if isinstance(exc, elasticsearch.AuthorizationException):
        return f"permission denied at {where}: {_reason(exc)}"
    if isinstance(exc, elasticsearch.NotFoundError) and "index_not_found" in _error_type(exc):
        return f"index missing at {where}: run `clusterwatch es init` ({_reason(exc)})"
    if isinstance(exc, elasticsearch.UnsupportedProductError):
        return f"{where} is not an Elasticsearch server: {exc.message}"
    if isinstance(exc, elastic_transport.ConnectionTimeout):
        return f"Elasticsearch at {where} timed out"
    if isinstance(exc, elastic_transport.TlsError):
        return f"TLS error talking to {where} (check elasticsearch.ca_file): {exc.message}"
    if isinstance(exc, elastic_transport.ConnectionError):
        return f"cannot reach Elasticsearch at {where}: {exc.message}"
    if isinstance(exc, elasticsearch.ApiError):
        return f"Elasticsearch at {where} answered {exc.meta.status}: {_reason(exc)}"
    return f"Elasticsearch at {where}: {exc}"


def _error_type(exc: elasticsearch.ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error")
    return str(err.get("type", "")) if isinstance(err, dict) else ""


MAX_REASON_CHARS = 600


def _reason(exc: elasticsearch.ApiError) -> str:
    """``type: reason``, and the root cause when it says something more (``all shards
    failed`` alone hides why: a bad query, a missing field, a mapping conflict)."""
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error")
    if not isinstance(err, dict):
        return str(err or exc.message)[:MAX_REASON_CHARS]
    top = _type_reason(err)
    root = root_cause(err)
    if root is not None and _type_reason(root) != top:
        top = f"{top} (root cause: {_type_reason(root)})"
    return top[:MAX_REASON_CHARS]


def _type_reason(err: dict[str, Any]) -> str:
    return f"{err.get('type', 'error')}: {err.get('reason') or ''}".strip().rstrip(":")


def root_cause(err: dict[str, Any]) -> dict[str, Any] | None:
    """The deepest cause of an Elasticsearch error object: ``caused_by`` chains, the first
    failed shard's reason, or the first ``root_cause`` entry."""
    seen = 0
    node: dict[str, Any] | None = None
    candidates: list[Any] = [err.get("caused_by")]
    shards = err.get("failed_shards")
    if isinstance(shards, list) and shards and isinstance(shards[0], dict):
        candidates.append(shards[0].get("reason"))
    roots = err.get("root_cause")
    if isinstance(roots, list) and roots:
        candidates.append(roots[0])
    for first in candidates:
        cur = first
        while isinstance(cur, dict) and seen < 20:  # bounded: the body is the server's
            node, seen = cur, seen + 1
            cur = cur.get("caused_by")
        if node is not None:
            return node
    return None


ERRORS = (elasticsearch.ApiError, elastic_transport.TransportError,
          elasticsearch.UnsupportedProductError)


def call(where: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one client call; any client error becomes a StoreError with a clear message."""
    try:
        return fn(*args, **kwargs)
    except ERRORS as exc:
        raise StoreError(describe(exc, where)) from exc
