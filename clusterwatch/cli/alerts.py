"""`clusterwatch alerts`: saved searches sent as e-mail digests (add, list, remove, run, preview)"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from clusterwatch.alerts.model import AlertInput, AlertInputError, build_alert, last_delivery
from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from clusterwatch.cli.nightly import take_lock
from clusterwatch.ops.runs import job_lock
from index.alerts import WEEKDAYS, Alert, AlertExists, Frequency, SendStatus

if TYPE_CHECKING:  # the runner brings the mail and web parts: imported when used
    from clusterwatch.alerts.runner import AlertRunner

EXIT_FAILED = 1


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "alerts", help="saved searches sent as e-mail digests: add, list, remove, run, preview")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    add = actions.add_parser("add", help="save a search as an alert")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--query", default="", metavar="Q", help="words, in the search syntax")
    add.add_argument("--member", action="append", default=[], metavar="ID")
    add.add_argument("--source", action="append", default=[], metavar="ID")
    add.add_argument("--lang", action="append", default=[], metavar="CODE")
    add.add_argument("--email", action="append", default=[], nargs="+", metavar="ADDR",
                     required=True)
    add.add_argument("--every", choices=[f.value for f in Frequency], default="run")
    add.add_argument("--at", default="07:00", metavar="HH:MM", help="hour of daily/weekly")
    add.add_argument("--weekday", choices=WEEKDAYS, default="mon")
    lst = actions.add_parser("list", help="every alert, when it last sent and how many")
    lst.add_argument("--json", action="store_true")
    rm = actions.add_parser("remove", help="delete an alert")
    rm.add_argument("name", metavar="NAME")
    run_p = actions.add_parser("run", help="send the digests that are due")
    run_p.add_argument("names", nargs="*", metavar="NAME", help="only these alerts")
    run_p.add_argument("--dry-run", action="store_true", help="print the digests, send nothing")
    run_p.add_argument("--json", action="store_true")
    run_p.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                       help="wait this long for a running crawl to finish (default 60)")
    pre = actions.add_parser("preview", help="the digest as it would be sent now, as text")
    pre.add_argument("name", metavar="NAME")
    p.set_defaults(func=run)


def _usage(message: str) -> Exception:
    from clusterwatch.cli import UsageError

    return UsageError(message)


def find(ctx: Context, name: str) -> Alert:
    for alert in ctx.store.alerts():
        if alert.name == name or alert.id == name:
            return alert
    raise _usage(f"no alert named {name!r} (see `clusterwatch alerts list`)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    handlers = {"add": _add, "list": _list, "remove": _remove, "run": _run, "preview": _preview}
    return handlers[args.action](args, ctx)


def _add(args: argparse.Namespace, ctx: Context) -> int:
    raw = AlertInput(name=args.name, query=args.query, members=args.member,
                     sources=args.source, langs=args.lang,
                     emails=[e for group in args.email for e in group], every=args.every,
                     at=args.at, weekday=args.weekday)
    try:
        alert = build_alert(raw, set(ctx.config.registry.ids()))
        ctx.store.save_alert(alert)
    except AlertInputError as exc:
        raise _usage(f"alerts add --{exc.field}: {exc.problem}") from None
    except AlertExists as exc:
        raise _usage(f"alerts add: {exc}") from None
    print(f"alert {alert.name!r} saved (id {alert.id}, every {alert.every.value})")
    return 0


def _list(args: argparse.Namespace, ctx: Context) -> int:
    alerts = ctx.store.alerts()
    delivery = {a.id: last_delivery(ctx.store, a) for a in alerts}
    if args.json:
        for alert in alerts:
            last = delivery[alert.id]
            print_json({**alert.to_json(), "last_delivery": last.value if last else None})
        return 0
    if not alerts:
        print("no alerts (add one with `clusterwatch alerts add`)")
        return 0
    rows = []
    for a in alerts:
        when = a.every.value if a.every is Frequency.RUN else (
            f"{a.every.value} {a.at}" + (f" {a.weekday}" if a.every is Frequency.WEEKLY else ""))
        filters = " ".join([*(f"member:{m}" for m in a.members),
                            *(f"source:{s}" for s in a.sources), *(f"lang:{x}" for x in a.langs)])
        state = "paused" if a.paused else "active"
        if delivery[a.id] is SendStatus.SENDING:
            state += " (delivery not confirmed)"
        rows.append((a.id, a.name, a.query, filters, when, state,
                     a.last_sent.isoformat(timespec="minutes") if a.last_sent else "never",
                     a.last_count, ", ".join(a.emails)))
    print_table(("id", "name", "query", "filters", "every", "status", "last sent", "articles",
                 "recipients"), rows)
    return 0


def _remove(args: argparse.Namespace, ctx: Context) -> int:
    alert = find(ctx, args.name)
    ctx.store.delete_alert(alert.id)
    print(f"alert {alert.name!r} removed")
    return 0


def runner(ctx: Context, dry_run: bool) -> AlertRunner:
    from clusterwatch.alerts.mail import make_sender
    from clusterwatch.alerts.runner import AlertRunner

    s = ctx.config.settings
    sender = None if dry_run else make_sender(s.smtp, s.data_dir)
    return AlertRunner(ctx.config, ctx.store, sender)


def _run(args: argparse.Namespace, ctx: Context) -> int:
    from clusterwatch.alerts.runner import Outcome

    alerts = [find(ctx, n) for n in args.names] if args.names else ctx.store.alerts()
    if args.dry_run:
        results = runner(ctx, True).run(alerts, dry_run=True)
    else:  # under the crawl's run lock: a window never ends inside a crawl still writing
        lock = job_lock(ctx.config, "alerts", max(0.0, args.wait))
        if not take_lock(lock, ctx.config, "alerts run"):
            return EXIT_FAILED
        try:
            results = runner(ctx, False).run(alerts)
        finally:
            lock.release()
    if args.json:
        print_json({"alerts": [r.to_json() for r in results]})
    else:
        for r in results:
            if r.outcome is Outcome.DRY_RUN and r.rendered is not None:
                sys.stdout.write(f"=== {r.alert.name}\nSubject: {r.rendered.subject}\n\n"
                                 f"{r.rendered.text}\n")
                continue
            detail = f" ({r.error})" if r.error else (f" by {r.channel}" if r.channel else "")
            print(f"{r.alert.name}: {r.outcome.value}, {r.count} article(s){detail}")
    return EXIT_FAILED if any(r.outcome is Outcome.FAILED for r in results) else 0


def _preview(args: argparse.Namespace, ctx: Context) -> int:
    alert = find(ctx, args.name)
    result = runner(ctx, True).run_one(alert, datetime.now(timezone.utc), dry_run=True)
    assert result.rendered is not None
    sys.stdout.write(f"Subject: {result.rendered.subject}\n\n{result.rendered.text}")
    return 0
