"""Pulled records this laptop cannot apply are quarantined, not fatal (issue #13).

``screen`` sorts one pulled page into records to apply, records to quarantine (with the
reason) and retractions (the hub's operator withdrew a bad record: its quarantine entry goes).
The pull cursor still advances past quarantined records, so one bad record on the hub never
stops a laptop's sync; ``caravan sync status`` and the 同步 page list them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain.schema import ENTITIES, text_ok, value_problem
from . import models as m

if TYPE_CHECKING:
    from .database import Database

_HLC = re.compile(r"^\d{13}\.\d{5}$")


def _ident_ok(v: object) -> bool:
    return isinstance(v, str) and 0 < len(v) <= 64 and text_ok(v)


def problem(r: dict[str, Any]) -> str | None:
    """Why a pulled record cannot be applied here (None if it can)."""
    entity = r.get("entity")
    spec = ENTITIES.get(entity)  # type: ignore[arg-type]
    if spec is None:
        return None  # a newer entity: skipped, as before
    if not _ident_ok(r.get("id")) or not _ident_ok(r.get("device_id")):
        return "编号无效 / bad id or device id"
    if not isinstance(r.get("hlc"), str) or not _HLC.match(r["hlc"]):
        return "时间戳无效 / bad timestamp"
    data = r.get("data")
    if not isinstance(data, dict):
        return "数据格式错误 / data is not an object"
    for k, v in data.items():
        if k == "deleted":
            if not isinstance(v, bool):
                return "删除标记无效 / deleted must be true or false"
            continue
        p = value_problem(entity, k, v)  # type: ignore[arg-type]
        if p is not None:
            return f"{p[1]} / {p[2]}"
    for f in spec.required:
        if data.get(f) is None:
            return f"缺少必填字段 {f} / required field {f} is missing"
    clocks = r.get("clocks")
    if clocks is not None and not (
        isinstance(clocks, dict)
        and all(
            isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) and text_ok(x) for x in c)
            for c in clocks.values()
        )
    ):
        return "字段时钟无效 / bad field clocks"
    return None


def is_retraction(r: dict[str, Any]) -> bool:
    data = r.get("data")
    return isinstance(data, dict) and data.get("retracted") is True


def screen(
    records: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]], list[dict[str, Any]]]:
    good: list[dict[str, Any]] = []
    bad: list[tuple[dict[str, Any], str]] = []
    retracted: list[dict[str, Any]] = []
    for r in records:
        if not isinstance(r, dict):
            continue
        if is_retraction(r):
            retracted.append(r)
            continue
        why = problem(r)
        if why is None:
            good.append(r)
        else:
            bad.append((r, why))
    return good, bad, retracted


def _safe(v: object, n: int = 64) -> str:
    s = v if isinstance(v, str) else json.dumps(v, default=str)
    return s.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")[:n]


def store(s: Session, bad: list[tuple[dict[str, Any], str]], retracted: list[dict[str, Any]]) -> None:
    """In the page's transaction: keep the bad ones, drop what the hub retracted."""
    at = dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    for r, why in bad:
        data = json.dumps(r.get("data"), ensure_ascii=True, default=str)[:20_000]
        s.merge(
            m.SyncQuarantine(
                entity=_safe(r.get("entity"), 40),
                record_id=_safe(r.get("id")),
                device_id=_safe(r.get("device_id")),
                data=data,
                reason=why,
                at=at,
            )
        )
    for r in retracted:
        s.execute(
            delete(m.SyncQuarantine).where(
                m.SyncQuarantine.entity == _safe(r.get("entity"), 40), m.SyncQuarantine.record_id == _safe(r.get("id"))
            )
        )


def quarantined(db: Database) -> list[dict[str, Any]]:
    with db.read() as s:
        return [
            {
                "entity": q.entity,
                "record_id": q.record_id,
                "device_id": q.device_id,
                "reason": q.reason,
                "data": q.data[:200],
                "at": q.at,
            }
            for q in s.scalars(select(m.SyncQuarantine).order_by(m.SyncQuarantine.at.desc()).limit(500))
        ]
