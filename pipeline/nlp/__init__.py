"""Stage 4: tagging with composed spaCy pipelines (first version; see issue 5)."""

from __future__ import annotations

from pipeline.nlp.tagger import Tagger, query_lemmas

__all__ = ["Tagger", "query_lemmas"]
