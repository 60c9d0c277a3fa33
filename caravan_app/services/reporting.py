"""Report use cases: gather a report's figures through storage queries, hand plain data to
``reports/`` to draw, and check a printed visit report's verification code against the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..domain import figures, rules
from ..domain.errors import DomainError, NotFound
from ..domain.fieldspec import day_close_lines
from ..domain.records.catalog import Caravan, Person, Title
from ..domain.records.visits import Visit
from ..domain.review import REPORTS_COUNT, counts_line, review_state
from ..domain.vocab import (
    COUNTIES,
    GROUP_LABELS,
    PERSON_ROLE_LABELS,
    SIGNIN_GROUP_LABELS,
    SITE_KIND_LABELS,
    VISIT_STATUS_LABELS,
    Group,
    MovementKind,
    SiteKind,
    label,
)
from ..reports import model as rm
from ..reports.fmt import months_between, period_label
from ..reports.verify import Figures, parse, report_number
from ..storage import merges, review_store
from ..storage import queries as q
from ..storage import stats_queries as sq
from .base import Service
from .period_stats import PeriodLine, group_lines, service_lines
from .visits import VisitReopen, VisitService, VisitSummary

if TYPE_CHECKING:
    from .certificates import CertificateService
    from .mileage import MileageService
    from .settings import SettingsService

Progress = Callable[[int, int, str], None]
METHOD_LABELS = {"phone": "扫码", "badge": "胸卡", "manual": "手工"}
SCHOOL_KINDS = (SiteKind.PRIMARY.value, SiteKind.JUNIOR.value, SiteKind.SENIOR.value, SiteKind.SCHOOL.value)
ALL_VANS = "全部大篷车"


def _no_progress(_done: int, _total: int, _text: str = "") -> None:
    return None


def _verdict(status: str, matches: bool, before_reopen: int | None, reopens: list[VisitReopen]) -> tuple[str, str, str]:
    """(level, zh, en) for a visit report's code: the visit's status first, in words a principal
    understands, then whether the printed figures are the data's."""
    if status == "planned":
        return ("fail", "核验未通过：该活动还在计划中，尚未开展，本表不是有效的活动记录",
                "not valid: the visit is only planned and has not taken place")  # fmt: skip
    if status == "cancelled":
        return ("fail", "核验未通过：该活动已取消，本表无效",
                "not valid: the visit was cancelled")  # fmt: skip
    last = reopens[-1] if reopens else None
    when = f"{(last.at or '').replace('T', ' ')[:16]}，原因：{last.reason}" if last else ""
    if status == "in_progress":
        if last is not None:
            return ("fail", f"核验未通过：本表打印后活动已重新打开（{when}），尚未再次完成；请待活动完成后以重新打印的记录表为准",
                    "not valid: the visit was reopened after printing and is not completed again")  # fmt: skip
        return ("fail", "核验未通过：活动尚未完成（进行中），本表是草稿，数字还可能变化",
                "not valid: the visit is still in progress; this paper is a draft")  # fmt: skip
    if matches:
        return ("ok", "核验通过：活动已完成，报告数字与数据一致",
                "verified: the visit is completed and the report's figures match the data")  # fmt: skip
    if before_reopen is not None and before_reopen < len(reopens):
        r = reopens[before_reopen]
        at = f"{(r.at or '').replace('T', ' ')[:16]}，原因：{r.reason}"
        return ("warn", f"请注意：本表打印后活动曾重新打开（{at}）并再次完成；数字未变，但请以重新打印的记录表为准",
                "warning: the visit was reopened after printing and completed again; the figures did not change, "
                "but the reprinted report is the valid one")  # fmt: skip
    return ("fail", "核验失败：报告打印后数据已变更，或报告数字被改动；请与下列数据中的数字逐项核对",
            "verification failed: the data changed after printing, or the report was altered; compare the figures "
            "below with the paper")  # fmt: skip


@dataclass(frozen=True)
class PersonFigure:
    """One person's time at a visit (or over a certificate's period) as the paper prints it."""

    name: str
    role: str  # "volunteer", "crew" (staff) …
    minutes: int
    hours: float  # domain/figures.hours (a certificate: the sum of its services' hours)


@dataclass(frozen=True)
class CopiesFigure:
    title: str
    unit: str
    copies: int


@dataclass(frozen=True)
class VisitFigures:
    """What a visit report certifies, from the data now: the office compares it with the paper."""

    report_no: str
    status: str  # planned / in_progress / completed / cancelled
    status_label: str  # 计划中 / 进行中 / 已完成 / 已取消
    groups: tuple[tuple[str, int], ...]  # (group label, head count) in the printed order
    attendance: int
    signins: int
    volunteers: tuple[PersonFigure, ...]
    staff: tuple[PersonFigure, ...]
    copies: tuple[CopiesFigure, ...]  # per title and unit
    by_unit: tuple[tuple[str, int], ...]  # totals per unit (册, 份 …): never one number

    def lines_zh(self) -> list[str]:
        def people(xs: tuple[PersonFigure, ...]) -> str:
            return "；".join(f"{p.name} {p.minutes} 分钟 {figures.hours_text(p.hours)} 小时" for p in xs)

        def total(xs: tuple[PersonFigure, ...]) -> str:
            h = figures.add_hours(p.hours for p in xs)
            return f"合计 {sum(p.minutes for p in xs)} 分钟 {figures.hours_text(h)} 小时"

        out = [
            f"报告编号 {self.report_no}，活动状态：{self.status_label}",
            "人数（按人群）：" + "，".join(f"{g} {n}" for g, n in self.groups) + f"；合计 {self.attendance} 人次",
            f"个人签到：{self.signins} 人",
        ]
        if self.volunteers:
            out.append(f"志愿者 {len(self.volunteers)} 人：{people(self.volunteers)}（{total(self.volunteers)}）")
        if self.staff:
            out.append(f"工作人员 {len(self.staff)} 人：{people(self.staff)}（{total(self.staff)}）")
        if not (self.volunteers or self.staff):
            out.append("未记录工作人员上岗")
        if self.copies:
            items = "；".join(f"{c.title} {c.copies} {c.unit}" for c in self.copies)
            out.append(f"发放：{items}（合计 {figures.units_text(dict(self.by_unit), sep='、')}）")
        else:
            out.append("未发放图书或物资")
        return out


@dataclass(frozen=True)
class ServiceFigure:
    date: str
    site: str
    minutes: int
    hours: float


@dataclass(frozen=True)
class CertificateFigures:
    """What a certificate certifies, from the data now (person, period, services, time)."""

    number: str
    title: str  # 志愿服务记录证明 / 工作时长证明
    person: PersonFigure
    volunteer_no: str
    start: str
    end: str
    services: tuple[ServiceFigure, ...]
    issued_on: str = ""  # an issued certificate's (register) date; "" before the register
    reprint_of: str = ""  # a 补发: the number of the certificate it replaces

    def lines_zh(self) -> list[str]:
        p = self.person
        out = [
            f"{self.title} {self.number}：{p.name}"
            + (f"（志愿者编号 {self.volunteer_no}）" if self.volunteer_no else ""),
            f"服务期间：{self.start} 至 {self.end}",
        ]
        if self.issued_on:
            out.append(
                f"出具日期：{self.issued_on}" + (f"（补发，原证明编号 {self.reprint_of}）" if self.reprint_of else "")
            )
        out += [f"{x.date} {x.site} {x.minutes} 分钟 {figures.hours_text(x.hours)} 小时" for x in self.services]
        out.append(f"合计 {len(self.services)} 次，{p.minutes} 分钟，{figures.hours_text(p.hours)} 小时")
        return out


@dataclass(frozen=True)
class VerifyResult:
    """Whether a printed paper is valid now, why not in words a principal understands, and the
    figures the data holds, to compare with the paper.

    ``level``: "ok" (the paper's figures are the data's, the visit completed), "warn" (the
    figures still match but the visit was reopened after printing: ask for the reprint), "fail"
    (a draft, a planned or cancelled visit, changed figures, or not found). ``matches``: the code
    equals the data's digest now, whatever the status."""

    ok: bool
    visit_id: str
    site_name: str = ""
    date: str = ""
    zh: str = ""
    en: str = ""
    level: str = "fail"
    matches: bool = False
    kind: str = "visit"  # or "certificate"
    visit: VisitFigures | None = None
    certificate: CertificateFigures | None = None

    def details_zh(self) -> list[str]:
        """The figures in the data, line by line, for the office to compare with the paper."""
        if self.visit is not None:
            return self.visit.lines_zh()
        if self.certificate is not None:
            return self.certificate.lines_zh()
        return []

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "level": self.level,
            "matches": self.matches,
            "kind": self.kind,
            "visit_id": self.visit_id,
            "site": self.site_name,
            "date": self.date,
            "zh": self.zh,
            "en": self.en,
            "visit": asdict(self.visit) if self.visit else None,
            "certificate": asdict(self.certificate) if self.certificate else None,
        }


@dataclass
class PeriodFiles:
    pdf: Path | None = None
    xlsx: Path | None = None
    csv: list[Path] = field(default_factory=list)
    paragraph: str = ""  # the work-report paragraph, for the 报告 page's copy button


def _figures(summ: VisitSummary) -> Figures:
    v = summ.visit
    books: dict[str, int] = {}
    for t, _r, n in summ.distributed:
        books[t] = books.get(t, 0) + n
    return Figures(
        visit_id=v.id,
        date=v.date,
        site_id=v.site_id,
        caravan_id=v.caravan_id,
        tallies=summ.tallies,
        signins=summ.signins,
        books=books,
        crew_minutes=dict(summ.crew_minutes),  # the minutes the report prints
        reopens=len(summ.reopens),
    )


def _van(c: Caravan | None) -> str:
    if c is None:
        return "?"
    return f"{c.name}（{c.plate}）" if c.plate else c.name


def _unit(t: Title | None) -> str:
    return figures.unit_of(t.unit if t is not None else None)


def _now() -> str:
    return rules.timestamp().replace("T", " ")


class ReportService(Service):
    def __init__(self, db: Any, visits: VisitService | None = None, settings: SettingsService | None = None) -> None:
        super().__init__(db)
        self.visits = visits or VisitService(db)
        self.settings = settings  # the issuer: who a school calls to check a report
        # Warnings of the last PDF written (e.g. characters the font lacks, printed as □);
        # also logged. The 报告 page shows them after a report is made.
        self.last_warnings: list[str] = []
        # Set by App: mileage (km on the day receipt and period report) and
        # certificates (``verify`` checks their codes too).
        self.mileage: MileageService | None = None
        self.certificates: CertificateService | None = None
        self.photos: Any = None  # PhotoService (set by App): chosen photos on the papers

    # --- visit report -------------------------------------------------------------------------

    def figures(self, visit_id: str) -> Figures:
        """The figures a visit report certifies, as the data holds them now."""
        return _figures(self.visits.summary(visit_id))

    def visit_data(self, visit_id: str, printed_at: str | None = None) -> rm.VisitReport:
        """What the visit report prints; ``printed_at`` ("YYYY-MM-DD HH:MM:SS") the print time
        (default now), so another store of the same data can print the same paper."""
        summ = self.visits.summary(visit_id)
        fig = _figures(summ)
        v, site = summ.visit, summ.site
        with self.read() as s:
            van = sq.van(s, v.caravan_id)
            events = sq.duty_marks(s, visit_id)
            people = sq.people(s, {e.person_id for e in events})
            titles = sq.titles(s, {t for t, _r, _n in summ.distributed})
            signins = sq.signin_rows(s, visit_id)
        minutes = summ.crew_minutes  # the figure the code certifies, counted once (visits.summary)
        first_on: dict[str, str] = {}
        last_off: dict[str, str] = {}
        for e in events:
            if e.kind == "on":
                first_on.setdefault(e.person_id, e.at)
            else:
                last_off[e.person_id] = e.at
        crew = []
        for pid in sorted(minutes, key=lambda p: (first_on.get(p, "~"), p)):
            p = people.get(pid)
            crew.append(
                rm.CrewLine(
                    name=p.name if p else "?",
                    role=label(PERSON_ROLE_LABELS, p.role) if p else "",
                    team=(p.team or "") if p else "",
                    volunteer_no=(p.volunteer_no or "") if p else "",
                    on_at=first_on.get(pid),
                    off_at=last_off.get(pid),
                    minutes=minutes[pid],
                    role_code=(p.role or "") if p else "",
                )
            )
        books = [
            rm.BookLine(
                titles[t].name if t in titles else "?", r or "", n, (titles[t].unit or "册") if t in titles else "册"
            )
            for t, r, n in sorted(
                summ.distributed, key=lambda x: (titles[x[0]].name if x[0] in titles else "", x[1] or "")
            )
        ]
        return rm.VisitReport(
            visit_id=visit_id,
            date=v.date,
            status=label(VISIT_STATUS_LABELS, v.status),
            site_name=(site.name if site else None) or "?",
            county=(site.county if site else None) or "",
            site_kind=label(SITE_KIND_LABELS, site.kind) if site and site.kind else "",
            address=" ".join(x for x in (site.town, site.address) if x) if site else "",
            contact=" ".join(x for x in (site.contact, site.phone) if x) if site else "",
            caravan=_van(van),
            theme=v.theme or "",
            activities=v.activities or "",
            arrived_at=v.arrived_at,
            left_at=v.left_at,
            notes=v.notes or "",
            crew=crew,
            attendance=[(GROUP_LABELS[g][0], summ.tallies.get(g.value, 0)) for g in Group],
            signins=[
                rm.SigninLine(n, label(SIGNIN_GROUP_LABELS, g), o or "", METHOD_LABELS.get(meth, meth), at)
                for n, g, o, meth, at in signins
            ],
            books=books,
            payload=fig.payload(),
            generated_at=printed_at or _now(),
            reopened=[
                f"已于 {(x.at or '').replace('T', ' ')[:16]} 重新打开：原因：{x.reason}"
                + (f"（{x.by}）" if x.by else "")
                for x in summ.reopens
            ],
            report_no=fig.report_no(),
            code=fig.digest(),
            completed=v.status == "completed",
            cancelled=v.status == "cancelled",
            checked_by=self._checked_by(),
            rate_url=self._rate_url(v),
            photos=self.photo_lines(visit_id, 4),
        )

    def photo_lines(self, visit_id: str, limit: int, public_only: bool = False, visit: str = "") -> list[rm.PhotoLine]:
        """The visit's chosen photos whose display copy is on this laptop, as papers print them."""
        if self.photos is None:
            return []
        out = []
        for p in self.photos.chosen(visit_id, public_only=public_only):
            path = self.photos.public_path(p)  # no EXIF: a paper is published
            if path is not None:
                w, h = p.width, p.height
                out.append(rm.PhotoLine(str(path), p.caption, w, h, visit))
        return out[:limit]

    def printable_visit(self, visit_id: str, url: str) -> rm.VisitInfo:
        """What the sign-in sheet, the QR poster and the table card print of a visit: its site
        (a deleted site's visit says 科普活动), date, theme, the phone page's ``url`` and the
        office's personal-information notice."""
        from .privacy import PrivacyService

        v = self.visits.get(visit_id)
        if v is None:
            raise NotFound("visit_id", "找不到该活动", f"no such visit: {visit_id}")
        with self.read() as s:
            site = sq.site(s, v.site_id)
        name = site.name if site is not None and not site.deleted else "科普活动"
        return rm.VisitInfo(name, v.date, v.theme, url, PrivacyService(self.db).notice())

    def _checked_by(self) -> str:
        return self.settings.issuer().contact() if self.settings is not None else ""

    def visit_pdf(
        self, visit_id: str, out: Path | IO[bytes], progress: Progress | None = None, printed_at: str | None = None
    ) -> Path | None:
        """活动记录表 as an A4 PDF (``printed_at``: see ``visit_data``)."""
        from ..reports.visit_pdf import render_visit

        progress = progress or _no_progress
        progress(0, 2, "读取活动数据")
        data = self.visit_data(visit_id, printed_at)
        progress(1, 2, f"排版（签到 {len(data.signins)} 人）")
        self.last_warnings = render_visit(data, out)
        progress(2, 2, "完成")
        return Path(out) if isinstance(out, str | Path) else None

    def visit_figures(self, visit_id: str) -> VisitFigures:
        """The figures a visit report prints and certifies, from the data now (what ``verify``
        shows beside its answer)."""
        r = self.visit_data(visit_id)
        v = self.visits.get(visit_id)

        def person(c: rm.CrewLine) -> PersonFigure:
            return PersonFigure(c.name, c.role_code, c.minutes, c.hours)

        copies: dict[tuple[str, str], int] = {}
        for b in r.books:
            copies[(b.title, b.unit)] = copies.get((b.title, b.unit), 0) + b.qty
        return VisitFigures(
            report_no=r.report_no,
            status=v.status if v else "",
            status_label=r.status,
            groups=tuple(r.attendance),
            attendance=r.attendance_total,
            signins=len(r.signins),
            volunteers=tuple(person(c) for c in r.crew_of(True)),
            staff=tuple(person(c) for c in r.crew_of(False)),
            copies=tuple(
                CopiesFigure(t, u, n)
                for (t, u), n in sorted(copies.items(), key=lambda x: (figures.unit_key(x[0][1]), x[0][0]))
            ),
            by_unit=tuple(r.books_by_unit.items()),
        )

    def _printed_matches(self, visit_id: str, version: int, digest: str) -> tuple[bool, int | None]:
        """(the code equals the data now, or the number of reopens before which it was printed
        with figures unchanged since: None when it matches no state)."""
        fig = self.figures(visit_id)
        legacy = replace(fig, crew_minutes=self.visits.legacy_crew_minutes(visit_id))
        if fig.matches(version, digest) or legacy.matches(version, digest):
            return True, None
        for k in range(fig.reopens - 1, -1, -1):  # printed before the (k+1)-th reopen?
            if replace(fig, reopens=k).matches(version, digest) or replace(legacy, reopens=k).matches(version, digest):
                return False, k
        return False, None

    def verify(self, payload: str) -> VerifyResult:
        """Check a scanned verification code against the data on this device (a visit report's,
        or a volunteer service certificate's), say whether the paper is valid now — the visit's
        status counts, not only the digest — and give the figures it should show."""
        from ..reports.certificate_code import is_certificate

        if self.certificates is not None and is_certificate(payload):
            c = self.certificates.check(payload)
            return VerifyResult(
                c.ok,
                c.person_id,
                c.name,
                c.period,
                c.zh,
                c.en,
                "ok" if c.ok else "fail",
                c.ok,
                "certificate",
                certificate=c.certificate,
            )
        p = parse(payload)
        visit_id = p.visit_id
        if visit_id is None:  # typed "报告编号 核验码": the report number names a visit of its date
            day = f"{p.report_no[:4]}-{p.report_no[4:6]}-{p.report_no[6:8]}" if p.report_no else ""
            try:
                found = [x.id for x in self.visits.list(day, day) if report_number(x.id, day) == p.report_no]
            except DomainError:
                found = []
            visit_id = found[0] if found else str(p.report_no)
        v = self.visits.get(visit_id) if p.visit_id or visit_id != p.report_no else None
        if v is None:
            return VerifyResult(
                False,
                visit_id,
                zh="本机数据中找不到该活动（请先同步）",
                en="visit not found in this device's data (sync first)",
            )
        with self.read() as s:
            site = sq.site(s, v.site_id)
        name = site.name if site else "?"
        figs = self.visit_figures(visit_id)
        matches, before_reopen = self._printed_matches(visit_id, p.version, p.digest)
        level, zh, en = _verdict(v.status, matches, before_reopen, self.visits.reopens(visit_id))
        return VerifyResult(level == "ok", visit_id, name, v.date, zh, en, level, matches, "visit", figs)

    # --- day receipt --------------------------------------------------------------------------

    def day_data(self, date: object, caravan_id: str | None = None) -> rm.DayReport:
        day = rules.date("date", date)
        nxt = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
        with self.read() as s:
            if caravan_id:
                if sq.van(s, caravan_id) is None:
                    raise NotFound("caravan_id", "找不到该大篷车", f"no such caravan: {caravan_id}")
                ids = [caravan_id]
            else:
                ids = list(sq.caravans_active(s, day, nxt))
            vans = sq.vans(s, ids)
        ids.sort(key=lambda c: (vans[c].name if c in vans else "", c))
        return rm.DayReport(day, [self._day_section(day, nxt, cid, vans.get(cid)) for cid in ids], _now())

    def _day_section(self, day: str, nxt: str, cid: str, van: Caravan | None) -> rm.DaySection:
        visits = []
        # In arrival order (a visit not yet arrived last, in planned order).
        day_visits = [v for v in self.visits.list(day, day, cid) if v.status != "cancelled"]
        day_visits.sort(key=lambda v: (v.arrived_at is None, v.arrived_at or "", v.id))
        for v in day_visits:
            summ = self.visits.summary(v.id)
            visits.append(
                rm.DayVisitLine(
                    v.site_name,
                    v.county or "",
                    label(VISIT_STATUS_LABELS, v.status),
                    v.arrived_at,
                    v.left_at,
                    summ.attendance,
                    summ.signins,
                    summ.books_by_unit,
                )
            )
        with self.read() as s:
            start = q.stock_balances(s, cid, until_at=day)
            sums = sq.movement_sums(s, cid, day, nxt)
            close = sq.last_day_close(s, cid, day)
            # a day close made before two titles were merged names either id: count the survivor's
            lines = (
                {merges.survivor(s, ln["title_id"]) or ln["title_id"]: ln for ln in day_close_lines(close.lines) or ()}
                if close
                else {}
            )
            title_ids = set(start) | {t for t, _k, _n in sums} | set(lines)
            titles = sq.titles(s, title_ids)
        by: dict[str, dict[str, int]] = {}
        for t, kind, n in sums:
            by.setdefault(t, {})[kind] = n
        stock = []
        for t in sorted(title_ids, key=lambda t: (titles[t].name if t in titles else "", t)):
            k = by.get(t, {})
            loaded = k.get(MovementKind.LOAD, 0) + k.get(MovementKind.TRANSFER_IN, 0)
            out = -(k.get(MovementKind.DISTRIBUTE, 0) + k.get(MovementKind.UNDO, 0))
            returned = k.get(MovementKind.RETURN, 0)
            other = k.get(MovementKind.UNLOAD, 0) + k.get(MovementKind.TRANSFER_OUT, 0) + k.get(MovementKind.ADJUST, 0)
            st = start.get(t, 0)
            end = st + sum(k.values())
            ln = lines.get(t)
            if not (st or end or k or ln):
                continue
            stock.append(
                rm.StockLine(
                    titles[t].name if t in titles else "?",
                    st,
                    loaded,
                    out,
                    returned,
                    other,
                    end,
                    int(ln["counted"]) if ln else (0 if close else None),
                    int(ln["difference"]) if ln else (None if not close else 0),
                    _unit(titles.get(t)),
                )
            )
        # a van known only from its movements (its record never arrived) has no readings
        km = self.mileage.day(cid, day) if self.mileage is not None and van is not None else None
        return rm.DaySection(
            _van(van),
            visits,
            stock,
            close.at if close else None,
            (close.note or "") if close else "",
            km.out_km if km else None,
            km.back_km if km else None,
        )

    def day_pdf(
        self, date: object, out: Path | IO[bytes], caravan_id: str | None = None, progress: Progress | None = None
    ) -> Path | None:
        """日结单 as an A4 PDF: one page (or more) per van active that day."""
        from ..reports.day_pdf import render_day

        progress = progress or _no_progress
        progress(0, 2, "读取当日数据")
        data = self.day_data(date, caravan_id)
        progress(1, 2, "排版")
        self.last_warnings = render_day(data, out)
        progress(2, 2, "完成")
        return Path(out) if isinstance(out, str | Path) else None

    # --- period statistics ----------------------------------------------------------------------

    def _request_ratings(self, a: str, b: str, caravan_id: str | None) -> rm.RequestRatings | None:
        """点单 and 评单 of the period (services/orders.py); None when no visit answered a request
        and none was rated (the report then has no such section)."""
        from .orders import OrderService, summarise

        rows = [v for v in self.visits.list(a, b, caravan_id) if v.status == "completed"]
        r = summarise(OrderService(self.db), rows)
        if not (r.for_requests or r.rated):
            return None
        return rm.RequestRatings(r.for_requests, r.rated, r.average, r.low)

    def _rate_url(self, v: Visit) -> str:
        """The hub's page where the school rates this visit (a QR on the report), or ""."""
        from ..domain.rating import rating_token

        server = self.db.get_meta("sync_server")
        if not server or v.status != "completed" or not v.request_id or not v.signin_token:
            return ""
        return f"{server}/rate/{rating_token(v.id, v.signin_token)}"

    def period_data(
        self, start: object, end: object, caravan_id: str | None = None, county: str | None = None
    ) -> rm.PeriodReport:
        """The period report of every van, one van, and/or the visits at one county's sites
        (a county's mileage and days out are those of the vans based there)."""
        a, b = rules.date("date", start), rules.date("date", end)
        county = rules.county(county) if county else None
        if a > b:
            from ..domain.errors import ValidationError

            raise ValidationError("to", "结束日期早于开始日期", "the end date is before the start date")
        with self.read() as s:
            van = sq.van(s, caravan_id) if caravan_id else None
            if caravan_id and van is None:
                raise NotFound("caravan_id", "找不到该大篷车", f"no such caravan: {caravan_id}")
            titles_raw = sq.period_titles(s, a, b, caravan_id, county)
            visit_titles = sq.period_visit_titles(s, a, b, caravan_id, county)
            visit_rows = sq.period_visits(s, a, b, caravan_id, county)
            # every van's duty: a person at two overlapping visits counts once (period_stats)
            duty = sq.period_duty_events(s, a, b, None)
            vans = sq.vans(s, {r[2] for r in visit_rows})
            titles = sq.titles(s, {t for t, _n, _v in titles_raw} | {t for _v, t, _n in visit_titles})
            people = sq.people(s, {e[1] for e in duty})
            groups = sq.period_groups(s, a, b, caravan_id, county)
            county_vans = sq.county_caravans(s, county) if county else None
            approved_only = review_store.office_setting(s, REPORTS_COUNT) == "approved"
            if approved_only:  # the office's synced choice: official reports count approved visits only
                inputs = review_store.review_inputs(s, [r[0] for r in visit_rows])
                passed = {v for v, (st, n, facts) in inputs.items() if review_state(st, n, facts).approved}
                visit_rows = [r for r in visit_rows if r[0] in passed]
                visit_titles = [x for x in visit_titles if x[0] in passed]
                titles_raw = _titles_of(visit_titles)
                groups = review_store.group_totals(s, sorted(passed))
            towns = sq.site_towns(s)
            year_a, year_b = f"{b[:4]}-01-01", f"{b[:4]}-12-31"
            year_towns = sq.period_towns(s, year_a, year_b, None)

        units: dict[str, dict[str, int]] = {}
        for vid, t, n in visit_titles:  # copies per visit and unit: 册 and 份 are never one number
            figures.add_units(units.setdefault(vid, {}), {_unit(titles.get(t)): n})
        lines = [replace(PeriodLine(*r), by_unit=figures.by_unit(units.get(r[0], {}).items())) for r in visit_rows]
        order = {c: i for i, c in enumerate(COUNTIES)}
        vols, staff = service_lines(
            duty, people, {x.id for x in lines} if caravan_id or county or approved_only else None
        )
        by_county = group_lines(lines, lambda x: x.county or "?")
        by_month = {r.key: r for r in group_lines(lines, lambda x: x.date[:7])}
        schools = [x for x in lines if x.kind in SCHOOL_KINDS]
        report = rm.PeriodReport(
            start=a,
            end=b,
            label=period_label(a, b),
            scope=" · ".join(x for x in (_van(van) if van else "", county or "") if x) or ALL_VANS,
            totals=(group_lines(lines, lambda _x: "合计") or [rm.Row("合计")])[0],
            schools=len({x.site_id for x in schools}),
            counties=len({x.county for x in lines if x.county}),
            by_county=sorted(by_county, key=lambda r: (order.get(r.key, 99), r.key)),
            by_caravan=sorted(group_lines(lines, lambda x: _van(vans.get(x.caravan_id))), key=lambda r: r.key),
            by_title=[
                rm.Row(titles[t].name if t in titles else "?", v, 0, n, 0, unit=_unit(titles.get(t)))
                for t, n, v in titles_raw
            ],
            by_month=[by_month.get(k) or rm.Row(k) for k in months_between(a, b)],
            visits=[
                rm.PeriodVisitLine(
                    x.date,
                    vans[x.caravan_id].name if x.caravan_id in vans else "?",
                    x.county or "",
                    x.site_name or "?",
                    x.theme or "",
                    x.people,
                    x.signins,
                    x.by_unit,
                    x.id,
                )
                for x in lines
            ],
            volunteers=vols,
            school_visits=len(schools),
            generated_at=_now(),
        )
        report.staff = staff
        report.counts = counts_line(approved_only)
        for x in lines:  # 活动剪影: the first chosen photo of each visit
            report.highlights += self.photo_lines(x.id, 1, visit=f"{x.date} {x.site_name or ''}".strip())
        report.top_titles = [x.key for x in report.by_title if x.unit in rm.BOOK_UNITS]
        report.books_by_unit = figures.by_unit((x.unit, x.books) for x in report.by_title)
        report.van_name = van.name if van else ""
        report.by_group = [(GROUP_LABELS[g][0], groups.get(g.value, 0)) for g in Group]
        report.ratings = self._request_ratings(a, b, caravan_id)
        counties_in_scope = {county} if county else {x.county for x in lines if x.county} if caravan_id else None
        by_town = {}
        for r in group_lines(lines, lambda x: f"{x.county or ''}\t{x.town or '（未填乡镇）'}"):
            county, town = r.key.split("\t")
            r.key, r.parent = town, county
            by_town[(county, town)] = r
        report.by_town = sorted(by_town.values(), key=lambda r: (order.get(r.parent, 99), r.parent, r.key))
        report.towns_not_visited = [
            (c, t)
            for c, t in sorted(towns, key=lambda x: (order.get(x[0], 99), x[0], x[1]))
            if (c, t) not in year_towns and (counties_in_scope is None or c in counties_in_scope)
        ]
        report.ratings = self._request_ratings(a, b, caravan_id)
        self._office_figures(report, lines, duty, people, a, b, caravan_id, vans, county_vans)  # r17
        from ..reports.period_text import work_paragraph

        report.paragraph = work_paragraph(report)
        return report

    # --- mileage, activity kinds and the 科普统计 indicators -------------------

    def _office_figures(
        self,
        report: rm.PeriodReport,
        lines: list[PeriodLine],
        duty: list[tuple[str, str, str, str, str | None]],
        people: dict[str, Person],
        a: str,
        b: str,
        caravan_id: str | None,
        vans: dict[str, Caravan],
        county_vans: set[str] | None = None,
    ) -> None:
        from ..domain.vocab import ACTIVITY_KIND_LABELS, ActivityKind, guess_activity_kind
        from ..reports.stats import by_category, stat_lines

        kinds: dict[str, list[int]] = {k.value: [0, 0] for k in ActivityKind}
        for x in lines:
            k = x.activity_kind if x.activity_kind in kinds else guess_activity_kind(x.theme, x.activities)
            kinds[k][0] += 1
            kinds[k][1] += int(x.people)
        report.by_kind = [(ACTIVITY_KIND_LABELS[k][0], kinds[k.value][0], kinds[k.value][1]) for k in ActivityKind]
        report.survey_visits = _survey_visits(lines, {c.id: _van(c) for c in vans.values()})
        report.by_kind = [(label, n, p) for _c, label, n, p in by_category(report.survey_visits)]
        if self.mileage is not None:
            readings = self.mileage.readings(a, b, caravan_id)
            if county_vans is not None:  # a county's km and days out: its own vans'
                readings = [r for r in readings if r.caravan_id in county_vans]
            with self.read() as s:
                more = sq.vans(s, {r.caravan_id for r in readings})
            names = {**more, **vans}
            per: dict[tuple[str, str], int] = {}
            for r in readings:
                key = (_van(names.get(r.caravan_id)), r.date[:7])
                per[key] = per.get(key, 0) + r.km
            report.km_rows = sorted((v, mth, km) for (v, mth), km in per.items())
            for r in readings:  # a day out with no visit is a day in the field too
                report.field_days.setdefault(_van(names.get(r.caravan_id)), set()).add(r.date)
            by_van: dict[str, int] = {}
            for v, _mth, km in report.km_rows:
                by_van[v] = by_van.get(v, 0) + km
            report.km_by_van = sorted(by_van.items())
            report.km_total = sum(by_van.values())
        # the people of the hours tables: volunteers (role volunteer) and staff (role crew) with
        # time on duty in the period, so P1-P3 count the very lines P4 and the staff hours add
        crew = sum(1 for x in report.staff if figures.is_staff(x.role))
        registered = sum(1 for x in report.volunteers if x.volunteer_no)
        report.stats = stat_lines(report, crew, len(report.volunteers), registered)

    def stats_xlsx(
        self, year: int, out: Path, caravan_id: str | None = None, county: str | None = None
    ) -> rm.PeriodReport:
        """`caravan report stats --year Y --xlsx F`: the 科普统计 indicator sheet of a year."""
        from ..reports.stats import export_stats_xlsx

        data = self.period_data(f"{int(year):04d}-01-01", f"{int(year):04d}-12-31", caravan_id, county)
        iss = self.settings.issuer() if self.settings is not None else None
        header = rm.StatsHeader(
            iss.name if iss else "",
            iss.head if iss else "",
            iss.clerk if iss else "",
            iss.phone if iss else "",
            self.clock.today().isoformat(),
        )  # the form's header block: the issuer of this laptop's settings, today as 报出日期
        export_stats_xlsx(data, Path(out), header)
        return data

    def period_files(
        self,
        start: object,
        end: object,
        pdf: Path | IO[bytes] | None = None,
        caravan_id: str | None = None,
        xlsx: Path | None = None,
        csv_dir: Path | None = None,
        progress: Progress | None = None,
        county: str | None = None,
    ) -> PeriodFiles:
        """Period statistics as a PDF and/or XLSX workbook and/or a folder of CSV files."""
        from ..reports.exports import export_csv, export_xlsx
        from ..reports.period_pdf import render_period

        progress = progress or _no_progress
        steps = 1 + sum(x is not None for x in (pdf, xlsx, csv_dir))
        progress(0, steps, "统计数据")
        data = self.period_data(start, end, caravan_id, county)
        files = PeriodFiles(paragraph=data.paragraph)
        done = 1
        if pdf is not None:
            progress(done, steps, "排版 PDF")
            self.last_warnings = render_period(data, pdf)
            files.pdf = Path(pdf) if isinstance(pdf, str | Path) else None
            done += 1
        if xlsx is not None:
            progress(done, steps, "写入 Excel")
            files.xlsx = export_xlsx(data, Path(xlsx))
            done += 1
        if csv_dir is not None:
            progress(done, steps, "写入 CSV")
            files.csv = export_csv(data, Path(csv_dir))
            done += 1
        progress(steps, steps, "完成")
        return files


def _titles_of(visit_titles: list[tuple[str, str, int]]) -> list[tuple[str, int, int]]:
    """(title, copies, visits) from per-visit copies, most copies first (``sq.period_titles``'s
    answer over a chosen set of visits)."""
    copies: dict[str, int] = {}
    visits: dict[str, set[str]] = {}
    for vid, t, n in visit_titles:
        copies[t] = copies.get(t, 0) + n
        visits.setdefault(t, set()).add(vid)
    return sorted(((t, n, len(visits[t])) for t, n in copies.items() if n), key=lambda x: (-x[1], x[0]))


def _survey_visits(lines: list[PeriodLine], van_names: dict[str, str]) -> list[rm.SurveyVisit]:
    """The period's visits as the 科普统计 survey counts them (every category each one held)."""
    from ..domain.vocab import guess_activity_kind
    from ..reports.stats import kinds_held

    out = []
    for x in lines:
        recorded = x.activity_kind or guess_activity_kind(x.theme, x.activities)
        out.append(
            rm.SurveyVisit(
                x.date,
                van_names.get(x.caravan_id, x.caravan_id),
                kinds_held(recorded, x.theme, x.activities),
                x.kind or "",
                int(x.people),
                x.theme or "",
            )
        )
    return out
