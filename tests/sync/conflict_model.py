"""The expected outcome of concurrent edits of one field, for the sync property tests.

The model follows DESIGN.md §3: the higher (HLC, device) wins; a value is listed as lost only
when its writer had not seen the value it replaced (its ``base`` clock), i.e. only concurrent
edits are conflicts. It tracks the hub's value and what the hub lists, and per laptop its own
value, its unpushed edits and the values of its own that the hub named as lost.
"""

from __future__ import annotations

Clock = tuple[str, str]  # (hlc, device id)


class ConflictModel:
    def __init__(self, laptops: int, value: str, clock: Clock) -> None:
        self.hub: tuple[str, Clock] = (value, clock)
        self.hub_lost: set[tuple[str, Clock]] = set()
        self.local: dict[int, tuple[str, Clock]] = {i: (value, clock) for i in range(laptops)}
        self.pending: dict[int, list[tuple[str, Clock, Clock]]] = {i: [] for i in range(laptops)}
        self.lap_lost: dict[int, set[str]] = {i: set() for i in range(laptops)}

    def edit(self, i: int, value: str, clock: Clock) -> None:
        """Laptop ``i`` wrote ``value`` at ``clock`` having seen its current value."""
        self.pending[i].append((value, clock, self.local[i][1]))
        self.local[i] = (value, clock)

    def synced(self, i: int, device_id: str) -> None:
        """Laptop ``i`` (device ``device_id``) pushed its edits and pulled the hub's value."""
        for value, clock, base in self.pending[i]:
            cur_v, cur_c = self.hub
            concurrent = not (base == cur_c or (clock > cur_c and cur_c[1] == device_id))
            if clock > cur_c:
                if concurrent and cur_v != value:
                    self.hub_lost.add((cur_v, cur_c))
                self.hub = (value, clock)
            elif clock < cur_c and concurrent and cur_v != value:
                self.hub_lost.add((value, clock))
        self.pending[i] = []
        lv, lc = self.local[i]
        if self.hub[1] > lc:
            if lc[1] == device_id and (lv, lc) in self.hub_lost:
                self.lap_lost[i].add(lv)
            self.local[i] = self.hub

    def hub_lost_values(self) -> list[str]:
        return sorted(v for v, _c in self.hub_lost)
