"""Per-field merge of edited records: the higher (HLC, device id) wins, the loser is reported.

Used the same way by the laptop and the hub, so both reach the same state whatever order
changes arrive in (the merge is commutative, associative and idempotent per field).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Clock = tuple[str, str]  # (hlc, device_id)


@dataclass(frozen=True)
class Lost:
    field: str
    kept: Any
    lost: Any
    lost_clock: Clock


def merge_fields(
    values: dict[str, Any],
    clocks: dict[str, Clock],
    incoming: dict[str, Any],
    incoming_clocks: dict[str, Clock],
) -> tuple[dict[str, Any], dict[str, Clock], list[Lost]]:
    """Merge ``incoming`` into ``values``. Returns new values, new clocks, and the losers
    whose value differed from the winner (kept for review)."""
    out_v = dict(values)
    out_c = dict(clocks)
    lost: list[Lost] = []
    for field, new in incoming.items():
        nclock = tuple(incoming_clocks[field])
        cur_clock = out_c.get(field)
        if cur_clock is None or nclock > tuple(cur_clock):
            if cur_clock is not None and out_v.get(field) != new:
                lost.append(Lost(field, new, out_v.get(field), (cur_clock[0], cur_clock[1])))
            out_v[field] = new
            out_c[field] = (nclock[0], nclock[1])
        elif nclock < tuple(cur_clock) and out_v.get(field) != new:
            lost.append(Lost(field, out_v.get(field), new, (nclock[0], nclock[1])))
    return out_v, out_c, lost
