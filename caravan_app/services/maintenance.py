"""Backups, restore and the health check (integrity plus the ledger's invariants)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import DomainError
from ..domain.vocab import MovementKind
from ..paths import backups_dir
from ..storage import backup as bk
from ..storage import health_repo as hr
from ..storage import quarantine
from ..storage.database import Database
from ..storage.handles import ReadSession


@dataclass(frozen=True)
class DuplicateFinding:
    """Records of one kind that are one thing by name/plate but not merged (``MergeService.duplicates``);
    ``kept_apart``: a person undid their merge, so they are listed only, not a problem."""

    entity: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    survivor: str
    kept_apart: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "entity": self.entity,
            "ids": list(self.ids),
            "names": list(self.names),
            "survivor": self.survivor,
            "kept_apart": self.kept_apart,
        }


@dataclass(frozen=True)
class OverlapFinding:
    """A person on duty, or a van, at two visits at once (``first`` counts the shared time)."""

    kind: str  # "person" or "caravan"
    id: str
    name: str
    first: str
    second: str
    start: str
    end: str
    minutes: int

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class SetAsideRecord:
    """A record this laptop cannot read, kept out of every figure with the reason."""

    entity: str
    record_id: str
    device_id: str
    reason: str
    at: str

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=dict)
    # Section "duplicates by natural key" (see _check_duplicates): groups of titles, sites or
    # vans that are one thing by name/plate but not merged. ``kept_apart`` ones had their merge
    # undone by a person and are listed only; the others are problems.
    duplicates: list[DuplicateFinding] = field(default_factory=list)
    # Section "at two places at once" (see _check_overlaps): people on duty at
    # overlapping visits (counted once in every hours figure) and vans at two visits at once.
    overlaps: list[OverlapFinding] = field(default_factory=list)
    # Section "set aside": records this laptop cannot read (pulled or stored before the field
    # rules, domain/fieldspec.py), kept out of every figure with the reason. Not a problem of
    # this laptop's data: the hub's operator retracts them (caravan-server bad retract).
    set_aside: list[SetAsideRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        """The report as `caravan --json check` prints it."""
        return {
            "ok": self.ok,
            "problems": self.problems,
            "facts": self.facts,
            "duplicates": [d.to_dict() for d in self.duplicates],
            "overlaps": [o.to_dict() for o in self.overlaps],
            "set_aside": [q.to_dict() for q in self.set_aside],
        }


# Expected sign of the stored qty per movement kind (ADJUST/UNDO may be either).
_SIGNS = {
    MovementKind.LOAD: 1,
    MovementKind.TRANSFER_IN: 1,
    MovementKind.RETURN: 1,
    MovementKind.DISTRIBUTE: -1,
    MovementKind.TRANSFER_OUT: -1,
    MovementKind.UNLOAD: -1,
}


class MaintenanceService:
    def __init__(self, db: Database, data_dir: Path) -> None:
        self.db = db
        self.data_dir = data_dir

    def backup(self, target: str | Path | None = None, overwrite: bool = False) -> Path:
        """A consistent copy (online backup API); with no target, a rotating automatic one.

        An existing file is never replaced silently: it may be the only copy of another day.
        """
        if target is None:
            return bk.rotating_backup(self.db.path, backups_dir(self.data_dir))
        t = Path(target)
        if t.is_dir():
            t = t / f"caravan-{self.db.device_id[:8]}.db"
        if t.exists() and not overwrite:
            raise DomainError(
                "file",
                f"文件已存在：{t}（要覆盖请加 --force）",
                f"file exists: {t} (add --force to overwrite it)",
            )
        return bk.backup_to(self.db.path, t)

    def backup_if_due(self, hours: float = 12) -> Path | None:
        """A rotating automatic backup unless the newest one is younger than ``hours``.
        The desktop app calls this when it closes, so each field day leaves a copy."""
        import time

        autos = sorted(backups_dir(self.data_dir).glob("auto-*.db"))
        if autos and time.time() - autos[-1].stat().st_mtime < hours * 3600:
            return None
        return self.backup()

    # A field day run from the command line gets copies too: after a command that changed something,
    # at most every DAYTIME_BACKUP_HOURS.
    DAYTIME_BACKUP_HOURS = 3.0

    def change_mark(self) -> int:
        """A number that grows with every local change (the outbox's newest seq)."""
        with self.db.read() as s:
            return hr.change_mark(s)

    def backup_after_changes(self, mark: int) -> Path | None:
        """A rotating backup if something changed since ``mark`` and the last one is a few hours old.
        Never raises: a failed automatic backup must not turn a saved change into an error."""
        if getattr(self.db, "read_only", False) or self.change_mark() == mark:
            return None
        try:
            return self.backup_if_due(self.DAYTIME_BACKUP_HOURS)
        except (OSError, DomainError) as exc:
            import logging

            logging.getLogger("caravan.backup").info("automatic backup skipped: %s", exc)
            return None

    def backup_if_changed(self, mark: int | None) -> tuple[Path | None, int]:
        """The desktop app's timer: a rotating backup if the change mark moved since
        ``mark`` (``None``: only take the baseline). Returns (the backup or None, the new mark).
        Never raises for a failed copy: it is logged and tried again at the next tick."""
        now = self.change_mark()
        if mark is None or now == mark or getattr(self.db, "read_only", False):
            return None, now
        try:
            return self.backup(), now
        except (OSError, DomainError) as exc:
            import logging

            logging.getLogger("caravan.backup").info("timed backup skipped: %s", exc)
            return None, mark

    def backups(self) -> list[Path]:
        return bk.list_backups(backups_dir(self.data_dir))

    def restore(self, source: str | Path, as_new_device: bool = False, leave_unsent: bool = False) -> Path | None:
        """Replace the database with a backup. The caller must reopen the app afterwards.

        A backup of another laptop is refused (``storage.backup.OtherDevice``, a ValueError)
        unless ``as_new_device``: then the copy gets a new device id and must enroll again.
        This database's unsent changes are saved aside and written back unless ``leave_unsent``."""
        from ..domain.ids import new_id

        src = Path(source)
        theirs = bk.device_of(src)
        if not as_new_device and theirs and theirs != self.db.device_id:
            raise bk.OtherDevice(theirs, self.db.device_id)  # before closing: the app stays usable
        self.db.close()
        if as_new_device:
            return bk.restore_from(src, self.db.path, backups_dir(self.data_dir), as_new_device=new_id())
        from .startup import restore_backup  # keeps this database's unsent changes (services/startup.py)

        return restore_backup(self.data_dir, src, leave_unsent=leave_unsent).aside

    def check(self) -> CheckReport:
        rep = CheckReport()
        # an encrypted database is opened with its key (storage/cipher.py); a read-only one as
        # its engine reads it (storage/database.py ReadOnlySource: with the write-ahead log's changes)
        read_uri = getattr(self.db, "read_uri", None)  # a bare file (tests of a damaged one) has none
        uri = read_uri() if read_uri else f"file:{self.db.path.resolve().as_posix()}?mode=ro"
        fc = hr.file_check(self.db.path, uri)
        if fc.integrity is not None and fc.integrity != "ok":
            rep.problems.append(f"数据库完整性检查失败 / integrity check failed: {fc.integrity}")
        if fc.foreign_key_violations:
            rep.problems.append(f"外键错误 / foreign key violations: {fc.foreign_key_violations}")
        for table, action in fc.missing_guards or ():
            rep.problems.append(f"缺少只追加保护 / append-only guard missing: {table} {action}")
        if fc.unreadable is not None:
            rep.problems.append(f"数据库无法读取 / database unreadable: {fc.unreadable}")
            return rep
        source = getattr(self.db, "source", None)
        stale = source.stale if source is not None else None
        if stale:  # read-only after a crash and the write-ahead log unreadable: never pass on old figures
            rep.problems.append(f"{stale[0]} / {stale[1]}")
        if not rep.problems and not getattr(self.db, "read_only", False):
            quarantine.set_aside_stored(self.db)  # nothing below reads a record it cannot use
        rep.set_aside = [
            SetAsideRecord(q["entity"], q["record_id"], q["device_id"], q["reason"], q["at"])
            for q in quarantine.quarantined(self.db)
        ]
        with self.db.read() as s:
            _check_stock(s, rep)
            neg_tally = hr.negative_tally_groups(s)
            if neg_tally:
                rep.problems.append(f"人数合计为负 / negative attendance totals: {neg_tally}")
            for dc_id, stored in hr.day_close_lines(s):
                try:
                    lines = json.loads(stored)
                    if any(ln["counted"] - ln["expected"] != ln["difference"] for ln in lines):
                        raise ValueError
                except (ValueError, KeyError, TypeError):
                    rep.problems.append(f"日结记录损坏 / damaged day close {dc_id}")
            orphan = hr.outbox_orphans(s)
            if orphan:
                rep.problems.append(f"待同步记录指向不存在的数据 / outbox rows without their record: {orphan}")
            _check_attendance(s, rep)
            per_entity, pending = hr.row_counts(s)
            rep.facts.update(per_entity)
            rep.facts["outbox_pending"] = pending
        self._check_duplicates(rep)
        with self.db.read() as s:
            _check_overlaps(s, rep)
        return rep

    # --- section: duplicates by natural key (catalogue merges, services/merges.py) -----------

    def _check_duplicates(self, rep: CheckReport) -> None:
        from ..domain.catalogue import merge_id
        from .merges import MergeService

        merges = MergeService(self.db)
        groups = merges.duplicates()
        made = merges.fact_ids()
        open_groups = 0
        for g in groups:
            apart = all(merge_id(g.entity, i, g.survivor) in made for i in g.ids[1:])
            rep.duplicates.append(DuplicateFinding(g.entity, g.ids, g.names, g.survivor, apart))
            if not apart:
                open_groups += 1
        if open_groups:
            rep.problems.append(
                f"重复记录未合并（同名图书/学校/大篷车）：{open_groups} 组，同步后会自动合并，或用 caravan merge apply"
                f" / duplicates by natural key not merged: {open_groups} (merged after the next sync, "
                "or use caravan merge apply)"
            )
        rep.facts["duplicates_kept_apart"] = len(groups) - open_groups


# --- stock checks: one section; attendance/merge checks go beside it -------------


def _check_stock(s: ReadSession, rep: CheckReport) -> None:
    """The van ledger: signs, stock below zero without a recorded override, reversals."""
    for kind, bad in hr.wrong_signs(s, _SIGNS):
        rep.problems.append(f"库存流水符号错误 / movements with a wrong sign: {kind} × {bad}")
    zero = hr.zero_movements(s)
    if zero:
        rep.problems.append(f"数量为零的库存流水 / zero-quantity movements: {zero}")
    unknown = hr.unknown_kinds(s, [k.value for k in MovementKind])
    if unknown:
        rep.problems.append(f"未知的流水类型 / unknown movement kinds: {unknown}")
    # Stock below zero must have been confirmed: walk each (van, title) in order.
    running: dict[tuple[str, str], int] = {}
    for caravan_id, title_id, qty in hr.ledger_in_order(s):
        key = (caravan_id, title_id)
        running[key] = running.get(key, 0) + qty
    negative = {k: v for k, v in running.items() if v < 0}
    if negative:
        confirmed = hr.overridden(s)
        silent = [k for k in negative if k not in confirmed]
        if silent:
            rep.problems.append(f"库存为负且没有确认记录 / stock below zero without a recorded override: {len(silent)}")
    undone = hr.undone_twice(s)
    if undone:
        rep.problems.append(f"重复撤销 / movements undone twice: {undone}")
    _check_reversals(s, rep)


def _check_reversals(s: ReadSession, rep: CheckReport) -> None:
    """Every undo names a movement that exists, reverses it exactly, and transfers only in pairs."""
    missing = wrong = of_undo = 0
    undone: set[str] = set()
    for r in hr.reversals(s):
        if r.target_id is None:
            missing += 1
            continue
        undone.add(r.target_id)
        if r.target_kind == MovementKind.UNDO:
            of_undo += 1
        if (
            r.target_qty is None
            or r.qty != -r.target_qty
            or r.caravan_id != r.target_caravan_id
            or r.title_id != r.target_title_id
        ):
            wrong += 1
    if missing:
        rep.problems.append(f"撤销记录指向不存在的流水 / undo rows naming no movement: {missing}")
    if wrong:
        rep.problems.append(f"撤销数量与原记录不符 / undo rows that do not reverse their movement exactly: {wrong}")
    if of_undo:
        rep.problems.append(f"撤销了撤销记录 / undo rows reversing an undo: {of_undo}")
    half = 0
    for out_id, in_id in hr.transfer_pairs(s):
        if (out_id in undone) != (in_id in undone):
            half += 1
    if half:
        rep.problems.append(f"调拨只撤销了一半 / transfers undone by one half only: {half}")


# --- attendance checks (tallies, take-backs, sign-ins, voids) ---------------------------

_VISIT_RECORDS = {"signins": "sign-ins", "tallies": "tallies", "duty_events": "duty events", "visit_reopens": "reopens"}


def _check_attendance(s: ReadSession, rep: CheckReport) -> None:
    """Negative head counts, a void or take-back applied twice, records of visits that do not
    exist; take-backs a merge could not decide are counted in ``facts["attendance_review"]``."""
    c = hr.attendance_counts(s)
    if c.negative_after_takebacks:
        rep.problems.append(
            f"人数合计为负 / negative attendance totals (after take-backs): {c.negative_after_takebacks}"
        )
    if c.takebacks_not_positive:
        rep.problems.append(f"撤回数量无效 / take-backs of zero or less: {c.takebacks_not_positive}")
    if c.takebacks_twice:
        rep.problems.append(f"重复撤回 / the same take-back applied twice: {c.takebacks_twice}")
    if c.voided_twice:
        rep.problems.append(f"重复作废 / sign-ins voided twice: {c.voided_twice}")
    for table, n in c.at_missing_visits.items():
        if n:
            rep.problems.append(f"记录所属活动不存在 / {_VISIT_RECORDS[table]} at visits that do not exist: {n}")
    if c.voids_of_missing or c.takebacks_of_missing:
        rep.problems.append(
            f"更正记录指向不存在的数据 / corrections naming missing records: {c.voids_of_missing + c.takebacks_of_missing}"
        )
    # Not corruption: two different take-backs of one entry made without seeing each other, or
    # more taken than counted (capped). Both count; a person reviews them (caravan visit show).
    rep.facts["attendance_review"] = c.to_review


# --- section: at two places at once (rules in domain/duty.py) -------------------


def _check_overlaps(s: ReadSession, rep: CheckReport) -> None:
    """A person on duty at two overlapping visits (their hours count the shared time once, for
    the visit that started first) and a van at two visits at once: both are listed and are
    problems, because a certificate or a mileage figure built on them would need a look."""
    from ..domain.duty import count_once, intervals, place_overlaps
    from ..storage import office_queries as oq

    visits = oq.live_visits(s)
    per_visit = oq.duty_by_visit(s, set(visits))
    _mins, people = count_once({vid: intervals(ev, visits[vid].left_at) for vid, ev in per_visit.items()})
    vans = place_overlaps((v.caravan_id, v.id, v.arrived_at, v.left_at) for v in visits.values())
    known = oq.names(s)
    names, vnames, sites = known["person"], known["caravan"], known["site"]

    def where(vid: str) -> str:
        v = visits[vid]
        return f"{v.date} {sites.get(v.site_id, '?')}"

    for kind, found, label in (("person", people, names), ("caravan", vans, vnames)):
        for o in found:
            rep.overlaps.append(
                OverlapFinding(kind, o.key, label.get(o.key, "?"), o.first, o.second, o.start, o.end, o.minutes)
            )
    if people:
        sample = "；".join(
            f"{names.get(o.key, '?')}：{where(o.first)} 与 {where(o.second)} 重叠 {o.minutes} 分钟" for o in people[:3]
        )
        rep.problems.append(
            f"同一人同时在两处值班：{len(people)} 处（重叠时间只计一次）：{sample}"
            f" / a person on duty at overlapping visits: {len(people)} (the overlap is counted once)"
        )
    if vans:
        sample = "；".join(
            f"{vnames.get(o.key, '?')}：{where(o.first)} 与 {where(o.second)} 重叠 {o.minutes} 分钟" for o in vans[:3]
        )
        rep.problems.append(
            f"同一辆大篷车同时在两处活动：{len(vans)} 处（请核对车辆、日期或时间）：{sample}"
            f" / a van at two visits at once: {len(vans)} (check the van, date or times)"
        )
    rep.facts["duty_overlaps"] = len(people)
    rep.facts["caravan_overlaps"] = len(vans)
