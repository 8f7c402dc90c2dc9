"""Synthetic press articles for the search benchmark: realistic lengths, inflection, members.

Words follow a Zipf distribution over a generated Polish-like vocabulary; each lemma has a few
inflected forms, the text uses the forms and the ``lemmas`` field the base forms (as the
pipeline stores them). Some articles name cluster members (by an alias, counted in
``members``); some are syndicated copies sharing a story id.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from pipeline.document import Document
from pipeline.registry import Registry

SYLLABLES = ["ka", "zo", "mi", "ta", "ro", "wie", "szy", "ło", "ne", "dar", "pol", "ski", "chem",
             "tra", "ny", "wo", "dzi", "ma", "ce", "lo", "prze", "sto", "ku", "ga", "re", "by"]
SUFFIXES = ["", "a", "u", "em", "ie", "ami", "ach", "ów", "y", "om", "ego", "ej"]
# real words at a moderate frequency: what staff actually search for
DOMAIN = ["azoty", "chemia", "inwestycja", "wodór", "nawóz", "zakład", "instytut", "klaster",
          "przemysł", "emisja", "katalizator", "energia", "gaz", "kwas", "produkcja", "badanie",
          "laboratorium", "recykling", "tworzywo", "elektrownia", "port", "odra", "opole"]
SOURCES = ["nto", "opole24", "radio-opole", "kk24", "portal-kk", "chemia-online", "wnp",
           "rynek-chemiczny", "idnes", "novinky", "mdr", "chemanager", "icis", "bbc-local"]
LANGS = ["pl"] * 80 + ["en"] * 8 + ["de"] * 6 + ["cs"] * 6
START, END = date(2014, 1, 1), date(2025, 10, 31)


@dataclass(frozen=True)
class Vocabulary:
    lemmas: list[str]
    forms: list[list[str]]
    cum_weights: list[float]

    @classmethod
    def build(cls, rng: random.Random, size: int = 20_000) -> Vocabulary:
        seen: set[str] = set(DOMAIN)
        lemmas: list[str] = []
        while len(lemmas) < size - len(DOMAIN):
            word = "".join(rng.choices(SYLLABLES, k=rng.choice((2, 2, 3, 3, 4))))
            if word not in seen:
                seen.add(word)
                lemmas.append(word)
        for i, word in enumerate(DOMAIN):  # domain words: ranks 1,000-4,300, in ~1-3% of texts
            lemmas.insert(1000 + i * 150, word)
        forms = [[w + s for s in rng.sample(SUFFIXES, 4)] for w in lemmas]
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(lemmas))]
        return cls(lemmas, forms, list(itertools.accumulate(weights)))

    def words(self, rng: random.Random, n: int) -> tuple[list[str], list[str]]:
        """``n`` (form, lemma) pairs, as two lists."""
        idx = rng.choices(range(len(self.lemmas)), cum_weights=self.cum_weights, k=n)
        return [rng.choice(self.forms[i]) for i in idx], [self.lemmas[i] for i in idx]


def _paragraphs(rng: random.Random, vocab: Vocabulary) -> tuple[str, list[str]]:
    paras: list[str] = []
    lemmas: list[str] = []
    for _ in range(rng.randint(3, 8)):
        forms, lem = vocab.words(rng, rng.randint(30, 90))
        lemmas += lem
        sentences, pos = [], 0
        while pos < len(forms):
            n = rng.randint(8, 18)
            chunk = forms[pos:pos + n]
            sentences.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
            pos += n
        paras.append(" ".join(sentences))
    return "\n\n".join(paras), lemmas


def _mention(rng: random.Random, registry: Registry, weights: list[float], text: str
             ) -> tuple[str, dict[str, int]]:
    members: dict[str, int] = {}
    if rng.random() > 0.35:
        return text, members
    for m in rng.choices(registry.members, weights=weights, k=rng.randint(1, 3)):
        members[m.id] = members.get(m.id, 0) + rng.randint(1, 4)
        text += f"\n\n{rng.choice(m.names)} " + " ".join(rng.sample(DOMAIN, 2)) + "."
    return text, members


def documents(n: int, registry: Registry, seed: int = 8) -> Iterator[Document]:
    """``n`` articles, deterministic for a seed."""
    rng = random.Random(seed)
    vocab = Vocabulary.build(rng)
    member_weights = [1.0 / (i + 1) for i in range(len(registry.members))]
    span = (END - START).days
    previous: list[Document] = []
    for i in range(n):
        published = START + timedelta(days=rng.randrange(span))
        fetched = datetime.combine(published + timedelta(days=1), time(4), timezone.utc)
        source = SOURCES[i % len(SOURCES)]
        if previous and rng.random() < 0.08:  # a syndicated copy of a recent story
            orig = rng.choice(previous)
            doc = Document(url=f"https://{source}.example/a/{i}", source=source,
                           fetched_at=fetched, title=orig.title, text=orig.text,
                           lemmas=orig.lemmas, lang=orig.lang, members=dict(orig.members),
                           published=orig.published, story_id=orig.story_id)
        else:
            title_forms, title_lemmas = vocab.words(rng, rng.randint(6, 12))
            text, lemmas = _paragraphs(rng, vocab)
            text, members = _mention(rng, registry, member_weights, text)
            doc = Document(url=f"https://{source}.example/a/{i}", source=source,
                           fetched_at=fetched, title=" ".join(title_forms).capitalize(),
                           text=text, lemmas=" ".join(title_lemmas + lemmas),
                           lang=rng.choice(LANGS), members=members,
                           published=published.isoformat(), published_source="meta")
        doc.ensure_id()
        doc.story_id = doc.story_id or doc.id
        previous = [*previous[-199:], doc]
        yield doc


def sample_queries(rng: random.Random, vocab: Vocabulary) -> dict[str, list[str]]:
    """Query words by kind: common, mid-frequency, rare, domain."""
    return {"common": vocab.lemmas[5:100], "mid": vocab.lemmas[300:3000],
            "rare": vocab.lemmas[5000:19000], "domain": list(DOMAIN)}
