"""`clusterwatch members`: list the registry; check it for ambiguous or duplicate aliases."""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from clusterwatch.cli.common import print_json, print_table
from clusterwatch.cli.context import Context
from pipeline.nlp.members import is_acronym, name_variants
from pipeline.nlp.morph import fold, morphology, stem
from pipeline.nlp.xling import expand, names_by_language
from pipeline.registry import Registry
from pipeline.settings import DEFAULT_LANGUAGES

SHORT_ALIAS = 2  # aliases this short (PO, UO) collide with words and other bodies
# longer acronyms match only as written in capitals, so they do not collide with ordinary words
WORD_LANGS = DEFAULT_LANGUAGES


class Problem(str, Enum):
    DUPLICATE = "duplicate"
    AMBIGUOUS = "ambiguous"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Finding:
    problem: Problem
    member: str
    name: str
    detail: str


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "members", help="the member registry: list it, check for ambiguous or duplicate aliases"
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser(
        "check", help="the names each member matches per language; report ambiguous or duplicate "
        "aliases (exit 1 if any)"
    )
    check.add_argument("--json", action="store_true", help="one JSON object")
    lst = actions.add_parser("list", help="every member with its names")
    lst.add_argument("--json", action="store_true", help="JSON Lines, one member a line")
    sug = actions.add_parser("suggest", help="names seen in documents that look like a member "
                             "(or that people unlinked), as a members.yaml snippet")
    sug.add_argument("--member", default=None, metavar="ID", help="only this member")
    sug.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    registry = ctx.config.registry
    if args.action == "list":
        return _list(registry, args.json)
    if args.action == "suggest":
        return _suggest(ctx, args.member, args.json)
    findings = check_registry(registry)
    names = matched_names(registry)
    if args.json:
        print_json(
            {
                "members": len(registry),
                "problems": [{**asdict(f), "problem": f.problem.value} for f in findings],
                "names": names,
            }
        )
        return 1 if findings else 0
    print_table(
        ["member", "language", "names matched (inflected forms too)"],
        [(mid, lang, "; ".join(ns)) for mid, by_lang in names.items()
         for lang, ns in by_lang.items()],
    )
    if findings:
        print_table(
            ["problem", "member", "name", "detail"],
            [(f.problem.value, f.member, f.name, f.detail) for f in findings],
        )
    else:
        print(f"{len(registry)} members, no ambiguous or duplicate aliases")
    return 1 if findings else 0


def matched_names(registry: Registry) -> dict[str, dict[str, list[str]]]:
    """Per member: its registry names, then the names derived for each language."""
    derived = expand(registry)
    return {m.id: names_by_language(m, derived.get(m.id, {})) for m in registry}


def _list(registry: Registry, as_json: bool) -> int:
    if as_json:
        for m in registry:
            print_json(
                {
                    "id": m.id,
                    "name": m.name,
                    "aliases": list(m.aliases),
                    "country": m.country,
                    "kind": m.kind,
                    "not": list(m.not_names),
                    "ambiguous": list(m.ambiguous),
                    "territory": list(m.territory),
                }
            )
        return 0
    print_table(
        ["id", "country", "kind", "name", "aliases"],
        [(m.id, m.country, m.kind, m.name, ", ".join(m.aliases)) for m in registry],
    )
    return 0


def _key(name: str) -> str:
    """Names that the tagger cannot tell apart share this key."""
    return " ".join(stem(w) for w in fold(name).replace("-", " - ").split())


def _same(name: str) -> str:
    """Case kept (acronyms match exactly), quote marks and spacing ignored."""
    return (
        " ".join(fold(name).split())
        if not any(c.isupper() for c in name[1:])
        else " ".join(name.translate(_NO_QUOTES).split())
    )


_NO_QUOTES = dict.fromkeys(map(ord, "„”“\"‚’'«»"), None)


def check_registry(registry: Registry) -> list[Finding]:
    """Duplicate names (within or across members), undeclared ambiguous aliases, conflicts."""
    findings: list[Finding] = []
    owner: dict[str, tuple[str, str]] = {}
    for m in registry:
        for name in m.names:
            for variant in name_variants(name):
                key = _key(variant)
                prev = owner.get(key)
                if prev and prev[0] != m.id:
                    findings.append(
                        Finding(Problem.DUPLICATE, m.id, name, f"same as {prev[1]!r} of {prev[0]}")
                    )
                owner.setdefault(key, (m.id, name))
        seen: set[str] = set()
        for name in m.names:
            same = _same(name)
            if same in seen:
                findings.append(Finding(Problem.DUPLICATE, m.id, name, "listed twice"))
            seen.add(same)
        findings += _ambiguous(m.id, m.aliases, m.ambiguous)
    for m in registry:
        for bad in m.not_names:
            prev = owner.get(_key(bad))
            if prev and prev[0] == m.id:
                findings.append(
                    Finding(
                        Problem.CONFLICT,
                        m.id,
                        bad,
                        f"listed under 'not' but also a name ({prev[1]!r})",
                    )
                )
    return findings


def _ambiguous(member: str, aliases: tuple[str, ...], declared: tuple[str, ...]) -> list[Finding]:
    out: list[Finding] = []
    for alias in aliases:
        if alias in declared:
            continue
        word = alias.strip().lower()
        if len(word) <= SHORT_ALIAS:
            out.append(
                Finding(
                    Problem.AMBIGUOUS,
                    member,
                    alias,
                    "very short alias: declare it under 'ambiguous'",
                )
            )
        elif word.isalpha() and not is_acronym(alias) and _is_word(word):
            out.append(
                Finding(
                    Problem.AMBIGUOUS,
                    member,
                    alias,
                    "also an ordinary word: declare it under 'ambiguous'",
                )
            )
    return out


def _is_word(word: str) -> bool:
    for lang in WORD_LANGS:
        for r in morphology(lang).readings(word):
            if r.lemma[:1].islower() and not r.tag.startswith("ign"):
                return True
    return False


def _suggest(ctx: Context, member: str | None, as_json: bool) -> int:
    from clusterwatch.workbench.suggest import suggest, yaml_snippet

    if member is not None:
        ctx.config.check_members([member], "members suggest --member")
    found = suggest(ctx.store, ctx.config.registry, member)
    snippet = yaml_snippet(found)
    if as_json:
        print_json({"suggestions": [s.to_json() for s in found], "yaml": snippet})
        return 0
    if not found:
        print("no suggestions")
        return 0
    print_table(("member", "name", "kind", "reason", "documents"),
                [(s.member, s.name, s.kind, s.reason, " ".join(s.documents)) for s in found])
    print("\n# paste into members.yaml (merge with the member's existing lists):")
    print(snippet, end="")
    return 0
