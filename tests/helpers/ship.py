"""One laptop's record carried to another as a hub pull brings it (``apply_remote`` on the
receiving database), for tests of what two laptops' edits of one record become."""

from __future__ import annotations

import json

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.storage.records import apply_remote, record_fields


def ship(src: App, dst: App, entity: str, rid: str) -> None:
    """The edited record ``rid`` of ``entity`` from ``src`` into ``dst``: its fields, deleted
    flag and per-field clocks, as the hub would hand them on."""
    with src.db.read() as s:
        row = s.get(m.MODELS[entity], rid)
        rec = {
            "id": row.id,
            "device_id": row.device_id,
            "hlc": row.hlc,
            "data": {**record_fields(entity, row), "deleted": row.deleted},
            "clocks": json.loads(row.clocks),
        }
    with dst.db.write() as s:
        apply_remote(s, dst.db, entity, rec)
