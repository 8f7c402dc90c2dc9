"""`clusterwatch demo`: serve the bundled sample portal, crawl it, and serve the search UI.

Everything runs on 127.0.0.1 and offline. Each site folder of ``demo/sites`` is served on the port
of the source with the same id in the config's ``sources.yaml``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from clusterwatch.cli import UsageError
from clusterwatch.cli.context import Context
from pipeline.settings import AppConfig

REPO_SITES = Path(__file__).resolve().parents[2] / "demo" / "sites"


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "demo", help="serve the bundled sample portal, crawl it, and serve the UI")
    p.add_argument("--sites", type=Path, default=None, metavar="DIR",
                   help="folder of sample sites (default: demo/sites)")
    p.add_argument("--host", default=None, help="address of the search UI (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port of the search UI")
    p.add_argument("--no-serve", action="store_true", help="stop after the crawl")
    p.set_defaults(func=run)


def _sites_dir(arg: Path | None) -> Path:
    for cand in (arg, Path("demo/sites"), REPO_SITES):
        if cand is not None and cand.is_dir():
            return cand
    looked = f"{arg or 'demo/sites'}, {REPO_SITES}"
    raise UsageError(f"no sample sites folder found (looked at {looked})")


def site_ports(config: AppConfig, sites: Path) -> dict[str, int]:
    """Port of every source whose id names a site folder, from its first configured URL."""
    ports: dict[str, int] = {}
    for src in config.sources:
        if not (sites / src.id).is_dir():
            continue
        url = urlsplit((src.start_urls or src.sitemaps or src.feeds)[0])
        if url.hostname not in ("127.0.0.1", "localhost") or not url.port:
            raise UsageError(f"{config.dir / 'sources.yaml'}: source {src.id!r} is not on "
                             "127.0.0.1:PORT; the demo serves sample sites locally only")
        ports[src.id] = url.port
    if not ports:
        raise UsageError(f"no source in {config.dir / 'sources.yaml'} matches a folder of {sites}")
    return ports


def _crawl(ctx: Context) -> int:
    """The crawl runs in a child process: one Twisted reactor per process, the UI stays free."""
    cmd = [sys.executable, "-m", "clusterwatch.cli", "--config", ctx.config_dir]
    if ctx.store_url:
        cmd += ["--store", ctx.store_url]
    return subprocess.call([*cmd, "crawl"])


def _demo_alerts(ctx: Context) -> None:
    """The demo config's alert, sent to the outbox after the crawl (one .eml to look at)."""
    from clusterwatch.alerts.nightly import run_due_alerts
    from clusterwatch.alerts.seed import seed_alerts

    seed_alerts(ctx.config, ctx.store, ctx.config.dir / "alerts.yaml")
    result = run_due_alerts(ctx.config, ctx.store)
    for item in result["results"]:
        print(f"Alert {item['name']!r}: {item['outcome']}, {item['count']} article(s)"
              + (f" -> {Path(ctx.config.settings.data_dir) / 'outbox'}"
                 if item.get("channel") == "outbox" else ""))


def run(args: argparse.Namespace, ctx: Context) -> int:
    from clusterwatch.devserver import DevServerError, SiteServer

    sites = _sites_dir(args.sites)
    ports = site_ports(ctx.config, sites)
    Path(ctx.config.settings.data_dir).mkdir(parents=True, exist_ok=True)
    server = SiteServer(sites, ports)
    try:
        server.start()
    except DevServerError as exc:
        raise UsageError(f"cannot serve the sample portal on ports {sorted(ports.values())}: {exc}"
                         " (is another demo running?)") from None
    with server:
        print(f"Serving the sample portal: {', '.join(f'{s} on :{p}' for s, p in ports.items())}")
        code = _crawl(ctx)
        stats = ctx.store.stats()
        print(f"Store {stats.url}: {stats.documents} documents "
              f"({', '.join(f'{k} {v}' for k, v in sorted(stats.by_lang.items()))})")
        _demo_alerts(ctx)
        if args.no_serve:
            return code
        from clusterwatch.cli import serve

        serve_args = argparse.Namespace(host=args.host, port=args.port, nightly=None)
        return int(serve.run(serve_args, ctx) or 0)
