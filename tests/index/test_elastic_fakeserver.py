"""A small fake Elasticsearch on 127.0.0.1 for the wire tests, and tests of the fake itself.

It records every request the real ``elasticsearch`` client sends and answers the way an 8.x
node does for the APIs the backend uses (product header, vendor content type, index and alias
bookkeeping, mget, bulk, refresh, get, delete, count, reindex tasks). Searches answer with
what a test scripts (``fake.on_search``); nothing here pretends to rank or aggregate.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from elasticsearch import Elasticsearch

JSON_TYPE = "application/vnd.elasticsearch+json;compatible-with=8"
Answer = tuple[int, Any]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw) if self.raw else None

    @property
    def ndjson(self) -> list[Any]:
        return [json.loads(line) for line in self.raw.decode().splitlines() if line.strip()]


@dataclass
class FakeES:
    """State of the fake cluster; ``overrides`` answer before the built-in routes."""

    product_header: bool = True
    requests: list[Request] = field(default_factory=list)
    indices: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> create body
    aliases: dict[str, list[str]] = field(default_factory=dict)
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # index -> id -> source
    overrides: list[tuple[str, re.Pattern[str], Callable[[Request], Answer]]] = field(
        default_factory=list)
    on_search: Callable[[Request], Any] | None = None
    on_bulk_item: Callable[[str, dict[str, Any]], Answer | None] | None = None
    tasks: dict[str, Any] = field(default_factory=dict)

    def override(self, method: str, pattern: str, fn: Callable[[Request], Answer]) -> None:
        self.overrides.append((method, re.compile(pattern), fn))

    def resolve(self, name: str) -> list[str]:
        return self.aliases.get(name) or ([name] if name in self.indices else [])

    def sent(self, method: str, pattern: str) -> list[Request]:
        """Recorded requests whose method and path match (both regular expressions)."""
        return [r for r in self.requests
                if re.fullmatch(method, r.method) and re.fullmatch(pattern, r.path)]

    # routes -------------------------------------------------------------------------------

    def answer(self, req: Request) -> Answer:
        for method, pattern, fn in self.overrides:
            if method == req.method and pattern.fullmatch(req.path):
                return fn(req)
        for route_method, route, name in ROUTES:
            m = re.fullmatch(route, req.path)
            if route_method == req.method and m:
                handler: Callable[..., Answer] = getattr(self, name)
                return handler(req, *m.groups())
        return 400, {"error": {"type": "fake_unsupported", "reason": req.path}, "status": 400}

    def info(self, req: Request) -> Answer:
        return 200, {"name": "fake", "cluster_name": "fake", "version": {
            "number": "8.15.0", "build_flavor": "default", "lucene_version": "9.11.1"},
            "tagline": "You Know, for Search"}

    def head_alias(self, req: Request, name: str) -> Answer:
        return (200 if name in self.aliases else 404), None

    def get_alias(self, req: Request, name: str) -> Answer:
        if name not in self.aliases:
            return 404, {"error": f"alias [{name}] missing", "status": 404}
        return 200, {i: {"aliases": {name: {}}} for i in self.aliases[name]}

    def head_index(self, req: Request, name: str) -> Answer:
        return (200 if self.resolve(name) else 404), None

    def create(self, req: Request, name: str) -> Answer:
        if name in self.indices:
            return 400, _error("resource_already_exists_exception", f"index [{name}] exists")
        body = req.json or {}
        self.indices[name] = body
        self.docs[name] = {}
        for alias in body.get("aliases") or {}:
            self.aliases.setdefault(alias, []).append(name)
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def get_indices(self, req: Request, pattern: str) -> Answer:
        rx = "|".join(re.escape(p).replace(r"\*", ".*") for p in pattern.split(","))
        return 200, {i: {"aliases": {}, "mappings": b.get("mappings", {}), "settings": {}}
                     for i, b in self.indices.items() if re.fullmatch(rx, i)}

    def delete_indices(self, req: Request, names: str) -> Answer:
        for name in names.split(","):
            if name not in self.indices:
                return 404, _error("index_not_found_exception", f"no such index [{name}]")
        for name in names.split(","):
            self.indices.pop(name)
            self.docs.pop(name, None)
            for alias in list(self.aliases):
                self.aliases[alias] = [i for i in self.aliases[alias] if i != name]
                if not self.aliases[alias]:
                    del self.aliases[alias]
        return 200, {"acknowledged": True}

    def update_aliases(self, req: Request) -> Answer:
        for action in req.json["actions"]:
            (kind, spec), = action.items()
            targets = self.aliases.setdefault(spec["alias"], [])
            if kind == "remove":
                targets.remove(spec["index"])
            else:
                targets.append(spec["index"])
        return 200, {"acknowledged": True}

    def mget(self, req: Request, index: str) -> Answer:
        names = self.resolve(index)
        if not names:
            return 404, _error("index_not_found_exception", f"no such index [{index}]")
        store = self.docs[names[0]]
        return 200, {"docs": [
            {"_index": names[0], "_id": i, "found": True, "_source": store[i]} if i in store
            else {"_index": names[0], "_id": i, "found": False} for i in req.json["ids"]]}

    def bulk(self, req: Request) -> Answer:
        lines, items, errors = req.ndjson, [], False
        for meta, body in zip(lines[::2], lines[1::2], strict=True):
            (op, spec), = meta.items()
            scripted = self.on_bulk_item(op, spec) if self.on_bulk_item else None
            if scripted is not None:
                errors = True
                items.append({op: {"_index": spec["_index"], "_id": spec["_id"],
                                   "status": scripted[0], "error": scripted[1]}})
                continue
            index = self.resolve(spec["_index"])[0]
            store = self.docs[index]
            if op == "update":
                store[spec["_id"]] = {**store[spec["_id"]], **body["doc"]}
            else:
                store[spec["_id"]] = body
            items.append({op: {"_index": index, "_id": spec["_id"], "status": 201,
                               "result": "created"}})
        return 200, {"took": 1, "errors": errors, "items": items}

    def refresh(self, req: Request, index: str) -> Answer:
        return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}

    def get_doc(self, req: Request, index: str, doc_id: str) -> Answer:
        names = self.resolve(index)
        if not names:
            return 404, _error("index_not_found_exception", f"no such index [{index}]")
        src = self.docs[names[0]].get(doc_id)
        if src is None:
            return 404, {"_index": names[0], "_id": doc_id, "found": False}
        return 200, {"_index": names[0], "_id": doc_id, "found": True, "_source": src}

    def put_doc(self, req: Request, index: str, doc_id: str) -> Answer:
        targets = self.resolve(index)
        if not targets:
            return 404, _error("index_not_found_exception", f"no such index [{index}]")
        self.docs.setdefault(targets[0], {})[doc_id] = req.json
        return 201, {"_index": targets[0], "_id": doc_id, "result": "created"}

    def delete_doc(self, req: Request, index: str, doc_id: str) -> Answer:
        names = self.resolve(index)
        found = self.docs[names[0]].pop(doc_id, None) is not None
        return (200 if found else 404), {"_index": names[0], "_id": doc_id,
                                         "result": "deleted" if found else "not_found"}

    def search(self, req: Request, index: str | None = None) -> Answer:
        if index is not None and not all(self.resolve(i) for i in index.split(",")):
            return 404, _error("index_not_found_exception", f"no such index [{index}]")
        if self.on_search is not None:
            return 200, self.on_search(req)
        return 200, {"took": 1, "timed_out": False, "hits": {
            "total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []}}

    def delete_by_query(self, req: Request, index: str) -> Answer:
        """A ``term`` query on one field, or an ``ids`` query."""
        query = req.json["query"]
        if "ids" in query:
            wanted = set(query["ids"]["values"])
            def hit(i: str, src: dict[str, Any]) -> bool:
                return i in wanted
        else:
            (field, value), = query["term"].items()
            def hit(i: str, src: dict[str, Any]) -> bool:
                return bool(src.get(field) == value)
        deleted = 0
        for name in self.resolve(index):
            gone = [i for i, src in self.docs[name].items() if hit(i, src)]
            for i in gone:
                del self.docs[name][i]
            deleted += len(gone)
        return 200, {"deleted": deleted, "failures": []}

    def count(self, req: Request, index: str) -> Answer:
        names = self.resolve(index)
        return 200, {"count": sum(len(self.docs[n]) for n in names)}

    def reindex(self, req: Request) -> Answer:
        spec = req.json
        src = self.resolve(spec["source"]["index"])[0]
        self.docs[spec["dest"]["index"]].update(self.docs[src])
        task = f"node:{len(self.tasks) + 1}"
        self.tasks[task] = {"completed": True, "task": {"status": {
            "total": len(self.docs[src]), "created": len(self.docs[src])}},
            "response": {"failures": []}}
        return 200, {"task": task}

    def get_task(self, req: Request, task: str) -> Answer:
        return 200, self.tasks[task]


ROUTES = [
    ("GET", r"/", "info"),
    ("HEAD", r"/_alias/([^/]+)", "head_alias"),
    ("GET", r"/_alias/([^/]+)", "get_alias"),
    ("POST", r"/_aliases", "update_aliases"),
    ("POST", r"/_bulk", "bulk"),
    ("PUT", r"/_bulk", "bulk"),
    ("POST", r"/_search", "search"),
    ("POST", r"/_reindex", "reindex"),
    ("GET", r"/_tasks/([^/]+)", "get_task"),
    ("POST", r"/([^/_][^/]*)/_mget", "mget"),
    ("POST", r"/([^/_][^/]*)/_refresh", "refresh"),
    ("POST", r"/([^/_][^/]*)/_search", "search"),
    ("POST", r"/([^/_][^/]*)/_count", "count"),
    ("POST", r"/([^/_][^/]*)/_delete_by_query", "delete_by_query"),
    ("GET", r"/([^/_][^/]*)/_doc/([^/]+)", "get_doc"),
    ("PUT", r"/([^/_][^/]*)/_doc/([^/]+)", "put_doc"),
    ("DELETE", r"/([^/_][^/]*)/_doc/([^/]+)", "delete_doc"),
    ("HEAD", r"/([^/_][^/]*)", "head_index"),
    ("PUT", r"/([^/_][^/]*)", "create"),
    ("GET", r"/([^/_][^/]*)", "get_indices"),
    ("DELETE", r"/([^/_][^/]*)", "delete_indices"),
]


def _error(kind: str, reason: str) -> dict[str, Any]:
    return {"error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind,
                      "reason": reason}, "status": 404 if "not_found" in kind else 400}


def _handler(fake: FakeES) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            req = Request(self.command, unquote(parts.path), query,
                          {k.lower(): v for k, v in self.headers.items()}, raw)
            fake.requests.append(req)
            status, body = fake.answer(req)
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if fake.product_header:
                self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Type", JSON_TYPE)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve  # noqa: N815 (http.server names)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    return Handler


class FakeServer:
    """``with FakeServer() as (fake, url):`` on 127.0.0.1 (port 0: any free port)."""

    def __init__(self, fake: FakeES | None = None, port: int = 0) -> None:
        self.fake = fake or FakeES()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.fake))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    def __enter__(self) -> tuple[FakeES, str]:
        self.thread.start()
        return self.fake, self.url

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_es() -> Iterator[tuple[FakeES, str]]:
    with FakeServer() as pair:
        yield pair


# the fake answers as an Elasticsearch node does ----------------------------------------------

def test_the_real_client_accepts_the_fake(fake_es: tuple[FakeES, str]) -> None:
    fake, url = fake_es
    es = Elasticsearch(url)
    assert es.info()["version"]["number"].startswith("8.")
    assert not es.indices.exists(index="nothing")
    es.indices.create(index="x-v1", aliases={"x": {}})
    assert es.indices.exists_alias(name="x")
    req = fake.sent("PUT", "/x-v1")[0]
    assert req.headers["accept"].startswith("application/vnd.elasticsearch+json")
    es.close()


def test_without_the_product_header_the_client_refuses() -> None:
    import elasticsearch

    with FakeServer(FakeES(product_header=False)) as (_, url):
        es = Elasticsearch(url)
        with pytest.raises(elasticsearch.UnsupportedProductError):
            es.info()
        es.close()
