"""Stage 4: tagging with composed spaCy pipelines (see issue 5).

Importing the package registers the spaCy components (``pipeline.nlp.registrations``).
"""

from __future__ import annotations

from pipeline.nlp import registrations  # noqa: F401  (registers the spaCy factories)
from pipeline.nlp.lemmas import query_lemmas
from pipeline.nlp.tagger import Tagger

__all__ = ["Tagger", "query_lemmas"]
