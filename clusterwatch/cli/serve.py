"""`clusterwatch serve`: the search web UI and its JSON API"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from typing import Any

from clusterwatch.cli.context import Context
from pipeline.settings import secret

log = logging.getLogger(__name__)

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
NIGHTLY_TIMEOUT = 6 * 3600  # seconds: a stuck nightly run is stopped


def hhmm(value: str) -> str:
    """argparse type for --nightly (24-hour HH:MM)."""
    if not _HHMM.match(value):
        raise argparse.ArgumentTypeError(f"not a time of day (HH:MM, 24-hour): {value!r}")
    return value


def port_number(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1..65535: {value!r}")
    return n


def token_problem(token: str, min_chars: int) -> str | None:
    """Why a token cannot protect the server (unset, short, blank or padded), or None."""
    if not token:
        return "is not set"
    if token != token.strip() or not token.isprintable():
        return "has spaces or control characters around or in it"
    if len(token) < min_chars:
        return f"is shorter than {min_chars} characters"
    if len(set(token)) < 4:
        return "has fewer than 4 different characters"
    return None


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "serve", help="the search web UI and its JSON API",
        description="Serve the web UI and the JSON API. Binds to 127.0.0.1 unless told "
                    "otherwise; any other address needs a token in the environment variable "
                    "named by settings.server.token_env (default CLUSTERWATCH_TOKEN), sent by "
                    "clients as 'Authorization: Bearer TOKEN' or as the Basic-auth password.")
    p.add_argument("--host", default=None, help="address to bind (default: settings, 127.0.0.1)")
    p.add_argument("--port", type=port_number, default=None, help="port (default: settings, 8000)")
    p.add_argument("--nightly", type=hhmm, default=None, metavar="HH:MM",
                   help="also run `clusterwatch nightly` every day at this local time")
    p.set_defaults(func=run)


def _start_scheduler(at: str, ctx: Context) -> Any:
    """The in-process daily scheduler running `clusterwatch nightly` in a child process."""
    try:
        from clusterwatch.ops.scheduler import DailyScheduler, subprocess_job
    except ImportError as exc:
        log.warning("--nightly ignored: the scheduler is not available (%s)", exc)
        print(f"clusterwatch: warning: --nightly ignored: scheduler not available ({exc})",
              file=sys.stderr)
        return None
    job = subprocess_job(ctx.config_dir, ctx.store_url, timeout=NIGHTLY_TIMEOUT)
    scheduler = DailyScheduler(at=at, job=job).start()
    log.info("nightly run scheduled every day at %s", at)
    return scheduler


def run(args: argparse.Namespace, ctx: Context) -> int:
    import uvicorn

    from clusterwatch.web import create_app
    from clusterwatch.web.security import MIN_TOKEN_CHARS, is_loopback

    server = ctx.config.settings.server
    host, port = args.host or server.host, args.port or server.port
    token: str | None = None
    if not is_loopback(host):
        token = secret(server.token_env)
        problem = token_problem(token, MIN_TOKEN_CHARS)
        if problem:
            print(f"clusterwatch: error: refusing to serve on {host} without a token: "
                  f"environment variable {server.token_env} {problem} (or bind to 127.0.0.1)",
                  file=sys.stderr)
            return 2
    app = create_app(ctx, token=token)
    scheduler = _start_scheduler(args.nightly, ctx) if args.nightly else None
    print(f"clusterwatch: serving on http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                    server_header=False)
    finally:
        if scheduler is not None:
            scheduler.stop()
    return 0
