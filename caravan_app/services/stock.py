"""The van's stock ledger: load, distribute, return, adjust, transfer, undo; day close (日结).

Every change is an append-only movement; stock on hand is their sum. An outflow that would
take stock below zero raises ``StockWarning`` unless the caller passes ``override=True``
after the user confirmed; the override is recorded on the movement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..domain import corrections, ledger, rules
from ..domain.catalogue import book_title
from ..domain.errors import NotFound, RuleError, ValidationError
from ..domain.records.stock import Movement, MovementLine, UndoPreview
from ..domain.vocab import MOVEMENT_LABELS, MovementKind, VisitStatus
from ..storage import stock_repo as repo
from ..storage.records import UnitOfWork, dumps
from .base import Service
from .lifecycle import open_for_records

UNDO_PURPOSE = "movement.undo"  # corrections.derived_id(UNDO_PURPOSE, target id) = the reversal's id


def _when(ln: MovementLine) -> str:
    return str(ln.at or "")[:16].replace("T", " ")


def _line_zh(ln: MovementLine) -> str:
    if ln.kind in (MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN):
        return f"{ln.kind_zh}{book_title(ln.title)}{ln.qty} 册（{ln.caravan}） · 时间 {_when(ln)}"
    parts = [f"{ln.kind_zh}{book_title(ln.title)}{ln.qty} 册", f"车辆 {ln.caravan}"]
    if ln.recipient:
        parts.append(f"领取人 {ln.recipient}")
    if ln.visit:
        parts.append(f"活动 {ln.visit}")
    parts.append(f"时间 {_when(ln)}")
    return " · ".join(parts)


def _line_en(ln: MovementLine) -> str:
    s = f"{ln.kind_en} of {ln.qty} × '{ln.title}' (van {ln.caravan})"
    if ln.recipient:
        s += f" to {ln.recipient}"
    if ln.visit:
        s += f" at visit {ln.visit}"
    return s + f", on {_when(ln)}"


def describe_zh(lines: Sequence[MovementLine]) -> str:
    return "；".join(_line_zh(ln) for ln in lines)


def describe_en(lines: Sequence[MovementLine]) -> str:
    return "; ".join(_line_en(ln) for ln in lines)


@dataclass(frozen=True)
class UndoResult:
    """What one undo wrote: the reversal ids (two for a transfer) and what they reversed."""

    ids: list[str]
    targets: list[str]
    lines: list[MovementLine]
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
            "lines": [asdict(ln) for ln in self.lines],
            "override": self.override,
            "zh": self.zh,
            "en": self.en,
        }


@dataclass(frozen=True)
class CloseReport:
    id: str
    caravan_id: str
    date: str
    lines: tuple[ledger.CloseLine, ...]  # by title id
    adjustments: list[str] = field(default_factory=list)  # movements booking the differences
    uncounted: list[str] = field(default_factory=list)  # titles with stock left out (partial close)

    @property
    def differences(self) -> tuple[ledger.CloseLine, ...]:
        return tuple(ln for ln in self.lines if ln.difference)

    def lines_json(self) -> list[dict[str, Any]]:
        """The lines as the record stores them and ``--json`` prints them."""
        return [close_line_json(ln) for ln in self.lines]


def close_line_json(ln: ledger.CloseLine) -> dict[str, Any]:
    """One counted title as a day close stores it (``fieldspec.day_close_lines`` reads it back)."""
    return {"title_id": ln.title_id, "expected": ln.expected, "counted": ln.counted, "difference": ln.difference}


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
        repo.require_caravan(u, caravan_id)
        title = repo.title_name(u, title_id)
        delta = ledger.signed_qty(kind, qty)
        on_hand = repo.balance(u.conn, caravan_id, title_id)
        ledger.check_outflow(title, on_hand, delta, override)
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
            s = u.session
            orig = repo.movement(s, movement_id)
            if orig is None:
                raise NotFound("movement", f"找不到要撤销的记录：{movement_id}", f"no such movement: {movement_id}")
            if orig.kind == MovementKind.UNDO:
                raise RuleError(
                    "movement",
                    "撤销记录不能再撤销；如需恢复，请重新登记一次（例如重新发放）",
                    "an undo cannot be undone; record the movement again instead (e.g. hand out again)",
                )
            targets = self._pair(s, orig)
            for t in targets:
                if repo.is_undone(s, t.id, corrections.derived_id(UNDO_PURPOSE, t.id)):
                    raise RuleError("movement", "该记录已撤销", f"movement {t.id} is already undone")
            for t in targets:
                self._check_correctable(u, t)
            lines = [self._describe(s, t) for t in targets]
            ids: list[str] = []
            overridden = False
            now = self.clock.timestamp()
            for t in targets:
                title = repo.title_name(u, t.title_id)
                on_hand = repo.balance(u.conn, t.caravan_id, t.title_id)
                ledger.check_outflow(title, on_hand, -t.qty, override)
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
    def _pair(s: Any, orig: Movement) -> list[Movement]:
        """The movements one undo reverses: the movement, or both halves of a transfer."""
        if orig.kind == MovementKind.TRANSFER_IN:
            out = repo.movement(s, orig.ref_id) if orig.ref_id else None
            if out is None:
                raise RuleError(
                    "movement",
                    "调拨的另一半（调出记录）不在本机，不能只撤销一半；请先同步",
                    "the other half of this transfer (transfer out) is not on this laptop; sync first",
                )
            return [out, orig]
        if orig.kind == MovementKind.TRANSFER_OUT:
            half = repo.transfer_in_of(s, orig.id)
            if half is None:
                raise RuleError(
                    "movement",
                    "调拨的另一半（调入记录）不在本机，不能只撤销一半；请先同步",
                    "the other half of this transfer (transfer in) is not on this laptop; sync first",
                )
            return [orig, half]
        return [orig]

    def _check_correctable(self, u: UnitOfWork, t: Movement) -> None:
        """A correction may not change what a signed report or a closed day already shows."""
        if t.visit_id:
            state = repo.visit_state(u.session, t.visit_id)
            if state is not None and state[0] != VisitStatus.PLANNED:
                rules.visit_accepts_records(state[0], state[1])
        for day in sorted({t.at[:10], self.clock.timestamp()[:10]}):
            if repo.day_closed(u.session, t.caravan_id, day):
                raise RuleError(
                    "movement",
                    f"{day} 这辆车已日结，不能撤销当天的记录；请改用“调整”记录更正"
                    "（caravan stock adjust 书名 ±数量 --reason …）",
                    f"the day {day} is closed (day close) for this van; record an adjustment instead "
                    "(caravan stock adjust TITLE ±N --reason …)",
                )

    @staticmethod
    def _describe(s: Any, t: Movement) -> MovementLine:
        title, van, visit_date, site, device_id = repo.names_of(s, t)
        zh, en = MOVEMENT_LABELS.get(t.kind, (t.kind, t.kind))  # type: ignore[call-overload]
        return MovementLine(
            id=t.id,
            kind=t.kind,
            kind_zh=zh,
            kind_en=en,
            title_id=t.title_id,
            title=title if title is not None else t.title_id,
            qty=abs(t.qty),
            caravan_id=t.caravan_id,
            caravan=van if van is not None else t.caravan_id,
            recipient=t.recipient,
            visit_id=t.visit_id,
            visit=f"{site or ''} {visit_date}".strip() if visit_date is not None else None,
            at=t.at,
            device_id=device_id,
        )

    def describe(self, movement_id: str) -> UndoPreview:
        """What ``undo(movement_id)`` would undo, for a confirmation (one line per half)."""
        with self.read() as s:
            orig = repo.movement(s, movement_id)
            if orig is None:
                raise NotFound("movement", f"找不到该记录：{movement_id}", f"no such movement: {movement_id}")
            lines = tuple(self._describe(s, t) for t in self._pair(s, orig))
        return UndoPreview(movement_id, lines, describe_zh(lines), describe_en(lines))

    def last_undoable(self, caravan_id: str | None = None, visit_id: str | None = None) -> Movement | None:
        """The newest movement made on THIS laptop that is not an undo and not yet undone
        (with ``visit_id``: the newest hand-out at that visit, for the 发放 page's undo)."""
        with self.read() as s:
            return repo.newest_not_undone(
                s,
                self.db.device_id,
                caravan_id,
                visit_id,
                exclude=(MovementKind.UNDO.value, MovementKind.TRANSFER_IN.value),
                kind=MovementKind.DISTRIBUTE.value if visit_id else None,
            )

    def balances(self, caravan_id: str) -> dict[str, int]:
        with self.read() as s:
            return repo.balances(s, caravan_id)

    def shortfalls(self, caravan_id: str) -> dict[str, int]:
        """Titles whose balance on this van is below zero (title id -> balance). Each laptop
        refuses to hand out more than it has (or records the override), but two laptops of one
        van offline at once can each hand out within the stock and merge below it: the books
        were there (a load not entered) or one hand-out was logged twice. A count and an
        adjustment with its reason settles it; until then the page and ``caravan check`` say so."""
        return {t: n for t, n in self.balances(caravan_id).items() if n < 0}

    def balance(self, caravan_id: str, title_id: str) -> int:
        with self.read() as s:
            return repo.balance(s, caravan_id, title_id)

    def movements(
        self, caravan_id: str | None = None, visit_id: str | None = None, limit: int = 1000
    ) -> list[Movement]:
        """Movements of a van and/or a visit, newest first by time."""
        with self.read() as s:
            return repo.movements(s, caravan_id, visit_id, limit)

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
            repo.require_caravan(u, caravan_id)
            expected = {t: n for t, n in repo.balances(u.session, caravan_id).items() if n != 0}
            given = {t: v for t, v in counted.items() if v is not None and v != ""}
            missing = sorted(t for t in expected if t not in given)
            if missing and not partial:
                names = "、".join(book_title(repo.title_name_or_id(u.session, t)) for t in missing)
                raise ValidationError(
                    "counted",
                    f"还有 {len(missing)} 种图书未清点：{names}；请清点后填写，或只结已清点的（--partial）",
                    f"{len(missing)} title(s) with stock on the van not counted: {names}; "
                    "count them, or close only the counted ones (--partial)",
                )
            basis = {t: expected.get(t, 0) for t in given} if partial else expected
            lines = ledger.day_close_lines(basis, given)
            payload = [close_line_json(ln) for ln in lines]
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
        return CloseReport(rid, caravan_id, day, tuple(lines), booked, missing if partial else [])

    def day_closes(self, caravan_id: str | None = None, date: str | None = None) -> list[CloseReport]:
        with self.read() as s:
            return [CloseReport(rid, cid, day, lines) for rid, cid, day, lines in repo.day_closes(s, caravan_id, date)]
