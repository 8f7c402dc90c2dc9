"""Read NER training files: CoNLL ``token<TAB>tag`` (IOB2) or spaCy DocBin (``.spacy``).

Every problem is a ``CorpusError`` naming the file and the line, so a bad file is reported, never
half-read. Entity types other than PER, LOC and ORG (MISC, PRODUCT...) are read as ``O`` and
counted, since the tagger has no place for them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

LABELS = ("PER", "LOC", "ORG")
MAX_FILE_BYTES = 200_000_000  # bound the work on one file
MAX_SENTENCE_TOKENS = 1_000
_TAG = re.compile(r"^(O|[BI]-[A-Za-z][A-Za-z0-9_]*)$")
_ALIASES = {"PERSON": "PER", "GPE": "LOC", "LOCATION": "LOC", "ORGANIZATION": "ORG"}


class CorpusError(ValueError):
    """A training file that cannot be read: the message names the file and the line."""


@dataclass
class Corpus:
    """Sentences as spaCy Docs with entities, and what was left out."""

    docs: list[Doc] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)  # entity types read as O

    def entity_counts(self) -> Counter[str]:
        return Counter(e.label_ for d in self.docs for e in d.ents)


def read_corpus(paths: list[Path], vocab: Vocab) -> Corpus:
    """All sentences of the files (CoNLL text or ``.spacy`` DocBin)."""
    corpus = Corpus()
    for path in paths:
        if not path.is_file():
            raise CorpusError(f"{path}: no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CorpusError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
        if path.suffix == ".spacy":
            corpus.docs.extend(_read_docbin(path, vocab))
        else:
            _read_conll(path, vocab, corpus)
    if not corpus.docs:
        raise CorpusError(", ".join(str(p) for p in paths) + ": no sentences")
    return corpus


def _read_docbin(path: Path, vocab: Vocab) -> list[Doc]:
    try:
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(vocab))
    except Exception as exc:  # any decoding failure: a bad file
        raise CorpusError(f"{path}: not a spaCy DocBin file ({exc})") from exc
    for n, doc in enumerate(docs, 1):
        bad = sorted({e.label_ for e in doc.ents} - set(LABELS))
        if bad:
            raise CorpusError(f"{path}: document {n}: entity labels {bad} (allowed: {LABELS})")
    return docs


def _read_conll(path: Path, vocab: Vocab, corpus: Corpus) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    words: list[str] = []
    tags: list[str] = []
    for number, line in enumerate([*lines, ""], 1):
        if not line.strip():
            if words:
                corpus.docs.append(Doc(vocab, words=words, spaces=[True] * (len(words) - 1)
                                       + [False], ents=tags))
            words, tags = [], []
            continue
        word, tag = _parse_line(path, number, line, tags[-1] if tags else "O", corpus)
        if len(words) >= MAX_SENTENCE_TOKENS:
            raise CorpusError(f"{path}:{number}: sentence longer than {MAX_SENTENCE_TOKENS} "
                              "tokens (missing blank line between sentences?)")
        words.append(word)
        tags.append(tag)


def _parse_line(path: Path, number: int, line: str, previous: str,
                corpus: Corpus) -> tuple[str, str]:
    parts = line.rstrip("\r").split("\t")
    if len(parts) != 2 or not parts[0].strip() or " " in parts[0]:
        raise CorpusError(f"{path}:{number}: expected 'token<TAB>tag', got {line[:80]!r}")
    word, tag = parts[0], parts[1].strip()
    if not _TAG.match(tag):
        raise CorpusError(f"{path}:{number}: bad tag {tag[:40]!r} (expected O, B-X or I-X)")
    if tag == "O":
        return word, tag
    prefix, label = tag[0], _ALIASES.get(tag[2:].upper(), tag[2:].upper())
    if label not in LABELS:
        if prefix == "B":
            corpus.ignored[label] += 1
        return word, "O"
    if prefix == "I" and previous[2:] != label:
        raise CorpusError(f"{path}:{number}: {tag} does not follow B-{label} or I-{label}")
    return word, f"{prefix}-{label}"
