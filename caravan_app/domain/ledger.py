"""Stock ledger math. Stock on hand is a sum of signed movements; nothing is stored as a balance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import StockWarning, ValidationError
from .rules import count
from .vocab import MovementKind

# Sign of each kind's quantity. ADJUST and UNDO carry their own sign.
_SIGN = {
    MovementKind.LOAD: 1,
    MovementKind.RETURN: 1,  # handed-out copies given back to the van
    MovementKind.UNLOAD: -1,  # taken off the van at the depot
    MovementKind.DISTRIBUTE: -1,
    MovementKind.TRANSFER_OUT: -1,
    MovementKind.TRANSFER_IN: 1,
}


def signed_qty(kind: str, qty: int) -> int:
    """The ledger delta for a movement the user describes by a positive quantity.

    ``adjust`` and ``undo`` take a signed quantity as given (a correction either way).
    """
    if kind in (MovementKind.ADJUST, MovementKind.UNDO):
        n = count("quantity", qty, allow_negative=True, allow_zero=False)
        return n
    n = count("quantity", qty, allow_zero=False)
    return _SIGN[MovementKind(kind)] * n


@dataclass(frozen=True)
class Move:
    title_id: str
    kind: str
    qty: int  # signed


def balances(moves: Iterable[Move]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for m in moves:
        out[m.title_id] += m.qty
    return dict(out)


def check_outflow(title_name: str, on_hand: int, delta: int, override: bool) -> None:
    """Refuse an outflow that takes stock below zero unless the user confirmed an override."""
    if delta < 0 and on_hand + delta < 0 and not override:
        raise StockWarning(title_name, on_hand, -delta)


@dataclass(frozen=True)
class CloseLine:
    title_id: str
    expected: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.expected


def day_close_lines(expected: Mapping[str, int], counted: Mapping[str, object]) -> list[CloseLine]:
    """Counted stock per title against the ledger. Every title with stock or a count appears."""
    lines = []
    for title_id in sorted(set(expected) | set(counted)):
        raw = counted.get(title_id)
        if raw is None:
            raise ValidationError("counted", "每种图书都需要清点数量", "every title needs a counted quantity")
        lines.append(CloseLine(title_id, expected.get(title_id, 0), count("counted", raw)))
    return lines
