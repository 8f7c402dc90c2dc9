"""Document processing stages: decode, extract, detect language, tag, link members.

This package is plain stages over :class:`pipeline.document.Document`. It imports neither the
crawler nor the index, so crawled pages, local files and reprocessing run the same code.
"""

from pipeline.document import Document, Entity, RawPage
from pipeline.registry import Member, Registry

__all__ = ["Document", "Entity", "Member", "RawPage", "Registry"]
