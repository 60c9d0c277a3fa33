"""Corrections whose id is derived from what they correct (DESIGN.md §3, docs/sync.md).

A correction (an undo of a stock movement; later a sign-in void, a tally take-back) names its
target, and its id is ``derived_id(purpose, target_id)``: a UUID computed from the target, not a
fresh one. The same correction made on two laptops before they sync therefore has ONE id, and
every store (laptop and hub) applies this rule to a second arrival of that id:

* same fact (same id, truly derived, equal *semantic* fields) → kept once, never a rejection and
  never a double; of the two copies a copy carrying a recorded confirmation (a ``prefer`` field,
  e.g. ``override``) wins, else the one with the lower ``(hlc, device_id)``, so every store ends
  with the same bytes whatever the order of arrival, and no recorded override is lost;
* different semantic fields under the same id → not the same fact (an id clash, as before).

Fields like ``at``, ``reason``, ``override`` record *how* a laptop made the correction and may
differ between the copies; they are not part of what the correction *is*.

To register another correction entity, add a ``CorrectionRule`` to ``RULES`` (one per entity;
``derive`` returns the id the record must have, or None if the record is not a derived correction).
On the laptop the entity's append-only ``<table>_no_update`` trigger must then allow an UPDATE
that keeps the id and every semantic field (see db/versions/0003_stock_corrections.py), since the
losing copy's provenance fields are replaced by the kept one's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# Fixed namespace of Caravan Field Log corrections (never change: ids already synced depend on it).
NAMESPACE = uuid.UUID("6f1c3a52-9d0e-4b7a-8c55-2f0d8e6b1a10")


def derived_id(purpose: str, target_id: str) -> str:
    """The id of the correction ``purpose`` (e.g. "movement.undo") of record ``target_id``."""
    return str(uuid.uuid5(NAMESPACE, f"{purpose}:{target_id}"))


@dataclass(frozen=True)
class CorrectionRule:
    entity: str
    # Fields that make the fact; two copies with equal values here are the same correction.
    semantic: tuple[str, ...]
    # The id a record of this entity must have to be a derived correction (None: it is not one).
    derive: Callable[[Mapping[str, Any]], str | None]
    # Fields whose truthy value makes a copy win over one without it (a recorded confirmation).
    prefer: tuple[str, ...] = ()


def _movement_undo(data: Mapping[str, Any]) -> str | None:
    if data.get("kind") == "undo" and data.get("ref_id"):
        return derived_id("movement.undo", str(data["ref_id"]))
    return None


RULES: dict[str, CorrectionRule] = {
    "movement": CorrectionRule(
        "movement",
        ("caravan_id", "title_id", "kind", "qty", "visit_id", "recipient", "ref_id"),
        _movement_undo,
        prefer=("override",),
    ),
}


def is_derived(entity: str, record_id: str, data: Mapping[str, Any]) -> bool:
    rule = RULES.get(entity)
    return rule is not None and rule.derive(data) == record_id


def same_fact(entity: str, record_id: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Are ``a`` and ``b`` (two arrivals of ``record_id``) the same derived correction?"""
    rule = RULES.get(entity)
    if rule is None or not is_derived(entity, record_id, a) or not is_derived(entity, record_id, b):
        return False
    return all(a.get(f) == b.get(f) for f in rule.semantic)


def _rank(entity: str, data: Mapping[str, Any], clock: tuple[str, str]) -> tuple[Any, ...]:
    rule = RULES.get(entity)
    prefer = tuple(0 if data.get(f) else 1 for f in (rule.prefer if rule else ()))
    return (*prefer, *clock)


def incoming_wins(
    entity: str,
    stored: Mapping[str, Any],
    stored_clock: tuple[str, str],
    incoming: Mapping[str, Any],
    incoming_clock: tuple[str, str],
) -> bool:
    """Of two copies of the same fact, which one every store keeps: a copy with a ``prefer``
    field set (a recorded override) first, then the lower ``(hlc, device_id)``."""
    return _rank(entity, incoming, tuple(incoming_clock)) < _rank(entity, stored, tuple(stored_clock))  # type: ignore[arg-type]
