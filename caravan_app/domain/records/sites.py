"""Records of the site aggregate: a school, village or science hall, and its registry figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Site:
    """A live site as people see it (``id`` plus its schema fields)."""

    ENTITY: ClassVar[str] = "site"

    id: str
    name: str
    kind: str | None
    county: str
    town: str | None = None
    address: str | None = None
    contact: str | None = None
    phone: str | None = None
    students: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class SiteChanges:
    """What one edit changed: only the fields whose value moved (empty: nothing changed)."""

    id: str
    changed: Mapping[str, object] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changed)


@dataclass(frozen=True)
class RegistryEntry:
    """One site of the registry: where it is, its last completed visit (ISO date or None) and
    this year's completed visits, attendees and copies handed out (``books_year`` counts 册
    only; ``handed_out_year`` keeps every unit apart, since units never add up)."""

    id: str
    name: str
    kind: str | None
    county: str
    town: str | None
    students: int | None
    last_visit: str | None
    visits_total: int
    visits_year: int
    attendees_year: int
    books_year: int
    handed_out_year: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TownCoverage:
    """Per county and town (乡镇): its sites, how many had a visit this year, the others' names."""

    county: str
    town: str
    sites: int
    visited: int
    not_visited: tuple[str, ...]
    coverage: float  # visited / sites, to three places
