"""The member registry as the pipeline sees it (loaded and validated by pipeline.settings)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    kind: str = ""
    clusters: tuple[str, ...] = ()
    note: str = ""
    # what the member is NOT: look-alike names that must never link to it
    not_names: tuple[str, ...] = ()
    # aliases that count only when the full name (or another unambiguous alias) is in the document
    ambiguous: tuple[str, ...] = ()
    # names that also denote a territory (region, borough): linked only in the authority sense
    territory: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Registry:
    members: list[Member] = field(default_factory=list)

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)

    def get(self, member_id: str) -> Member | None:
        for m in self.members:
            if m.id == member_id:
                return m
        return None

    def ids(self) -> list[str]:
        return [m.id for m in self.members]


def registry_to_json(registry: Registry) -> list[dict[str, object]]:
    """Plain JSON data of the members (for a saved pipeline)."""
    return [asdict(m) for m in registry]


def registry_from_json(data: list[dict[str, object]]) -> Registry:
    """The registry written by ``registry_to_json`` (lists back to tuples)."""
    fields = {f.name for f in dataclass_fields(Member)}
    members = []
    for item in data:
        kw = {k: tuple(v) if isinstance(v, list) else v for k, v in item.items() if k in fields}
        members.append(Member(**kw))  # type: ignore[arg-type]
    return Registry(members)
