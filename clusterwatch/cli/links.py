"""`clusterwatch links`: people's corrections of member links (remove a wrong one, add a missed
one, list them); kept across reprocessing, applied to search, counts, charts and exports."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from index.base import Correction, CorrectionAction


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "links", help="correct member links: remove a wrong one, add a missed one, list")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    for name, text in (("remove", "the document does not mean this member"),
                       ("add", "the document names this member but was not linked")):
        a = actions.add_parser(name, help=text)
        a.add_argument("doc_id", metavar="DOC_ID")
        a.add_argument("member", metavar="MEMBER_ID")
        a.add_argument("--why", default="", metavar="TEXT", help="the reason, kept with it")
        a.add_argument("--who", default=None, metavar="NAME", help="default: the login name")
    undo = actions.add_parser("undo", help="drop a correction: the machine's link counts again")
    undo.add_argument("doc_id", metavar="DOC_ID")
    undo.add_argument("member", metavar="MEMBER_ID")
    lst = actions.add_parser("list", help="every correction, newest first")
    lst.add_argument("--doc", default=None, metavar="DOC_ID")
    lst.add_argument("--json", action="store_true", help="JSON Lines")
    p.set_defaults(func=run, reads_only=True)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.action == "list":
        return _list(ctx, args.doc, args.json)
    ctx.config.check_members([args.member], f"links {args.action}")
    doc = ctx.store.get(args.doc_id) or ctx.store.get_by_url(args.doc_id)
    if doc is None:
        print(f"clusterwatch: no document {args.doc_id!r}", file=sys.stderr)
        return 1
    if args.action == "undo":
        if not ctx.store.delete_correction(doc.id, args.member):
            print(f"no correction of {args.member} on {doc.id}", file=sys.stderr)
            return 1
        print(f"undone: {args.member} on {doc.id} is as the machine linked it")
        return 0
    who = args.who if args.who is not None else _login()
    correction = Correction(doc.id, args.member, CorrectionAction(args.action), who, args.why)
    ctx.store.add_correction(correction)
    verb = "removed from" if args.action == "remove" else "added to"
    print(f"{args.member} {verb} {doc.id}")
    return 0


def _list(ctx: Context, doc_id: str | None, as_json: bool) -> int:
    found = ctx.store.corrections(doc_id)
    if as_json:
        for c in found:
            print_json(c.to_json())
        return 0
    rows = [(c.doc_id, c.member, c.action.value, c.who, c.at.isoformat() if c.at else "", c.why)
            for c in found]
    if rows:
        print_table(("document", "member", "action", "who", "when", "why"), rows)
    else:
        print("no corrections")
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "cli"
