"""Records of the stock ledger: a movement, and a movement described for people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Movement:
    """One ledger row; ``qty`` is signed (an outflow is negative)."""

    ENTITY: ClassVar[str] = "movement"

    id: str
    caravan_id: str
    title_id: str
    kind: str
    qty: int
    visit_id: str | None
    recipient: str | None
    reason: str | None
    override: bool | None
    ref_id: str | None
    at: str


@dataclass(frozen=True)
class MovementLine:
    """A movement said for a confirmation or an undo message: names instead of ids, ``qty``
    unsigned, ``visit`` as "site date" (None when not at a visit)."""

    id: str
    kind: str
    kind_zh: str
    kind_en: str
    title_id: str
    title: str
    qty: int
    caravan_id: str
    caravan: str
    recipient: str | None
    visit_id: str | None
    visit: str | None
    at: str
    device_id: str | None


@dataclass(frozen=True)
class UndoPreview:
    """What undoing ``target`` would reverse: one line per movement (two for a transfer)."""

    target: str
    lines: tuple[MovementLine, ...]
    zh: str
    en: str
