"""Statistical NER: a spaCy pipeline (the project's shipped model of the language, an installed
package or a model folder) whose entities join the candidates with the weakest priority, so
registry names and rules win overlaps; the model proposes the organisations, places and persons
the rules do not know.

``builtin:LANG`` names the model shipped in ``pipeline/nlp/models/LANG`` (trained by
``python -m pipeline.nlp.training.build``). Loading never downloads: a name that is not installed
or a missing folder is logged as a warning and the tagger runs without it.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import get_lang_class

from pipeline.document import Label
from pipeline.nlp.canonical import BaseForms
from pipeline.nlp.morph import NameTag, morphology, stem
from pipeline.nlp.spans import Candidate, Priority, add, candidates, covered, texts
from pipeline.nlp.wordlists import FIRST_NAMES

log = logging.getLogger(__name__)

BUILTIN = "builtin:"
MODELS_DIR = Path(__file__).with_name("models")
MAX_ENTITY_TOKENS = 12  # longer model spans are run-ons, not names
NER_LABELS = {
    "PER": Label.PER, "PERSON": Label.PER, "persName": Label.PER,
    "ORG": Label.ORG, "orgName": Label.ORG,
    "LOC": Label.LOC, "GPE": Label.LOC, "placeName": Label.LOC, "geogName": Label.LOC,
}
_EDGE = frozenset("\"'„“”«»‚‘’()[]{},.;:!?-–—/")
_PERSON_TAGS = frozenset({NameTag.FIRST.value, NameTag.SURNAME.value})
_COMMON = frozenset({NameTag.COMMON.value})
_BREAK = frozenset({"-", "–", "—", ":", "|", "/"})
_SENTENCE_END = frozenset(".!?:;\"„“”«»–—")
# Czech adjective forms that are not surnames ("-ová" is): "Britská", "Evropskou", "Dolní"
_CS_ADJECTIVE = ("ská", "ský", "ské", "skou", "ského", "ní", "ního", "ou", "ové", "ých", "ým")


def model_path(package: str) -> str:
    """The folder of ``builtin:LANG``; anything else (package name or path) unchanged."""
    if package.startswith(BUILTIN):
        return str(MODELS_DIR / package[len(BUILTIN):])
    return package


def load_model(package: str) -> Language | None:
    """The pipeline, or None when it is not installed or unreadable (never downloaded)."""
    try:
        return spacy.load(model_path(package))
    except (OSError, ValueError, ImportError, KeyError) as exc:
        log.warning("NER model %r is not installed; tagging without it (%s)", package, exc)
        return None


class StatisticalNer:
    """Runs the model over the tagger's own tokens and proposes its entities as candidates."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.model = load_model(package) if package else None
        self._base: dict[str, BaseForms] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None or len(doc) == 0:
            return doc
        proposals: list[tuple[Span, Label]] = []
        for ent in self.entities(doc):
            label = NER_LABELS.get(ent.label_)
            span = _trim(doc[ent.start : ent.end])
            if label is None or span is None:
                continue
            proposals += _split_person(span, label)
        known = _person_words(doc, proposals)
        for part, part_label in proposals:
            found, label = _plausible(part, part_label)
            if found is None or covered(doc, found.start, found.end):
                continue
            if label == Label.PER and len(found) == 1 and stem(found.text) not in known:
                continue  # a lone capitalised word is a person only when named in full too
            self.propose(doc, found, label)
        return doc

    def propose(self, doc: Doc, found: Span, label: Label) -> None:
        add(doc, Candidate(found.start, found.end, label, self.canonical(doc, found, label),
                           None, Priority.WEAK, "ner"))

    def entities(self, doc: Doc) -> list[Span]:
        """The model's entities over a copy of ``doc``'s tokens (same token offsets)."""
        assert self.model is not None
        mdoc = Doc(self.model.vocab, words=texts(doc), spaces=[bool(t.whitespace_) for t in doc])
        for _name, proc in self.model.pipeline:
            mdoc = proc(mdoc)
        return list(mdoc.ents)

    def canonical(self, doc: Doc, span: Span, label: Label) -> str:
        """The base form where the morphology knows one (pl, cs), else the text as written."""
        lang = doc.lang_
        try:
            if lang == "pl" and label == Label.PER:
                return _pl_person(span)
            if lang not in self._base:
                self._base[lang] = BaseForms(morphology(lang), lang)
            return self._base[lang].org(doc, span.start, span.end) or span.text
        except (IndexError, KeyError, ValueError) as exc:  # a base form is never worth a failure
            log.debug("no base form for %r: %s", span.text, exc)
            return span.text


def _trim(span: Span) -> Span | None:
    """Without punctuation at the edges; None for a span that cannot be a name."""
    start, end = span.start, span.end
    while start < end and span.doc[start].text in _EDGE:
        start += 1
    while end > start and span.doc[end - 1].text in _EDGE:
        end -= 1
    cut = next((k for k in range(start, end) if span.doc[k].text in _BREAK), end)
    end = cut  # a dash or colon inside ends the name ("Londýn - Britská premiérka")
    while end > start and span.doc[end - 1].text in _EDGE:
        end -= 1
    if end - start == 0 or end - start > MAX_ENTITY_TOKENS:
        return None
    out = span.doc[start:end]
    return out if any(c.isupper() for c in out.text) else None


@lru_cache(maxsize=8)
def _stop_words(lang: str) -> frozenset[str]:
    try:
        return frozenset(get_lang_class(lang).Defaults.stop_words)
    except ImportError:
        return frozenset()


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """USA, DE, CZ...: acronyms that are places (``UK`` is the one common code outside ISO)."""
    import pycountry

    codes = {"UK"}
    for c in pycountry.countries:
        codes |= {c.alpha_2, c.alpha_3}
    return frozenset(codes)


def _sentence_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].text in _SENTENCE_END or "\n" in doc[i - 1].text_with_ws


def _plausible(span: Span, label: Label) -> tuple[Span | None, Label]:
    """Classes of model errors, undone: a capitalised function word opening a sentence
    ("Pokud", "Jenže Londýn"), an acronym read as a person or place ("EU", "UE"), an adjective
    read as a person ("Britská vláda")."""
    doc, stops = span.doc, _stop_words(span.doc.lang_)
    start = span.start
    while start < span.end and doc[start].lower_ in stops and _sentence_start(doc, start):
        start += 1
    if start == span.end:
        return None, label
    span = doc[start : span.end]
    if len(span) > 1:
        return span, label
    word = span.text
    if word.isupper() and len(word) > 1:  # an acronym: an organisation unless a country code
        place = label == Label.LOC and word in _country_codes()
        return span, (Label.LOC if place else Label.ORG)
    if doc.lang_ == "pl" and _pl_common_noun(word):
        return None, label
    if label != Label.PER:
        return span, label
    nxt = doc[span.end].text if span.end < len(doc) else ""
    if nxt[:1].islower() and _adjective(word, doc.lang_):
        return None, label
    return span, label


def _pl_common_noun(word: str) -> bool:
    """Morfeusz knows the word, and only as a common word ("Wspólnotę", "Brytyjczycy")."""
    rs = morphology("pl").readings(word)
    return bool(rs) and all(r.names <= _COMMON for r in rs)


def _first_name(span: Span, k: int) -> bool:
    word = span[k].text
    if span.doc.lang_ == "pl":
        return any(NameTag.FIRST.value in r.names for r in morphology("pl").readings(word))
    return word.lower() in FIRST_NAMES


def _split_person(span: Span, label: Label) -> list[tuple[Span, Label]]:
    """A name run into a following person's name ("Rady Europejskiej Donald Tusk") is cut
    before the first name: the organisation (or place), then the person."""
    if label == Label.PER or len(span) < 3:
        return [(span, label)]
    for k in range(1, len(span) - 1):
        if _first_name(span, k) and span[k + 1].text[:1].isupper():
            return [(span[:k], label), (span[k:], Label.PER)]
    return [(span, label)]


def _adjective(word: str, lang: str) -> bool:
    if lang == "cs":
        return word.lower().endswith(_CS_ADJECTIVE)
    if lang == "pl":
        rs = morphology("pl").readings(word)
        return bool(rs) and all(r.tag.startswith("adj") and not r.names for r in rs)
    return False


def _person_words(doc: Doc, proposals: list[tuple[Span, Label]]) -> set[str]:
    """Stems of the words of every person named with two or more words (rules or model)."""
    spans = [(c.start, c.end) for c in candidates(doc) if c.label == Label.PER]
    spans += [(p.start, p.end) for p, label in proposals if label == Label.PER]
    words = texts(doc)
    return {stem(words[k]) for a, b in spans if b - a > 1 for k in range(a, b)}


def _pl_person(span: Span) -> str:
    """A Polish person's name with each word in its Morfeusz name lemma (``Donaldem Tuskiem``
    -> ``Donald Tusk``); words it does not know as names stay as written."""
    morph = morphology("pl")
    out = []
    for token in span:
        names = [r.lemma for r in morph.readings(token.text)
                 if r.names & _PERSON_TAGS and r.lemma[:1].isupper()]
        out.append(names[0] if names else token.text)
    return " ".join(out)
