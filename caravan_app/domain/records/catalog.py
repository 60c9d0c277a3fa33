"""The catalogue's records: vans, people, titles (books and materials) and laptops.

Fields are in the schema's order after ``id``, so ``to_dict`` gives the keys the command line's
``--json`` always printed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar


class _Record:
    """What the catalogue's records share: JSON for the faces, and the one "in use" rule."""

    active: bool | None

    def to_dict(self) -> dict[str, Any]:
        """The record as the command line prints it (``--json``)."""
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    @property
    def in_use(self) -> bool:
        """Offered for new work: only ``active = False`` deactivates (None is an old record, in use)."""
        return self.active is not False


@dataclass(frozen=True)
class Caravan(_Record):
    """A science caravan (a van and its crew's base)."""

    ENTITY: ClassVar[str] = "caravan"
    id: str
    name: str
    plate: str | None = None
    home_county: str | None = None
    notes: str | None = None
    active: bool | None = None


@dataclass(frozen=True)
class Person(_Record):
    """Crew, a volunteer or a participant; ``badge_code`` is what their badge's QR code carries."""

    ENTITY: ClassVar[str] = "person"
    id: str
    name: str
    role: str
    volunteer_no: str | None = None
    team: str | None = None
    phone: str | None = None
    organisation: str | None = None
    caravan_id: str | None = None
    badge_code: str | None = None
    active: bool | None = None


@dataclass(frozen=True)
class Title(_Record):
    """A book or material the vans hand out and keep stock of."""

    ENTITY: ClassVar[str] = "title"
    id: str
    name: str
    kind: str | None = None
    unit: str | None = None
    publisher: str | None = None
    active: bool | None = None


@dataclass(frozen=True)
class Device:
    """A laptop: its name and its van. ``name`` is None for this laptop before the first run."""

    ENTITY: ClassVar[str] = "device"
    id: str
    name: str | None = None
    caravan_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record as the command line prints it (``--json``)."""
        return dataclasses.asdict(self)


CatalogRecord = Caravan | Person | Title
R = TypeVar("R", Caravan, Person, Title)


@dataclass(frozen=True)
class Edit(Generic[R]):
    """What an edit wrote: the fields whose value changed (empty: nothing did) and the record after it."""

    record: R
    changed: Mapping[str, object]

    @property
    def nothing_changed(self) -> bool:
        return not self.changed
