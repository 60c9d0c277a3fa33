"""The canonical JSON export: the same synced data gives the same bytes on every device.

Every synced record (tombstones included), grouped by entity, sorted by id, with stable field
names: ``id``, ``device_id``, ``deleted`` and the entity's fields from ``schema.ENTITIES``.
Nothing device-local (outbox, cursors, clocks, conflicts) is in it. Used by the laptop export
and by the hub's export, so "every laptop equals the server byte for byte" is checkable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .schema import ENTITIES, SCHEMA_VERSION

FORMAT = "caravan-field-log/canonical"


def canonical_record(entity: str, rid: str, device_id: str, deleted: bool, data: Mapping[str, Any]) -> dict[str, Any]:
    fields = ENTITIES[entity].fields
    return {"id": rid, "device_id": device_id, "deleted": bool(deleted), **{f: data.get(f) for f in fields}}


def canonical_json(records: Iterable[tuple[str, dict[str, Any]]]) -> bytes:
    """``records`` are (entity, canonical_record) pairs in any order."""
    grouped: dict[str, list[dict[str, Any]]] = {name: [] for name in sorted(ENTITIES)}
    for entity, rec in records:
        grouped[entity].append(rec)
    for recs in grouped.values():
        recs.sort(key=lambda r: r["id"])
    doc = {"format": FORMAT, "schema": SCHEMA_VERSION, "entities": grouped}
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
