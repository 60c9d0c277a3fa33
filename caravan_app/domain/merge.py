"""Per-field merge of edited records: the higher (HLC, device id) wins; a value lost to a
*concurrent* edit is reported for review.

Used the same way by the laptop and the hub, so both reach the same state whatever order
changes arrive in (the merge is commutative, associative and idempotent per field).

Which value wins never depends on causality, only on the clocks. Whether a loss is a conflict
does: an edit made after seeing the value it replaces is simply newer. The caller says which
overwrites were concurrent with ``concurrent(field, current_clock, incoming_clock)``; without
it every overwrite of a different value is reported (the behaviour for clients that send no
causal mark).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Clock = tuple[str, str]  # (hlc, device_id)

# Fields that move by lifecycle commands only (plan, start, complete, cancel, reopen): a value
# of theirs that lost a merge is shown for information, never "put back" by a review action.
LIFECYCLE_FIELDS: dict[str, frozenset[str]] = {
    "visit": frozenset({"status", "signin_token", "arrived_at", "left_at"}),
}


def is_lifecycle_field(entity: str, field: str) -> bool:
    return field in LIFECYCLE_FIELDS.get(entity, frozenset())


@dataclass(frozen=True)
class Lost:
    field: str
    kept: Any
    lost: Any
    lost_clock: Clock


Concurrent = Callable[[str, Clock, Clock], bool]


def _always(_f: str, _cur: Clock, _inc: Clock) -> bool:
    return True


def seen_base(base: dict[str, Any] | None, writer: str) -> Concurrent:
    """The hub's rule for a pushed edit that names, per field, the clock of the value it
    replaced (``base``): it is concurrent with the current value only if that clock differs
    (and the current value is not the writer's own earlier one). No ``base``: always."""
    if base is None:
        return _always

    def concurrent(field: str, cur: Clock, inc: Clock) -> bool:
        b = base.get(field)
        if b is not None and (b[0], b[1]) == (cur[0], cur[1]):
            return False
        if inc > cur and cur[1] == writer:
            return False  # a device's own edits are ordered: it had seen its own earlier value
        return True

    return concurrent


def merge_fields(
    values: dict[str, Any],
    clocks: dict[str, Clock],
    incoming: dict[str, Any],
    incoming_clocks: dict[str, Clock],
    concurrent: Concurrent | None = None,
) -> tuple[dict[str, Any], dict[str, Clock], list[Lost]]:
    """Merge ``incoming`` into ``values``. Returns new values, new clocks, and the losers
    whose value differed from the winner and were overwritten concurrently (kept for review)."""
    conc = concurrent or _always
    out_v = dict(values)
    out_c = dict(clocks)
    lost: list[Lost] = []
    for field, new in incoming.items():
        nclock = (incoming_clocks[field][0], incoming_clocks[field][1])
        cur = out_c.get(field)
        cur_clock = None if cur is None else (cur[0], cur[1])
        if cur_clock is None or nclock > cur_clock:
            if cur_clock is not None and out_v.get(field) != new and conc(field, cur_clock, nclock):
                lost.append(Lost(field, new, out_v.get(field), cur_clock))
            out_v[field] = new
            out_c[field] = nclock
        elif nclock < cur_clock and out_v.get(field) != new and conc(field, cur_clock, nclock):
            lost.append(Lost(field, out_v.get(field), new, nclock))
    return out_v, out_c, lost
