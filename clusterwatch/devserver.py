"""A threaded HTTP server for static fixture "sites", used by the demo, the tests and bench.

Each subfolder of ROOT is a site served on its own 127.0.0.1 port::

    with serve_sites(Path("demo/sites")) as server:
        server.url("nowiny")            # "http://127.0.0.1:41234"
        server.requests("nowiny")       # what was asked, for assertions

    python -m clusterwatch.devserver demo/sites --port nowiny=8701 --port zpravy=8702

Conventions: a path ending in "/" serves ``index.html``; Content-Type comes from the extension;
every file answers with ETag and Last-Modified (from mtime and size, so rewriting a file between
two crawls changes them) and 304 on a matching conditional request. An optional
``_headers.yaml`` at a site's root maps a path (exact, exact with query, or a glob such as
``/kalendarz/*``) to overrides::

    /stary-adres.html: {status: 301, location: "http://elsewhere.example/x"}
    /zepsuty.html: {status: 500}
    /wolna.html: {delay: 3}
    /latin2.html: {content_type: "text/html; charset=iso-8859-2"}
    /ogromna.html: {body_bytes: 2000000}         # a synthetic body of this many bytes
    /kalendarz/*: {file: kalendarz.html}           # serve one file for many paths
    /nagi.html: {etag: false, last_modified: false, headers: {X-Extra: "1"}}

Files and folders whose names start with "_" or "." are never served.
"""

from __future__ import annotations

import argparse
import email.utils
import fnmatch
import json
import logging
import mimetypes
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

log = logging.getLogger(__name__)

HEADERS_FILE = "_headers.yaml"
HOST = "127.0.0.1"
MAX_DELAY = 60.0
# extension -> Content-Type (the data of this module; anything else is guessed, then octet-stream)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".gz": "application/gzip",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
}
# request headers kept in the log (lowercased)
LOGGED_HEADERS = ("user-agent", "if-none-match", "if-modified-since", "referer", "accept",
                  "accept-encoding", "cookie")
_OVERRIDE_KEYS = {"content_type", "status", "delay", "location", "body_bytes", "body", "file",
                  "headers", "etag", "last_modified"}


class DevServerError(Exception):
    """A site folder or its ``_headers.yaml`` is unusable."""


@dataclass(frozen=True)
class LoggedRequest:
    site: str
    method: str
    path: str  # with the query string
    status: int
    headers: dict[str, str]
    time: float  # when the request arrived (the entry is added when the answer is sent)


@dataclass(frozen=True)
class Override:
    content_type: str | None = None
    status: int | None = None
    delay: float = 0.0
    location: str | None = None
    body_bytes: int | None = None
    body: str | None = None
    file: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True
    last_modified: bool = True


def _parse_override(path: Path, key: str, raw: Any) -> Override:
    if not isinstance(raw, dict):
        raise DevServerError(f"{path}: {key}: must be a mapping of overrides")
    unknown = set(raw) - _OVERRIDE_KEYS
    if unknown:
        raise DevServerError(f"{path}: {key}: unknown key(s) {sorted(unknown)}")
    try:
        return Override(
            content_type=raw.get("content_type"),
            status=int(raw["status"]) if "status" in raw else None,
            delay=min(float(raw.get("delay", 0.0)), MAX_DELAY),
            location=raw.get("location"),
            body_bytes=int(raw["body_bytes"]) if "body_bytes" in raw else None,
            body=raw.get("body"),
            file=raw.get("file"),
            headers={str(k): str(v) for k, v in (raw.get("headers") or {}).items()},
            etag=bool(raw.get("etag", True)),
            last_modified=bool(raw.get("last_modified", True)),
        )
    except (TypeError, ValueError) as exc:
        raise DevServerError(f"{path}: {key}: {exc}") from None


def load_overrides(site_dir: Path) -> dict[str, Override]:
    """The site's ``_headers.yaml`` (empty when absent). Raises DevServerError."""
    path = site_dir / HEADERS_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DevServerError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise DevServerError(f"{path}: must map paths to overrides")
    return {str(k): _parse_override(path, str(k), v) for k, v in data.items()}


class _Site:
    """One site: its folder, its overrides and the shared request log."""

    def __init__(self, name: str, root: Path, log_sink: _RequestLog) -> None:
        self.name, self.root = name, root.resolve()
        self.overrides = load_overrides(self.root)
        self.log = log_sink

    def override_for(self, path: str, query: str) -> Override | None:
        full = f"{path}?{query}" if query else path
        for key in (full, path):
            if key in self.overrides:
                return self.overrides[key]
        for pattern, ov in self.overrides.items():
            if any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(path, pattern):
                return ov
        return None

    def resolve(self, path: str) -> Path | None:
        """The file for a URL path, or None (outside the root, hidden, missing)."""
        rel = unquote(path).lstrip("/")
        if path.endswith("/") or not rel:
            rel += "index.html"
        parts = [p for p in rel.split("/") if p]
        if any(p in ("..", ".") or p.startswith(("_", ".")) for p in parts):
            return None
        target = self.root.joinpath(*parts)
        try:
            target.resolve().relative_to(self.root)
        except ValueError:
            return None
        return target if target.exists() else None


class _RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[LoggedRequest] = []
        self._cutoff = 0.0
        self.sink: Any = None  # an open text file for JSON lines (the command-line server)

    def add(self, item: LoggedRequest) -> None:
        with self._lock:
            if item.time >= self._cutoff:
                self._items.append(item)
            if self.sink is not None:
                self.sink.write(json.dumps(item.__dict__, ensure_ascii=False) + "\n")
                self.sink.flush()

    def items(self, site: str | None = None) -> list[LoggedRequest]:
        with self._lock:
            items = [r for r in self._items if site is None or r.site == site]
        return sorted(items, key=lambda r: r.time)

    def clear(self) -> None:
        """Forget every request that arrived until now (even one still being answered)."""
        with self._lock:
            self._items.clear()
            self._cutoff = time.time()


def _http_date(ts: float) -> str:
    return email.utils.formatdate(ts, usegmt=True)


def content_type_for(path: Path) -> str:
    ctype = CONTENT_TYPES.get(path.suffix.lower())
    if ctype:
        return ctype
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _not_modified(headers: Any, etag: str | None, mtime: float | None) -> bool:
    inm = headers.get("If-None-Match")
    if inm and etag:
        return any(tag.strip() in (etag, "*") for tag in inm.split(","))
    ims = headers.get("If-Modified-Since")
    if ims and mtime is not None:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return int(mtime) <= int(since)
    return False


class _Handler(BaseHTTPRequestHandler):
    site: _Site  # set on the per-site subclass
    server_version = "clusterwatch-devserver/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.site.name, format % args)

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        arrived = time.time()
        parts = urlsplit(self.path)
        ov = self.site.override_for(parts.path, parts.query)
        if ov and ov.delay:
            time.sleep(ov.delay)
        status, headers, body = self._answer(parts.path, ov)
        self._record(status, arrived)
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away: %s", self.path)

    def _record(self, status: int, arrived: float) -> None:
        wanted = {k: v for k in LOGGED_HEADERS if (v := self.headers.get(k)) is not None}
        self.site.log.add(LoggedRequest(self.site.name, self.command, self.path, status, wanted,
                                        arrived))

    def _answer(self, path: str, ov: Override | None) -> tuple[int, dict[str, str], bytes]:
        ov = ov or Override()
        if ov.location:
            return ov.status or 302, {"Location": ov.location, **ov.headers}, b""
        if ov.body_bytes is not None or ov.body is not None:
            size = ov.body_bytes or 0
            body = (ov.body.encode("utf-8") if ov.body is not None
                    else (b"<!-- filler -->\n" * (size // 16 + 1))[:size])
            ctype = ov.content_type or "text/html; charset=utf-8"
            return ov.status or 200, {"Content-Type": ctype, **ov.headers}, body
        file = self.site.resolve(f"/{ov.file}" if ov.file else path)
        if file is not None and file.is_dir():
            return 301, {"Location": path + "/"}, b""
        if file is None:
            return ov.status or 404, {"Content-Type": "text/plain; charset=utf-8"}, b"not found\n"
        return self._file_answer(file, ov)

    def _file_answer(self, file: Path, ov: Override) -> tuple[int, dict[str, str], bytes]:
        st = file.stat()
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"' if ov.etag else None
        mtime = st.st_mtime if ov.last_modified else None
        headers = {"Content-Type": ov.content_type or content_type_for(file), **ov.headers}
        if etag:
            headers["ETag"] = etag
        if mtime is not None:
            headers["Last-Modified"] = _http_date(mtime)
        status = ov.status or 200
        if status == 200 and _not_modified(self.headers, etag, mtime):
            return 304, headers, b""
        return status, headers, file.read_bytes()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a crawler closing a kept-alive connection) is not an error."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionResetError, BrokenPipeError, TimeoutError)):
            log.debug("client %s went away: %s", client_address, exc)
            return
        log.exception("error answering %s", client_address)


class SiteServer:
    """Every site folder under ``root`` on its own port. ``start()``/``stop()`` or ``with``."""

    def __init__(self, root: Path, ports: dict[str, int] | None = None, host: str = HOST) -> None:
        self.root, self.host = Path(root), host
        if not self.root.is_dir():
            raise DevServerError(f"{self.root}: not a folder of sites")
        self._log = _RequestLog()
        names = sorted(p.name for p in self.root.iterdir()
                       if p.is_dir() and not p.name.startswith(("_", ".")))
        unknown = set(ports or {}) - set(names)
        if unknown:
            raise DevServerError(f"{self.root}: no site folder named {sorted(unknown)}")
        self._sites = {n: _Site(n, self.root / n, self._log) for n in names}
        self._ports = {n: (ports or {}).get(n, 0) for n in names}
        self._servers: dict[str, _QuietServer] = {}
        self._threads: list[threading.Thread] = []

    @property
    def sites(self) -> list[str]:
        return list(self._sites)

    def start(self) -> SiteServer:
        if self._servers:
            return self
        try:
            for name, site in self._sites.items():
                handler = type(f"Handler_{name}", (_Handler,), {"site": site})
                self._servers[name] = _QuietServer((self.host, self._ports[name]), handler)
        except OSError as exc:
            self.stop()
            raise DevServerError(f"cannot listen: {exc}") from None
        for name, srv in self._servers.items():
            t = threading.Thread(target=srv.serve_forever, name=f"devserver-{name}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        for srv in self._servers.values():
            srv.shutdown()
            srv.server_close()
        self._servers.clear()
        self._threads.clear()

    def url(self, site: str) -> str:
        """Base URL of a site, without a trailing slash: ``http://127.0.0.1:PORT``."""
        if site not in self._servers:
            raise KeyError(f"site {site!r} is not being served (started? one of {self.sites})")
        port = self._servers[site].server_address[1]
        return f"http://{self.host}:{port}"

    @property
    def urls(self) -> dict[str, str]:
        return {name: self.url(name) for name in self._servers}

    def requests(self, site: str | None = None) -> list[LoggedRequest]:
        """The request log (all sites, or one), in order of arrival."""
        return self._log.items(site)

    def clear_log(self) -> None:
        self._log.clear()

    def log_to(self, stream: Any) -> None:
        """Also write every request as a JSON line to ``stream``."""
        self._log.sink = stream

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def serve_sites(root: Path, ports: dict[str, int] | None = None) -> SiteServer:
    """Start serving every site under ``root`` (port 0 or absent = ephemeral)."""
    return SiteServer(root, ports).start()


def _port_arg(value: str) -> tuple[str, int]:
    name, sep, port = value.partition("=")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"expected SITE=PORT, got {value!r}")
    return name, int(port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clusterwatch.devserver",
                                     description="Serve each folder of ROOT as a site.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=_port_arg, action="append", default=[],
                        metavar="SITE=PORT", help="fixed port of a site (default: ephemeral)")
    parser.add_argument("--log", type=Path, help="append every request as a JSON line here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    try:
        server = SiteServer(args.root, dict(args.port))
        server.start()
    except DevServerError as exc:
        print(f"devserver: error: {exc}", file=sys.stderr)
        return 2
    sink = args.log.open("a", encoding="utf-8") if args.log else None
    if sink:
        server.log_to(sink)
    for name, url in server.urls.items():
        print(f"{name} {url}/", flush=True)
    try:
        _wait_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        if sink:
            sink.close()
    return 0


def _wait_forever() -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.wait(3600):
        pass


if __name__ == "__main__":
    sys.exit(main())
