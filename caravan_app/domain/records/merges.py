"""Records of catalogue merges: the synced ``merge`` fact and a title, school or van as the
merge rules see it (its natural key's parts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Merge:
    """A merge of two catalogue records, or (``undoes`` set) the undoing of one."""

    ENTITY: ClassVar[str] = "merge"

    id: str
    entity: str
    from_id: str
    into_id: str
    reason: str
    undoes: str | None


@dataclass(frozen=True)
class CatalogueEntry:
    """A title, site or van with the fields its natural key and its label are made of."""

    id: str
    entity: str
    name: str | None
    county: str | None = None  # sites
    plate: str | None = None  # vans

    @property
    def label(self) -> str:
        """How a person tells it apart: a school with its county, a van with its plate."""
        name = self.name or ""
        if self.entity == "site":
            return f"{name}（{self.county}）"
        if self.entity == "caravan" and self.plate:
            return f"{name}（{self.plate}）"
        return name
