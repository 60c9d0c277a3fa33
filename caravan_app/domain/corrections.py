"""Derived facts: corrections whose id is derived from what they correct (DESIGN.md §3,
docs/sync.md "Derived facts"). ONE rule table for every such entity, one apply path on the hub
(server/apply.py ``keep_one_correction``) and one on the laptop (storage/records.py
``keep_one_correction``).

A derived fact (an undo of a stock movement, a sign-in void or "not a duplicate", a tally
take-back, a catalogue merge or its undo) names its target, and its id is computed from the
target (``derive``), not fresh. The same correction made on two laptops before they sync
therefore has ONE id, and every store applies this rule to a second arrival of that id:

* same fact (same id, truly derived, equal *semantic* fields) → kept once, never a rejection and
  never a double; of the copies, one with a recorded confirmation (a ``prefer`` field, e.g. a
  stock ``override``) wins, else the one with the lower ``(hlc, device_id)``. The hub applies
  the rule and sends the kept copy to every laptop that wrote another one; a laptop applies the
  same rule to what it pulls, so every store ends with the same bytes (device, hlc and all
  fields) whatever the order of arrival, and no recorded override is lost;
* different semantic fields under the same id → not the same fact (an id clash, as before).

Fields like ``at``, ``reason``, ``by``, ``override`` record *how* a laptop made the correction and
may differ between the copies; they are not part of what the correction *is*.

To register another derived-fact entity, add a ``CorrectionRule`` to ``RULES`` (``derive``
returns the id the record must have, or None if the record is not a derived fact). On the
laptop the entity's append-only ``<table>_no_update`` trigger must let an UPDATE through while
meta ``adopt_hub_fact`` is '1' (db/versions/0011_one_derived_fact_rule.py), the only way
``storage.records.keep_one_correction`` replaces a copy.
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


def _signin_correction(data: Mapping[str, Any]) -> str | None:
    from .ids import derived_id as ids_derived

    purpose = {"void": "signin-void", "distinct": "signin-distinct"}.get(str(data.get("kind")))
    sid = data.get("signin_id")
    return ids_derived(purpose, str(sid)) if purpose and sid else None


def _tally_takeback(data: Mapping[str, Any]) -> str | None:
    from .ids import derived_id as ids_derived

    if not data.get("tally_id") or data.get("qty") is None or data.get("seen") is None:
        return None
    return ids_derived("tally-takeback", str(data["tally_id"]), str(data["seen"]), str(data["qty"]))


def _merge(data: Mapping[str, Any]) -> str | None:
    from .catalogue import merge_id, unmerge_id

    if data.get("undoes"):
        return unmerge_id(str(data["undoes"]))
    if data.get("entity") and data.get("from_id") and data.get("into_id"):
        return merge_id(str(data["entity"]), str(data["from_id"]), str(data["into_id"]))
    return None


def _privacy_purge(data: Mapping[str, Any]) -> str | None:
    """The retention purge of one visit's participants (made by every laptop that runs it)."""
    from .ids import derived_id as ids_derived

    if data.get("kind") == "purge" and data.get("visit_id"):
        return ids_derived("privacy-purge", str(data["visit_id"]))
    return None


RULES: dict[str, CorrectionRule] = {
    r.entity: r
    for r in (
        # an undo of a stock movement (a transfer's two halves are two undos).
        CorrectionRule(
            "movement",
            ("caravan_id", "title_id", "kind", "qty", "visit_id", "recipient", "ref_id"),
            _movement_undo,
            prefer=("override",),
        ),
        # a sign-in void / "another person" confirmation, and a tally take-back naming its entry.
        CorrectionRule("signin_correction", ("signin_id", "visit_id", "kind"), _signin_correction),
        CorrectionRule("tally_takeback", ("tally_id", "visit_id", "group", "qty", "seen"), _tally_takeback),
        # a catalogue merge (or its undo); an automatic and a manual merge of the same pair
        # are the same fact (``reason`` is how it was made).
        CorrectionRule("merge", ("entity", "from_id", "into_id", "undoes"), _merge),
        # a visit's retention purge, run by each laptop on its own after N days.
        CorrectionRule("privacy_action", ("kind", "visit_id"), _privacy_purge),
    )
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
