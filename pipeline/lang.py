"""Stage 3: language of the document and of each paragraph.

langdetect is seeded (deterministic) and restricted to the configured languages: its candidates
outside them are ignored, and the source's configured language is the fallback. A paragraph too
short to judge takes the document's language.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from langdetect import DetectorFactory, detect_langs
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException
from langdetect.language import Language

from pipeline.document import Document
from pipeline.settings import DEFAULT_LANGUAGES

log = logging.getLogger(__name__)

DetectorFactory.seed = 0
MAX_CHARS = 5000  # enough to decide; bounds the work on long pages
MIN_PARAGRAPH_CHARS = 40  # shorter paragraphs inherit the document's language
MIN_PROB = 0.5


@lru_cache(maxsize=8)
def _factory(allowed: tuple[str, ...]) -> DetectorFactory | None:
    """A detector factory that knows only the allowed languages' profiles (about 4x faster than
    all 55, and the same answers among them); None when fewer than two profiles exist."""
    profiles = [Path(PROFILES_DIRECTORY) / lang for lang in sorted(set(allowed))]
    texts = [p.read_text(encoding="utf-8") for p in profiles if p.is_file()]
    if len(texts) < 2:
        return None
    factory = DetectorFactory()
    factory.seed = 0
    factory.load_json_profile(texts)
    return factory


def _candidates(text: str, allowed: tuple[str, ...]) -> list[Language]:
    factory = _factory(allowed)
    if factory is None:
        return list(detect_langs(text))
    detector = factory.create()
    detector.append(text)
    return list(detector.get_probabilities())


def detect_language(
    text: str, allowed: tuple[str, ...] = DEFAULT_LANGUAGES, hint: str | None = None
) -> str | None:
    """The most probable allowed language of ``text``, else ``hint``."""
    if not text.strip():
        return hint
    try:
        candidates = _candidates(text[:MAX_CHARS], tuple(allowed))
    except LangDetectException:
        return hint
    for cand in candidates:
        if cand.lang in allowed and cand.prob >= MIN_PROB:
            return str(cand.lang)
    for cand in candidates:
        if cand.lang in allowed:
            return str(cand.lang)
    return hint


def paragraph_languages(text: str, doc_lang: str | None, allowed: tuple[str, ...]) -> list[str]:
    """One language per paragraph (paragraphs are separated by a blank line)."""
    out: list[str] = []
    for para in text.split("\n\n"):
        if len(para.strip()) < MIN_PARAGRAPH_CHARS:
            out.append(doc_lang or "")
            continue
        out.append(detect_language(para, allowed, doc_lang) or "")
    return out


class LanguageStage:
    def __init__(self, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> None:
        self.languages = tuple(languages)

    def __call__(self, doc: Document, hint: str | None = None) -> Document:
        allowed_hint = hint if hint in self.languages else None
        doc.lang = detect_language(f"{doc.title or ''}\n{doc.text}", self.languages, allowed_hint)
        doc.paragraph_langs = paragraph_languages(doc.text, doc.lang, self.languages)
        return doc
