"""The van's stock ledger: load, distribute, return, adjust, transfer, undo; day close (日结).

Every change is an append-only movement; stock on hand is their sum. An outflow that would
take stock below zero raises ``StockWarning`` unless the caller passes ``override=True``
after the user confirmed; the override is recorded on the movement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..domain import corrections, ledger, rules
from ..domain.catalogue import book_title
from ..domain.errors import NotFound, RuleError, ValidationError
from ..domain.fieldspec import day_close_lines
from ..domain.vocab import MOVEMENT_LABELS, MovementKind, VisitStatus
from ..storage import models as m
from ..storage import queries as q
from ..storage.records import UnitOfWork, dumps
from .base import Service, as_dict
from .lifecycle import open_for_records

UNDO_PURPOSE = "movement.undo"  # corrections.derived_id(UNDO_PURPOSE, target id) = the reversal's id


def _when(ln: dict[str, Any]) -> str:
    return str(ln["at"] or "")[:16].replace("T", " ")


def _line_zh(ln: dict[str, Any]) -> str:
    if ln["kind"] in (MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN):
        return f"{ln['kind_zh']}{book_title(ln['title'])}{ln['qty']} 册（{ln['caravan']}） · 时间 {_when(ln)}"
    parts = [f"{ln['kind_zh']}{book_title(ln['title'])}{ln['qty']} 册", f"车辆 {ln['caravan']}"]
    if ln["recipient"]:
        parts.append(f"领取人 {ln['recipient']}")
    if ln["visit"]:
        parts.append(f"活动 {ln['visit']}")
    parts.append(f"时间 {_when(ln)}")
    return " · ".join(parts)


def _line_en(ln: dict[str, Any]) -> str:
    s = f"{ln['kind_en']} of {ln['qty']} × '{ln['title']}' (van {ln['caravan']})"
    if ln["recipient"]:
        s += f" to {ln['recipient']}"
    if ln["visit"]:
        s += f" at visit {ln['visit']}"
    return s + f", on {_when(ln)}"


def describe_zh(lines: list[dict[str, Any]]) -> str:
    return "；".join(_line_zh(ln) for ln in lines)


def describe_en(lines: list[dict[str, Any]]) -> str:
    return "; ".join(_line_en(ln) for ln in lines)


@dataclass(frozen=True)
class UndoResult:
    """What one undo wrote: the reversal ids (two for a transfer) and what they reversed."""

    ids: list[str]
    targets: list[str]
    lines: list[dict[str, Any]]
    override: bool

    @property
    def zh(self) -> str:
        return "已撤销：" + describe_zh(self.lines) + ("（已确认库存为负）" if self.override else "")

    @property
    def en(self) -> str:
        return "Undone: " + describe_en(self.lines) + (" (stock below zero confirmed)" if self.override else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "undo": self.ids[0],
            "ids": self.ids,
            "of": self.targets[0],
            "targets": self.targets,
            "lines": self.lines,
            "override": self.override,
            "zh": self.zh,
            "en": self.en,
        }


@dataclass(frozen=True)
class CloseReport:
    id: str
    caravan_id: str
    date: str
    lines: list[dict[str, Any]]
    adjustments: list[str] = field(default_factory=list)  # movements booking the differences
    uncounted: list[str] = field(default_factory=list)  # titles with stock left out (partial close)

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
                # The one lifecycle rule (services/lifecycle.py): a hand-out at a planned visit of
                # today starts it, like a first count; completed/cancelled visits refuse.
                open_for_records(u, visit_id, at)
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
        """退回: copies given back to the van (unused by a school, a recipient who had two).
        A return at a visit changes its hand-out figure: only while the visit is open."""
        n = rules.count("quantity", qty, allow_zero=False)
        with self.unit() as u:
            if visit_id:
                open_for_records(u, visit_id, start=False)  # a return never starts a visit
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

    # --- corrections -------------------------------------------------------------
    # An undo is a reversal row whose id is derived from the movement it reverses
    # (domain/corrections.py): the same undo made on two laptops is one fact after sync.

    def undo(self, movement_id: str, override: bool = False, reason: object = None) -> UndoResult:
        """Undo one movement (both halves of a transfer) with reversal rows, in one transaction.

        Refused: an undo (record the movement again instead), something already undone, a
        movement at a completed or cancelled visit (reopen it first), a movement of a closed
        day (日结; book an adjustment instead). A reversal that takes stock below zero raises
        ``StockWarning`` unless ``override`` (then recorded on the reversal row)."""
        why = rules.text("reason", reason)
        with self.unit() as u:
            orig = u.session.get(m.Movement, movement_id) if movement_id else None
            if orig is None:
                raise NotFound("movement", f"找不到要撤销的记录：{movement_id}", f"no such movement: {movement_id}")
            if orig.kind == MovementKind.UNDO:
                raise RuleError(
                    "movement",
                    "撤销记录不能再撤销；如需恢复，请重新登记一次（例如重新发放）",
                    "an undo cannot be undone; record the movement again instead (e.g. hand out again)",
                )
            targets = self._pair(u.session, orig)
            for t in targets:
                done = u.session.get(m.Movement, corrections.derived_id(UNDO_PURPOSE, t.id))
                legacy = u.session.scalar(
                    select(m.Movement.id).where(m.Movement.ref_id == t.id, m.Movement.kind == MovementKind.UNDO)
                )
                if done is not None or legacy:
                    raise RuleError("movement", "该记录已撤销", f"movement {t.id} is already undone")
            for t in targets:
                self._check_correctable(u, t)
            lines = [self._describe(u.session, t) for t in targets]
            ids: list[str] = []
            overridden = False
            now = self.clock.timestamp()
            for t in targets:
                title = u.get("title", t.title_id, field="title_id")
                on_hand = q.stock_balance(u.conn, t.caravan_id, t.title_id)
                ledger.check_outflow(title.name, on_hand, -t.qty, override)
                over = -t.qty < 0 and on_hand - t.qty < 0
                overridden = overridden or over
                ids.append(
                    u.insert(
                        "movement",
                        {
                            "caravan_id": t.caravan_id,
                            "title_id": t.title_id,
                            "kind": MovementKind.UNDO.value,
                            "qty": -t.qty,
                            "visit_id": t.visit_id,
                            "recipient": t.recipient,
                            "reason": "撤销 / undo" + (f"：{why}" if why else ""),
                            "override": True if over else None,
                            "ref_id": t.id,
                            "at": now,
                        },
                        record_id=corrections.derived_id(UNDO_PURPOSE, t.id),
                    )
                )
        return UndoResult(ids, [t.id for t in targets], lines, overridden)

    @staticmethod
    def _pair(s: Any, orig: m.Movement) -> list[m.Movement]:
        """The movements one undo reverses: the movement, or both halves of a transfer."""
        if orig.kind == MovementKind.TRANSFER_IN:
            out = s.get(m.Movement, orig.ref_id) if orig.ref_id else None
            if out is None:
                raise RuleError(
                    "movement",
                    "调拨的另一半（调出记录）不在本机，不能只撤销一半；请先同步",
                    "the other half of this transfer (transfer out) is not on this laptop; sync first",
                )
            return [out, orig]
        if orig.kind == MovementKind.TRANSFER_OUT:
            half = s.scalars(
                select(m.Movement).where(m.Movement.ref_id == orig.id, m.Movement.kind == MovementKind.TRANSFER_IN)
            ).first()
            if half is None:
                raise RuleError(
                    "movement",
                    "调拨的另一半（调入记录）不在本机，不能只撤销一半；请先同步",
                    "the other half of this transfer (transfer in) is not on this laptop; sync first",
                )
            return [orig, half]
        return [orig]

    def _check_correctable(self, u: UnitOfWork, t: m.Movement) -> None:
        """A correction may not change what a signed report or a closed day already shows."""
        if t.visit_id:
            v = u.session.get(m.Visit, t.visit_id)
            if v is not None and not v.deleted and v.status != VisitStatus.PLANNED:
                rules.visit_accepts_records(v.status, v.date)
        for day in sorted({t.at[:10], self.clock.timestamp()[:10]}):
            closed = u.session.scalar(
                select(m.DayClose.id).where(m.DayClose.caravan_id == t.caravan_id, m.DayClose.date == day).limit(1)
            )
            if closed:
                raise RuleError(
                    "movement",
                    f"{day} 这辆车已日结，不能撤销当天的记录；请改用“调整”记录更正"
                    "（caravan stock adjust 书名 ±数量 --reason …）",
                    f"the day {day} is closed (day close) for this van; record an adjustment instead "
                    "(caravan stock adjust TITLE ±N --reason …)",
                )

    @staticmethod
    def _describe(s: Any, t: m.Movement) -> dict[str, Any]:
        title = s.get(m.Title, t.title_id)
        van = s.get(m.Caravan, t.caravan_id)
        visit = s.get(m.Visit, t.visit_id) if t.visit_id else None
        site = s.get(m.Site, visit.site_id) if visit is not None else None
        zh, en = MOVEMENT_LABELS.get(t.kind, (t.kind, t.kind))  # type: ignore[call-overload]
        return {
            "id": t.id,
            "kind": t.kind,
            "kind_zh": zh,
            "kind_en": en,
            "title_id": t.title_id,
            "title": title.name if title else t.title_id,
            "qty": abs(t.qty),
            "caravan_id": t.caravan_id,
            "caravan": van.name if van else t.caravan_id,
            "recipient": t.recipient,
            "visit_id": t.visit_id,
            "visit": f"{site.name if site else ''} {visit.date}".strip() if visit is not None else None,
            "at": t.at,
            "device_id": t.device_id,
        }

    def describe(self, movement_id: str) -> dict[str, Any]:
        """What ``undo(movement_id)`` would undo, for a confirmation (one line per half)."""
        with self.read() as s:
            orig = s.get(m.Movement, movement_id) if movement_id else None
            if orig is None:
                raise NotFound("movement", f"找不到该记录：{movement_id}", f"no such movement: {movement_id}")
            lines = [self._describe(s, t) for t in self._pair(s, orig)]
        return {"target": movement_id, "lines": lines, "zh": describe_zh(lines), "en": describe_en(lines)}

    def last_undoable(self, caravan_id: str | None = None, visit_id: str | None = None) -> dict[str, Any] | None:
        """The newest movement made on THIS laptop that is not an undo and not yet undone
        (with ``visit_id``: the newest hand-out at that visit, for the 发放 page's undo)."""
        with self.read() as s:
            qy = select(m.Movement).where(
                m.Movement.device_id == self.db.device_id,
                m.Movement.kind.not_in([MovementKind.UNDO.value, MovementKind.TRANSFER_IN.value]),
            )
            if caravan_id:
                qy = qy.where(m.Movement.caravan_id == caravan_id)
            if visit_id:
                qy = qy.where(m.Movement.visit_id == visit_id, m.Movement.kind == MovementKind.DISTRIBUTE)
            for row in s.scalars(qy.order_by(m.Movement.at.desc(), m.Movement.id.desc()).limit(50)):
                undone = s.scalar(
                    select(m.Movement.id).where(m.Movement.ref_id == row.id, m.Movement.kind == MovementKind.UNDO)
                )
                if not undone:
                    return as_dict("movement", row)
        return None

    def balances(self, caravan_id: str) -> dict[str, int]:
        with self.read() as s:
            return q.stock_balances(s, caravan_id)

    def shortfalls(self, caravan_id: str) -> dict[str, int]:
        """Titles whose balance on this van is below zero (title id -> balance). Each laptop
        refuses to hand out more than it has (or records the override), but two laptops of one
        van offline at once can each hand out within the stock and merge below it: the books
        were there (a load not entered) or one hand-out was logged twice. A count and an
        adjustment with its reason settles it; until then the page and ``caravan check`` say so."""
        return {t: n for t, n in self.balances(caravan_id).items() if n < 0}

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
            # Newest first by time: an undo's id is derived from its target, not time-ordered.
            qy = qy.order_by(m.Movement.at.desc(), m.Movement.id.desc())
            return [as_dict("movement", r) for r in s.scalars(qy.limit(limit))]

    # --- day close --------------------------------------------------------------------------

    def close_day(
        self,
        caravan_id: str,
        date: object,
        counted: dict[str, object],
        note: str | None = None,
        at: dt.datetime | None = None,
        *,
        book_differences: bool = False,
        partial: bool = False,
    ) -> CloseReport:
        """日结: record counted stock per title against the ledger, with the differences.

        Every title with stock on the van needs a count; a title left out is named in the
        error and never recorded as 0. ``partial=True`` closes only the counted titles (the
        others stay out of the record, listed in ``CloseReport.uncounted``).
        ``book_differences=True`` also books each difference as an adjustment naming the day
        close (``ref_id``), in the SAME transaction: the close and its corrections are one fact
        or none. Without it the ledger is not changed (book an ``adjust`` later).
        """
        day = rules.date("date", date)
        with self.unit() as u:
            u.get("caravan", caravan_id, field="caravan_id")
            expected = {t: n for t, n in q.stock_balances(u.session, caravan_id).items() if n != 0}
            given = {t: v for t, v in counted.items() if v is not None and v != ""}
            missing = sorted(t for t in expected if t not in given)
            if missing and not partial:
                names = "、".join(book_title(self._title_name(u, t)) for t in missing)
                raise ValidationError(
                    "counted",
                    f"还有 {len(missing)} 种图书未清点：{names}；请清点后填写，或只结已清点的（--partial）",
                    f"{len(missing)} title(s) with stock on the van not counted: {names}; "
                    "count them, or close only the counted ones (--partial)",
                )
            basis = {t: expected.get(t, 0) for t in given} if partial else expected
            lines = ledger.day_close_lines(basis, given)
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
            booked: list[str] = []
            if book_differences:
                for ln in lines:
                    if ln.difference:
                        booked.append(
                            self._move(
                                u,
                                caravan_id,
                                ln.title_id,
                                MovementKind.ADJUST,
                                ln.difference,
                                reason="日结差异 / day close difference",
                                ref_id=rid,
                                at=at,
                            )
                        )
        return CloseReport(rid, caravan_id, day, payload, booked, missing if partial else [])

    @staticmethod
    def _title_name(u: UnitOfWork, title_id: str) -> str:
        t = u.session.get(m.Title, title_id)
        return t.name if t is not None else title_id

    def day_closes(self, caravan_id: str | None = None, date: str | None = None) -> list[CloseReport]:
        qy = select(m.DayClose)
        if caravan_id:
            qy = qy.where(m.DayClose.caravan_id == caravan_id)
        if date:
            qy = qy.where(m.DayClose.date == date)
        with self.read() as s:
            return [
                CloseReport(r.id, r.caravan_id, r.date, day_close_lines(r.lines) or [])
                for r in s.scalars(qy.order_by(m.DayClose.id))
            ]
