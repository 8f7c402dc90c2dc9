"""Stage 3: language detection (langdetect, seeded so results are deterministic)."""

from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.document import Document

DetectorFactory.seed = 0


def detect_language(text: str, allowed: tuple[str, ...] = ("pl", "cs", "de", "en"),
                    hint: str | None = None) -> str | None:
    if not text.strip():
        return hint
    try:
        for cand in detect_langs(text[:5000]):
            if cand.lang in allowed:
                return str(cand.lang)
    except LangDetectException:
        return hint
    return hint


class LanguageStage:
    def __init__(self, languages: tuple[str, ...] = ("pl", "cs", "de", "en")) -> None:
        self.languages = languages

    def __call__(self, doc: Document, hint: str | None = None) -> Document:
        doc.lang = detect_language(f"{doc.title or ''}\n{doc.text}", self.languages, hint)
        return doc
