"""The texts of texts.yaml, and the reference a document made from one is scored against."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

TEXTS = Path(__file__).parent / "texts.yaml"


@dataclass(frozen=True)
class Text:
    id: str
    lang: str
    split: str
    title: str
    date: str
    date_line: str
    author: str
    members: tuple[str, ...]
    paragraphs: tuple[str, ...]
    footnote: str | None = None
    table: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    def reference(self) -> str:
        """Every word a reader sees in the body (title, running heads, page numbers apart)."""
        parts = [self.date_line, *self.paragraphs]
        parts += [" ".join(row) for row in self.table]
        if self.footnote:
            parts.append(self.footnote)
        return "\n\n".join(parts)


def load_texts(path: Path = TEXTS) -> list[Text]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[Text] = []
    for t in data["texts"]:
        out.append(Text(id=t["id"], lang=t["lang"], split=t["split"], title=t["title"],
                        date=str(t["date"]), date_line=t["date_line"], author=t["author"],
                        members=tuple(t["members"]), paragraphs=tuple(t["paragraphs"]),
                        footnote=t.get("footnote"),
                        table=tuple(tuple(str(c) for c in row) for row in t.get("table") or [])))
    return out
