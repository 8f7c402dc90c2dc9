"""`clusterwatch es`: Elasticsearch index management: init, migrate, status"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context

if TYPE_CHECKING:
    from index.elastic import ElasticStore


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "es", help="Elasticsearch index management: init, migrate, status",
        description="Manage the indices behind the aliases {prefix}-docs, -revisions, -runs "
                    "(the store is --store, $CLUSTERWATCH_STORE or settings.yaml).")
    actions = p.add_subparsers(dest="es_action", metavar="ACTION")
    actions.required = True
    actions.add_parser("init", help="create the missing indices and aliases (idempotent)")
    migrate = actions.add_parser(
        "migrate", help="move each alias to a new index with the current mapping (reindex, "
                        "then an atomic alias swap)")
    migrate.add_argument("--delete-old", action="store_true",
                         help="delete the old index once the alias points at the new one")
    status = actions.add_parser("status", help="aliases, index versions, document counts")
    status.add_argument("--json", action="store_true")
    # opening the store must not create the indices: `es init` reports what it created
    p.set_defaults(func=run, reads_only=True)


def _elastic(ctx: Context) -> ElasticStore:
    from clusterwatch.cli import UsageError
    from index.elastic import ElasticStore  # imported here: other commands never need it

    url = ctx.config.settings.store
    if not url.startswith(("http://", "https://")):  # before opening (and creating) anything
        raise UsageError(f"`clusterwatch es` needs an Elasticsearch store (--store "
                         f"http(s)://HOST:9200); the store is {url.split('?', 1)[0]}")
    store = ctx.store
    if not isinstance(store, ElasticStore):
        raise UsageError(f"`clusterwatch es` needs an Elasticsearch store; got {store.url}")
    return store


def run(args: argparse.Namespace, ctx: Context) -> int:
    store = _elastic(ctx)
    if args.es_action == "init":
        created = store.admin.init()
        print(f"{store.url}: created {', '.join(created)}" if created
              else f"{store.url}: every index exists")
        sent = store.send_pending()
        if sent:
            print(f"{store.url}: sent {sent} spooled document(s)")
        return 0
    if args.es_action == "migrate":
        from clusterwatch.ops.lock import LockBusyError, RunLock, lock_path

        try:  # no nightly run writes into the old index while it is being copied
            with RunLock(lock_path(ctx.config.settings.data_dir), job="es migrate"):
                moved = store.admin.migrate(delete_old=args.delete_old)
        except LockBusyError as exc:
            print(f"clusterwatch es migrate: not started: {exc}", file=sys.stderr)
            return 1
        print(f"{store.url}: aliases moved to {', '.join(moved)}" if moved
              else f"{store.url}: every index is at the current version")
        return 0
    return _status(store, bool(getattr(args, "json", False)))


def _status(store: ElasticStore, as_json: bool) -> int:
    from index.base import StoreError
    from index.elastic.admin import describe_states

    pending = store.writer.spool.pending()
    try:
        states = store.admin.status()
    except StoreError as exc:  # an outage: what waits in the spool is still worth knowing
        if as_json:
            print_json({"url": store.url, "indices": [], "pending": pending, "error": str(exc)})
        else:
            print(f"{store.url}: UNREACHABLE: {exc}\npending in the spool: {pending}")
        return 1
    if as_json:
        print_json({"url": store.url, "indices": describe_states(states), "pending": pending})
        return 0
    rows = [(s.alias, ", ".join(s.indices) or "(missing)", s.version or "-", s.wanted,
             "" if s.documents is None else s.documents) for s in states]
    print_table(["alias", "indices", "version", "wanted", "documents"], rows)
    print(f"pending in the spool: {pending}")
    return 0 if all(s.current for s in states) else 1
