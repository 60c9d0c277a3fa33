"""What a person's request (find, export) shows of their sign-ins (docs/privacy.md)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonalSignin:
    """One sign-in of the person asked about, with its visit's date; ``to_json`` keeps the keys
    (and order) the CLI's ``privacy find --json`` and ``privacy export`` have always written."""

    id: str
    visit_id: str
    date: str | None
    name: str
    group: str
    organisation: str | None
    phone: str | None
    method: str
    person_id: str | None
    at: str

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
