"""The van's stock ledger: load, distribute, return, adjust, transfer, undo; day close (日结).

Every change is an append-only movement; stock on hand is their sum. An outflow that would
take stock below zero raises ``StockWarning`` unless the caller passes ``override=True``
after the user confirmed; the override is recorded on the movement.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..domain import ledger, rules
from ..domain.errors import RuleError
from ..domain.vocab import MovementKind
from ..storage import models as m
from ..storage import queries as q
from ..storage.records import UnitOfWork, dumps
from .base import Service, as_dict


@dataclass(frozen=True)
class CloseReport:
    id: str
    caravan_id: str
    date: str
    lines: list[dict[str, Any]]

    @property
    def differences(self) -> list[dict[str, Any]]:
        return [ln for ln in self.lines if ln["difference"]]


class StockService(Service):
    def _move(
        self,
        u: UnitOfWork,
        caravan_id: str,
        title_id: str,
        kind: str,
        qty: int,
        *,
        visit_id: str | None = None,
        recipient: str | None = None,
        reason: str | None = None,
        override: bool = False,
        ref_id: str | None = None,
        at: dt.datetime | None = None,
    ) -> str:
        u.get("caravan", caravan_id, field="caravan_id")
        title = u.get("title", title_id, field="title_id")
        delta = ledger.signed_qty(kind, qty)
        on_hand = q.stock_balance(u.conn, caravan_id, title_id)
        ledger.check_outflow(title.name, on_hand, delta, override)
        overridden = delta < 0 and on_hand + delta < 0
        return u.insert(
            "movement",
            {
                "caravan_id": caravan_id,
                "title_id": title_id,
                "kind": kind,
                "qty": delta,
                "visit_id": visit_id,
                "recipient": recipient,
                "reason": reason,
                "override": True if overridden else None,
                "ref_id": ref_id,
                "at": self.clock.timestamp(at),
            },
        )

    def load(
        self, caravan_id: str, title_id: str, qty: object, reason: str | None = None, at: dt.datetime | None = None
    ) -> str:
        """装车: books loaded onto the van at the depot."""
        n = rules.count("quantity", qty, allow_zero=False)
        with self.unit() as u:
            return self._move(u, caravan_id, title_id, MovementKind.LOAD, n, reason=rules.text("reason", reason), at=at)

    def distribute(
        self,
        caravan_id: str,
        title_id: str,
        qty: object,
        visit_id: str | None,
        recipient: object = None,
        override: bool = False,
        at: dt.datetime | None = None,
    ) -> str:
        """发放: books handed out at a visit to a recipient (the school, a class, a teacher)."""
        n = rules.count("quantity", qty, allow_zero=False)
        rec = rules.text("recipient", recipient)
        with self.unit() as u:
            if visit_id:
                v = u.get("visit", visit_id, field="visit_id")
                rules.visit_is_open(v.status)
            return self._move(
                u,
                caravan_id,
                title_id,
                MovementKind.DISTRIBUTE,
                n,
                visit_id=visit_id,
                recipient=rec,
                override=override,
                at=at,
            )

    def return_(
        self, caravan_id: str, title_id: str, qty: object, reason: str | None = None, visit_id: str | None = None
    ) -> str:
        """退回: copies given back to the van (unused by a school, a recipient who had two)."""
        n = rules.count("quantity", qty, allow_zero=False)
        with self.unit() as u:
            return self._move(
                u, caravan_id, title_id, MovementKind.RETURN, n, reason=rules.text("reason", reason), visit_id=visit_id
            )

    def unload(
        self, caravan_id: str, title_id: str, qty: object, reason: str | None = None, override: bool = False
    ) -> str:
        """卸车: books taken off the van back to the depot."""
        n = rules.count("quantity", qty, allow_zero=False)
        with self.unit() as u:
            return self._move(
                u, caravan_id, title_id, MovementKind.UNLOAD, n, reason=rules.text("reason", reason), override=override
            )

    def adjust(self, caravan_id: str, title_id: str, delta: object, reason: object, override: bool = False) -> str:
        """调整: a correction either way; a reason is required."""
        n = rules.count("quantity", delta, allow_negative=True, allow_zero=False)
        why = rules.text("reason", reason, required=True)
        with self.unit() as u:
            return self._move(u, caravan_id, title_id, MovementKind.ADJUST, n, reason=why, override=override)

    def transfer(
        self, from_caravan: str, to_caravan: str, title_id: str, qty: object, override: bool = False
    ) -> tuple[str, str]:
        """调拨: books moved from one van to another, as a linked pair of movements."""
        if from_caravan == to_caravan:
            raise RuleError("caravan_id", "调入和调出不能是同一辆车", "transfer needs two different caravans")
        n = rules.count("quantity", qty, allow_zero=False)
        with self.unit() as u:
            out_id = self._move(
                u, from_caravan, title_id, MovementKind.TRANSFER_OUT, n, override=override, recipient=to_caravan
            )
            in_id = self._move(u, to_caravan, title_id, MovementKind.TRANSFER_IN, n, ref_id=out_id)
            return out_id, in_id

    def undo(self, movement_id: str) -> str:
        """Undo a movement with a compensating row (the original stays in the ledger)."""
        with self.unit() as u:
            orig = u.session.get(m.Movement, movement_id)
            if orig is None:
                raise RuleError("movement", "找不到要撤销的记录", "no such movement")
            if orig.kind == MovementKind.UNDO:
                raise RuleError("movement", "撤销记录不能再撤销", "an undo cannot be undone")
            done = u.session.scalar(
                select(m.Movement.id).where(m.Movement.ref_id == movement_id, m.Movement.kind == MovementKind.UNDO)
            )
            if done:
                raise RuleError("movement", "该记录已撤销", "already undone")
            return u.insert(
                "movement",
                {
                    "caravan_id": orig.caravan_id,
                    "title_id": orig.title_id,
                    "kind": MovementKind.UNDO.value,
                    "qty": -orig.qty,
                    "visit_id": orig.visit_id,
                    "recipient": orig.recipient,
                    "reason": "撤销 / undo",
                    "override": None,
                    "ref_id": movement_id,
                    "at": self.clock.timestamp(),
                },
            )

    def last_undoable(self, caravan_id: str, visit_id: str | None = None) -> dict[str, Any] | None:
        """The newest distribution (at this visit) that has not been undone."""
        with self.read() as s:
            undone = set(s.scalars(select(m.Movement.ref_id).where(m.Movement.kind == MovementKind.UNDO)))
            qy = select(m.Movement).where(
                m.Movement.caravan_id == caravan_id, m.Movement.kind == MovementKind.DISTRIBUTE
            )
            if visit_id:
                qy = qy.where(m.Movement.visit_id == visit_id)
            for row in s.scalars(qy.order_by(m.Movement.id.desc()).limit(50)):
                if row.id not in undone:
                    return as_dict("movement", row)
        return None

    def balances(self, caravan_id: str) -> dict[str, int]:
        with self.read() as s:
            return q.stock_balances(s, caravan_id)

    def balance(self, caravan_id: str, title_id: str) -> int:
        with self.read() as s:
            return q.stock_balance(s, caravan_id, title_id)

    def movements(
        self, caravan_id: str | None = None, visit_id: str | None = None, limit: int = 1000
    ) -> list[dict[str, Any]]:
        qy = select(m.Movement)
        if caravan_id:
            qy = qy.where(m.Movement.caravan_id == caravan_id)
        if visit_id:
            qy = qy.where(m.Movement.visit_id == visit_id)
        with self.read() as s:
            return [as_dict("movement", r) for r in s.scalars(qy.order_by(m.Movement.id.desc()).limit(limit))]

    # --- day close --------------------------------------------------------------------------

    def close_day(
        self,
        caravan_id: str,
        date: object,
        counted: dict[str, object],
        note: str | None = None,
        at: dt.datetime | None = None,
    ) -> CloseReport:
        """日结: record counted stock per title against the ledger, with the differences.

        The differences are recorded; the ledger is not silently changed. Use ``adjust`` to
        book a difference once it is understood.
        """
        day = rules.date("date", date)
        with self.unit() as u:
            u.get("caravan", caravan_id, field="caravan_id")
            expected = {t: n for t, n in q.stock_balances(u.session, caravan_id).items() if n != 0}
            lines = ledger.day_close_lines(expected, counted)
            payload = [
                {"title_id": ln.title_id, "expected": ln.expected, "counted": ln.counted, "difference": ln.difference}
                for ln in lines
            ]
            rid = u.insert(
                "day_close",
                {
                    "caravan_id": caravan_id,
                    "date": day,
                    "lines": dumps(payload),
                    "note": rules.notes("notes", note),
                    "at": self.clock.timestamp(at),
                },
            )
        return CloseReport(rid, caravan_id, day, payload)

    def day_closes(self, caravan_id: str | None = None, date: str | None = None) -> list[CloseReport]:
        qy = select(m.DayClose)
        if caravan_id:
            qy = qy.where(m.DayClose.caravan_id == caravan_id)
        if date:
            qy = qy.where(m.DayClose.date == date)
        with self.read() as s:
            return [
                CloseReport(r.id, r.caravan_id, r.date, json.loads(r.lines))
                for r in s.scalars(qy.order_by(m.DayClose.id))
            ]
