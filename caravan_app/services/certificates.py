"""Volunteer service certificates (志愿服务记录证明, issue #17), their 公示 list, verification,
and the volunteer record export (志愿服务记录, XLSX).

Hours come from ``VolunteerHoursService.rows`` — the very rows ``caravan hours export``
writes — so a certificate and the platform CSV can never disagree: minutes per visit, time on
duty at two overlapping visits counted once, travel not counted (duty starts on site).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Any

from ..domain import figures, rules
from ..domain.errors import NotFound, RuleError, ValidationError
from ..domain.vocab import PERSON_ROLE_LABELS, PersonRole, label
from ..reports import model as rm
from ..reports.certificate_code import CertFigures, parse_cert, person_tail
from .base import Clock
from .catalog import CatalogService
from .settings import SettingsService
from .volunteer_hours import HoursRow, VolunteerHoursService

_ID = re.compile(r"^(\d{17}[\dX]|\d{15})$")
STAFF_TITLE = "工作时长证明"


def staff_refused(p: dict[str, Any]) -> RuleError:
    """A 志愿服务记录证明 is for volunteers; a staff member's time is work (asked for explicitly)."""
    role = label(PERSON_ROLE_LABELS, p.get("role") or "") or "非志愿者"
    return RuleError(
        "person",
        f"{p['name']}的身份是“{role}”，不是志愿者：志愿服务记录证明只为志愿者出具。"
        f"如需证明其工作时长，请明确选择出具“{STAFF_TITLE}”（命令行加 --staff）",
        f"{p['name']} is not a volunteer (role {p.get('role')}): volunteer service certificates are for volunteers "
        f"only; to certify their working time, ask for a work-time certificate explicitly (--staff)",
    )


def mask_id(value: object) -> str:
    """A resident identity card number as printed: the first 3 and last 4 characters, the rest *."""
    s = str(value or "").strip().upper().replace(" ", "")
    if not s:
        return ""
    if not _ID.match(s):
        raise ValidationError("id_number", "证件号码格式不正确（应为15或18位身份证号）", "not a resident ID number")
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


class CertificateService:
    def __init__(
        self, hours: VolunteerHoursService, catalog: CatalogService, settings: SettingsService, clock: Clock
    ) -> None:
        self.hours = hours
        self.catalog = catalog
        self.settings = settings
        self.clock = clock
        self.last_warnings: list[str] = []

    @staticmethod
    def _period(start: object, end: object) -> tuple[str, str]:
        a, b = rules.date("from", start), rules.date("to", end)
        if a > b:
            raise ValidationError("to", "结束日期早于开始日期", "the end date is before the start date")
        return a, b

    def _person(self, person_id: str) -> dict[str, Any]:
        p = self.catalog.person(person_id)
        if p is None:
            raise NotFound("person_id", "找不到该人员", f"no such person: {person_id}")
        return p

    @staticmethod
    def figures(person_id: str, start: str, end: str, rows: list[HoursRow]) -> CertFigures:
        return CertFigures(person_id, start, end, tuple((r.visit_id, r.minutes) for r in rows))

    def rows(self, person: dict[str, Any], start: str, end: str) -> list[HoursRow]:
        """The services a certificate for this person lists: the hours CSV's rows, the staff's
        own time only for a staff member (whose certificate says so)."""
        return self.hours.rows(start, end, person["id"], volunteers_only=figures.is_volunteer(person.get("role")))

    def certificate(
        self,
        person_id: str,
        start: object,
        end: object,
        id_number: object = None,
        rows: list[HoursRow] | None = None,
        staff: bool = False,
    ) -> rm.Certificate:
        """One person's certificate. A person who is not a volunteer is refused unless ``staff``
        is asked for: then it is a 工作时长证明 (work time), never a volunteer service record."""
        a, b = self._period(start, end)
        p = self._person(person_id)
        is_staff = not figures.is_volunteer(p.get("role"))
        if is_staff and not staff:
            raise staff_refused(p)
        rows = rows if rows is not None else self.rows(p, a, b)
        fig = self.figures(person_id, a, b, rows)
        iss = self.settings.issuer()
        return rm.Certificate(
            name=p["name"],
            id_masked=mask_id(id_number),
            volunteer_no=p.get("volunteer_no") or "",
            team=p.get("team") or "",
            start=a,
            end=b,
            services=[rm.ServiceLine(r.date, r.site, r.content, r.minutes) for r in rows],
            issuer_name=iss.name,
            issuer_head=iss.head,
            issuer_clerk=iss.clerk,
            issuer_phone=iss.phone,
            number=fig.number(),
            code=fig.digest(),
            payload=fig.payload(),
            issued_on=self.clock.today().isoformat(),
            staff=is_staff,
            title=STAFF_TITLE if is_staff else "志愿服务记录证明",
        )

    def period_certificates(self, start: object, end: object) -> list[rm.Certificate]:
        """A certificate for every volunteer with service time in the period, by name."""
        a, b = self._period(start, end)
        per: dict[str, list[HoursRow]] = {}
        for r in self.hours.rows(a, b):
            per.setdefault(r.person_id, []).append(r)
        people = {p["id"]: p for p in self.catalog.people(role=PersonRole.VOLUNTEER.value)}
        certs = [self.certificate(pid, a, b, rows=rows) for pid, rows in per.items() if pid in people]
        return sorted(certs, key=lambda c: (c.name, c.number))

    def pdf(
        self,
        person_id: str,
        start: object,
        end: object,
        out: Path | IO[bytes],
        id_number: object = None,
        staff: bool = False,
    ) -> Any:
        from ..reports.certificate_pdf import render_certificates

        c = self.certificate(person_id, start, end, id_number, staff=staff)
        if not c.services:
            raise ValidationError(
                "person", f"{c.name}在该期间没有志愿服务记录", f"{c.name} has no volunteer service in this period"
            )
        self.last_warnings = render_certificates([c], out)
        return c

    def all_pdf(self, start: object, end: object, out: Path | IO[bytes]) -> list[rm.Certificate]:
        from ..reports.certificate_pdf import render_certificates

        certs = self.period_certificates(start, end)
        self.last_warnings = render_certificates(certs, out)
        return certs

    def publicity(
        self, start: object, end: object, pdf: Path | IO[bytes] | None = None, xlsx: Path | None = None
    ) -> list[rm.Certificate]:
        """公示 list of the period's certificates as a PDF and/or XLSX."""
        from ..reports.certificate_pdf import render_publicity
        from ..reports.tables import Sheet, write_xlsx

        a, b = self._period(start, end)
        certs = self.period_certificates(a, b)
        if pdf is not None:
            self.last_warnings = render_publicity(certs, a, b, self.settings.issuer().name, pdf)
        if xlsx is not None:
            rows = [
                [i, c.number, c.name, c.volunteer_no, len(c.services), c.minutes, c.hours]
                for i, c in enumerate(certs, 1)
            ]
            write_xlsx(
                Path(xlsx),
                [
                    Sheet(
                        "公示",
                        ["序号", "证明编号", "姓名", "志愿者编号", "服务次数", "时长（分钟）", "时长（小时）"],
                        rows,
                    )
                ],
                title="志愿服务记录证明公示",
                period=f"{a}～{b}",
            )
        return certs

    def verify(self, payload: str) -> tuple[bool, str, str, str, str, str]:
        """(ok, person id, name, period, zh, en) for a scanned or typed certificate code."""
        p = parse_cert(payload)
        period = f"{p.start}～{p.end}"
        person = self.catalog.person(p.person_id) if p.person_id else None
        if p.tail:
            person = next((x for x in self.catalog.people() if person_tail(x["id"]) == p.tail), None)
        if person is None:
            return (False, p.person_id or "", "", period, "本机数据中找不到该志愿者（请先同步）",
                    "volunteer not found in this device's data (sync first)")  # fmt: skip
        fig = self.figures(person["id"], p.start, p.end, self.rows(person, p.start, p.end))
        if fig.digest() == p.digest:
            return (True, person["id"], person["name"], period, "核验通过：证明的服务记录与数据一致",
                    "verified: the certificate's service record matches the data")  # fmt: skip
        return (False, person["id"], person["name"], period, "核验失败：证明出具后服务记录已变更，或证明被改动",
                "verification failed: the service record changed after issue, or the certificate was altered")  # fmt: skip

    def certified_for(self, payload: str) -> Any:
        """The figures the data holds now for a scanned or typed certificate code
        (reporting.CertificateFigures: person, period, each service's minutes and hours, the
        total as the certificate prints it), for ``verify`` to show; None when unknown."""
        from .reporting import CertificateFigures, PersonFigure, ServiceFigure

        p = parse_cert(payload)
        person = self.catalog.person(p.person_id) if p.person_id else None
        if p.tail:
            person = next((x for x in self.catalog.people() if person_tail(x["id"]) == p.tail), None)
        if person is None:
            return None
        rows = self.rows(person, p.start, p.end)
        staff = not figures.is_volunteer(person.get("role"))
        return CertificateFigures(
            number=self.figures(person["id"], p.start, p.end, rows).number(),
            title=STAFF_TITLE if staff else "志愿服务记录证明",
            person=PersonFigure(
                person["name"],
                person.get("role") or "",
                sum(r.minutes for r in rows),
                figures.hours_sum(r.minutes for r in rows),
            ),
            volunteer_no=person.get("volunteer_no") or "",
            start=p.start,
            end=p.end,
            services=tuple(ServiceFigure(r.date, r.site, r.minutes, r.hours) for r in rows),
        )

    # --- the volunteer record (志愿服务记录) ----------------------------------------------------

    def record_xlsx(self, start: object, end: object, out: Path, person_id: str | None = None) -> int:
        """The national record's blocks per volunteer, filled where the app knows them:
        个人基本信息, 志愿服务情况, 培训情况, 表彰奖励情况, 评价情况 (one sheet each).
        Returns the number of volunteers."""
        from ..reports.tables import Sheet, write_xlsx

        a, b = self._period(start, end)
        if person_id and not figures.is_volunteer(self._person(person_id).get("role")):
            raise staff_refused(self._person(person_id))
        rows = self.hours.rows(a, b, person_id)  # volunteers only: the record is of volunteer service
        per: dict[str, list[HoursRow]] = {}
        for r in rows:
            per.setdefault(r.person_id, []).append(r)
        if person_id:
            self._person(person_id)
            per.setdefault(person_id, [])
        people = [self._person(pid) for pid in per]
        people.sort(key=lambda p: (p["name"], p["id"]))
        basic = [
            [p["name"], p.get("volunteer_no") or "", "", p.get("phone") or "", p.get("organisation") or "",
             p.get("team") or "", "志愿者" if p["role"] == "volunteer" else "工作人员"]
            for p in people
        ]  # fmt: skip
        service = [
            [p["name"], p.get("volunteer_no") or "", r.date, r.site, r.content, r.minutes, r.hours]
            for p in people
            for r in per[p["id"]]
        ]
        summary = [
            [p["name"], p.get("volunteer_no") or "", len(per[p["id"]]), sum(r.minutes for r in per[p["id"]]),
             figures.hours_sum(r.minutes for r in per[p["id"]])]
            for p in people
        ]  # fmt: skip
        # Training, awards and evaluations are not recorded by the app: the sheets carry each
        # volunteer's row with the columns of the national record, for the office to fill in.
        blank = [[p["name"], p.get("volunteer_no") or "", "", "", ""] for p in people]
        write_xlsx(
            Path(out),
            [
                Sheet(
                    "个人基本信息", ["姓名", "志愿者编号", "证件号码", "联系电话", "所在单位", "服务队", "身份"], basic
                ),
                Sheet(
                    "志愿服务情况",
                    ["姓名", "志愿者编号", "服务日期", "服务地点", "服务内容", "时长（分钟）", "时长（小时）"],
                    service,
                ),  # fmt: skip
                Sheet("志愿服务汇总", ["姓名", "志愿者编号", "服务次数", "时长（分钟）", "时长（小时）"], summary),
                Sheet("培训情况", ["姓名", "志愿者编号", "培训日期", "培训内容", "培训时长（小时）"], blank),
                Sheet("表彰奖励情况", ["姓名", "志愿者编号", "获得日期", "表彰奖励名称", "授予单位"], blank),
                Sheet("评价情况", ["姓名", "志愿者编号", "评价日期", "评价内容", "评价单位"], blank),
            ],
            title="志愿服务记录",
            period=f"{a}～{b}",
        )
        return len(people)
