"""The ``clusterwatch`` console script: global options, then one module per command."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from clusterwatch.cli.context import Context
from index.base import StoreError
from pipeline.settings import ConfigError, default_config_dir

log = logging.getLogger("clusterwatch")

# command name -> module under clusterwatch.cli (each has register(subparsers) and run(args, ctx))
COMMANDS = {
    "crawl": "crawl",
    "ingest": "ingest",
    "search": "search",
    "show": "show",
    "mentions": "mentions",
    "entities": "entities",
    "links": "links",
    "export": "export",
    "serve": "serve",
    "nightly": "nightly",
    "status": "status",
    "reprocess": "reprocess",
    "members": "members",
    "nlp": "nlp",
    "reindex": "reindex",
    "es": "es",
    "demo": "demo",
    "sources": "sources",
    "alerts": "alerts",
}


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="clusterwatch", description=__doc__)
    parser.add_argument("--config", default=default_config_dir(),
                        help="folder with sources.yaml, members.yaml, settings.yaml")
    parser.add_argument("--store", default=None,
                        help="sqlite:///PATH or http(s)://HOST:9200 (default: settings, env)")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("--log-json", action="store_true", help="log JSON lines (for cron)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for module in COMMANDS.values():
        mod = importlib.import_module(f"clusterwatch.cli.{module}")
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from clusterwatch.ops.logs import setup_logging

    setup_logging(args.verbose, json_lines=args.log_json)
    ctx = Context(config_dir=args.config, store_url=args.store,
                  store_must_exist=bool(getattr(args, "reads_only", False)))
    try:
        return int(args.func(args, ctx) or 0)
    except (ConfigError, UsageError) as exc:
        print(f"clusterwatch: error: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"clusterwatch: store error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("clusterwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the data folder: disk full, permissions
        print(f"clusterwatch: error: {exc}", file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
