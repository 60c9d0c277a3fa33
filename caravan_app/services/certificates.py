"""Volunteer service certificates (志愿服务记录证明), their 公示 list, verification,
and the volunteer record export (志愿服务记录, XLSX).

Hours come from ``VolunteerHoursService.rows`` — the very rows ``caravan hours export``
writes — so a certificate and the platform CSV can never disagree: minutes per visit, time on
duty at two overlapping visits counted once, travel not counted (duty starts on site).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..domain import figures, rules
from ..domain.errors import NotFound, RuleError, ValidationError
from ..domain.ids import new_id
from ..domain.records.certificates import CertificateIssue
from ..domain.vocab import PERSON_ROLE_LABELS, PersonRole, label
from ..reports import model as rm
from ..reports.certificate_code import CertFigures, issue_number, issued_payload, parse_cert, person_tail
from ..storage import certificate_store
from .base import Clock
from .catalog import CatalogService
from .settings import SettingsService
from .volunteer_hours import HoursRow, VolunteerHoursService

if TYPE_CHECKING:
    from .reporting import CertificateFigures

_ID = re.compile(r"^(\d{17}[\dX]|\d{15})$")
STAFF_TITLE = "工作时长证明"
VOLUNTEER_TITLE = "志愿服务记录证明"


def title_for(staff: bool, reprint: bool = False) -> str:
    """The certificate's title: a staff member's time is work (工作时长证明); a 补发 says so."""
    return (STAFF_TITLE if staff else VOLUNTEER_TITLE) + ("（补发）" if reprint else "")


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


PUBLICITY_DAYS = 7  # 公示期: at least seven days
RESIDENT_ID = "居民身份证"
# 证件类型 as the national volunteer system lists them.
ID_TYPES = (
    RESIDENT_ID,
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "港澳台居民居住证",
    "护照",
    "外国人永久居留身份证",
)


def mask_id(value: object, id_type: str = RESIDENT_ID) -> str:
    """An ID number as printed: a resident identity card's first 3 and last 4 characters, the
    rest *; another document's first 2 and last 2."""
    s = str(value or "").strip().upper().replace(" ", "")
    if not s:
        return ""
    if id_type == RESIDENT_ID:
        if not _ID.match(s):
            raise ValidationError("id_number", "证件号码格式不正确（应为15或18位身份证号）", "not a resident ID number")
        return s[:3] + "*" * (len(s) - 7) + s[-4:]
    if not re.match(r"^[0-9A-Z()（）-]{5,30}$", s):
        raise ValidationError("id_number", f"{id_type}号码格式不正确", f"not a valid {id_type} number")
    return s[:2] + "*" * (len(s) - 4) + s[-2:]


def id_type_of(value: object) -> str:
    t = str(value or "").strip() or RESIDENT_ID
    if t in ("身份证", "ID"):
        t = RESIDENT_ID
    if t not in ID_TYPES:
        raise ValidationError(
            "id_type", f"证件类型“{t}”不在可选范围：{'、'.join(ID_TYPES)}", f"unknown ID type {t!r}: one of {ID_TYPES}"
        )
    return t


@dataclass(frozen=True)
class IdDoc:
    """A person's ID as given for one certificate: never stored, only its masked form."""

    id_type: str
    number: str

    def masked(self) -> str:
        return mask_id(self.number, self.id_type)


@dataclass(frozen=True)
class CertVerify:
    """What ``verify`` found for a certificate code (a register row's figures when issued).
    ``certificate``: the figures to compare with the paper (reporting.CertificateFigures),
    None when the check failed or the person is unknown."""

    ok: bool
    person_id: str
    name: str
    period: str
    zh: str
    en: str
    number: str = ""
    minutes: int = 0
    services: int = 0
    issued_on: str = ""
    reprint_of: str = ""
    certificate: CertificateFigures | None = None


class CertificateService:
    def __init__(
        self, hours: VolunteerHoursService, catalog: CatalogService, settings: SettingsService, clock: Clock
    ) -> None:
        self.hours = hours
        self.catalog = catalog
        self.settings = settings
        self.clock = clock
        self.db = catalog.db  # the register is in the same database as the people it names
        self.last_warnings: list[str] = []

    def _period(self, start: object, end: object) -> tuple[str, str]:
        """The certified period: a certificate never certifies days after its issue date (a
        period asked to the end of the year is cut at today)."""
        a, b = rules.date("from", start), rules.date("to", end)
        if a > b:
            raise ValidationError("to", "结束日期早于开始日期", "the end date is before the start date")
        today = self.clock.today().isoformat()
        if a > today:
            raise ValidationError(
                "from", f"开始日期 {a} 在出具日期 {today} 之后：不能证明尚未发生的服务",
                f"the start date {a} is after today ({today}): no certificate for service not yet done",
            )  # fmt: skip
        return a, min(b, today)

    def _person(self, person_id: str) -> dict[str, Any]:
        p = self.catalog.person(person_id)
        if p is None:
            raise NotFound("person_id", "找不到该人员", f"no such person: {person_id}")
        return p.to_dict()

    def require_issuer(self) -> None:
        """No certificate or 公示 without the issuing body's name, head and telephone: a
        school or employer must know who vouches for it and whom to call."""
        iss = self.settings.issuer()
        missing = [zh for zh, v in (("出具单位名称", iss.name), ("负责人", iss.head), ("联系电话", iss.phone)) if not v]
        if missing:
            raise ValidationError(
                "issuer",
                f"出具单位信息不完整，缺少：{'、'.join(missing)}。请先运行 "
                "caravan settings issuer --name 单位名称 --head 负责人 --clerk 经办人 --phone 电话",
                "the issuer is incomplete (missing: "
                + ", ".join(en for en, v in (("name", iss.name), ("head", iss.head), ("phone", iss.phone)) if not v)
                + "): run caravan settings issuer --name … --head … --clerk … --phone …",
            )

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
        id_type: object = None,
        staff: bool = False,
    ) -> rm.Certificate:
        """One person's certificate as a preview (not yet issued: no number until it is printed
        through the register). A person who is not a volunteer is refused unless ``staff`` is
        asked for: then it is a 工作时长证明 (work time), never a volunteer service record."""
        a, b = self._period(start, end)
        p = self._person(person_id)
        is_staff = not figures.is_volunteer(p.get("role"))
        if is_staff and not staff:
            raise staff_refused(p)
        rows = rows if rows is not None else self.rows(p, a, b)
        fig = self.figures(person_id, a, b, rows)
        iss = self.settings.issuer()
        kind = id_type_of(id_type) if id_number else ""
        return rm.Certificate(
            name=p["name"],
            id_masked=mask_id(id_number, kind) if id_number else "",
            volunteer_no=p.get("volunteer_no") or "",
            team=p.get("team") or "",
            start=a,
            end=b,
            services=[rm.ServiceLine(r.date, r.site, r.content, r.minutes, r.visit_id) for r in rows],
            issuer_name=iss.name,
            issuer_head=iss.head,
            issuer_clerk=iss.clerk,
            issuer_phone=iss.phone,
            number="",
            code=fig.digest(),
            payload="",
            issued_on=self.clock.today().isoformat(),
            staff=is_staff,
            title=title_for(is_staff),
            id_type=kind,
            person_id=person_id,
        )

    def period_certificates(self, start: object, end: object) -> list[rm.Certificate]:
        """A certificate for every volunteer with service time in the period, by name."""
        a, b = self._period(start, end)
        per: dict[str, list[HoursRow]] = {}
        for r in self.hours.rows(a, b):
            per.setdefault(r.person_id, []).append(r)
        people = {p.id: p for p in self.catalog.people(role=PersonRole.VOLUNTEER.value)}
        certs = [self.certificate(pid, a, b, rows=rows) for pid, rows in per.items() if pid in people]
        return sorted(certs, key=lambda c: (c.name, c.person_id))

    # --- issuing: the register --------------------------------------------------------------

    def _numbered(self, c: rm.Certificate, reprint_of: str = "") -> tuple[rm.Certificate, str]:
        """``c`` with its own number, code and QR (and the register id to write it under)."""
        rid = new_id()
        number = issue_number(c.issued_on, rid)
        fig = CertFigures(c.person_id, c.start, c.end, tuple((s.visit_id, s.minutes) for s in c.services))
        code = fig.issued_digest(number)
        return replace(c, number=number, code=code, payload=issued_payload(number, code), reprint_of=reprint_of), rid

    def numbered(self, c: rm.Certificate) -> tuple[rm.Certificate, str]:
        """A preview numbered for issue, and the register id to record it under (the hub's
        console issues through this and records the row as its own synced record)."""
        return self._numbered(c)

    def _register(self, u: Any, c: rm.Certificate, rid: str, role: str) -> None:
        u.insert("certificate_issue", self.register_data(c, role, rid).data(), record_id=rid)

    def register_data(self, c: rm.Certificate, role: str, record_id: str) -> CertificateIssue:
        """The register row of an issued certificate (the synced ``certificate_issue`` record
        ``record_id``, the id ``numbered`` gave it)."""
        iss = {"name": c.issuer_name, "head": c.issuer_head, "clerk": c.issuer_clerk, "phone": c.issuer_phone}
        return CertificateIssue(
            id=record_id,
            number=c.number,
            person_id=c.person_id,
            name=c.name,
            role=role,
            start=c.start,
            end=c.end,
            issued_on=c.issued_on,
            minutes=c.minutes,
            services=json.dumps(
                [[s.visit_id, s.date, s.site, s.content, s.minutes] for s in c.services], ensure_ascii=False
            ),
            digest=c.code,
            reprint_of=c.reprint_of or None,
            id_type=c.id_type or None,
            id_masked=c.id_masked or None,
            issuer=json.dumps(iss, ensure_ascii=False),
            at=rules.timestamp(self.clock.now()),
        )

    def _issue(self, certs: list[rm.Certificate], out: Path | IO[bytes], reprint_of: str = "") -> list[rm.Certificate]:
        """Number the certificates, print them, then write them into the register (one
        transaction): a paper that failed to print is not registered, none is printed twice."""
        from ..reports.certificate_pdf import render_certificates
        from ..reports.fonts import require_drawable

        self.require_issuer()
        for c in certs:
            require_drawable("name", c.name)  # a certificate with □ for a name is no certificate
        numbered = [self._numbered(c, reprint_of) for c in certs]
        issued = [c for c, _rid in numbered]
        self.last_warnings = render_certificates(issued, out)
        roles = {p.id: p.role or "" for p in self.catalog.people()}
        try:
            with self.catalog.unit() as u:
                for c, rid in numbered:
                    self._register(u, c, rid, roles.get(c.person_id, ""))
        except BaseException:
            if isinstance(out, str | Path):  # a paper whose number is in no register must not stay
                Path(out).unlink(missing_ok=True)
            raise
        return issued

    def pdf(
        self,
        person_id: str,
        start: object,
        end: object,
        out: Path | IO[bytes],
        id_number: object = None,
        id_type: object = None,
        staff: bool = False,
    ) -> rm.Certificate:
        """Issue one person's certificate (printed and registered under its own number); a
        staff member's 工作时长证明 only when ``staff`` is asked for."""
        c = self.certificate(person_id, start, end, id_number, id_type=id_type, staff=staff)
        if not c.services:
            what = "工作时长" if c.staff else "志愿服务"
            raise ValidationError(
                "person", f"{c.name}在该期间没有{what}记录", f"{c.name} has no service time in this period"
            )
        return self._issue([c], out)[0]

    def all_pdf(
        self, start: object, end: object, out: Path | IO[bytes], ids: dict[str, IdDoc] | None = None
    ) -> list[rm.Certificate]:
        """Issue every volunteer's certificate of the period in one PDF; ``ids``: ID documents
        by person id (optional, per person)."""
        certs = self.period_certificates(start, end)
        for i, c in enumerate(certs):
            doc = (ids or {}).get(c.person_id)
            if doc is not None:
                certs[i] = replace(c, id_type=doc.id_type, id_masked=doc.masked())
        return self._issue(certs, out) if certs else self._issue_none(out)

    def _issue_none(self, out: Path | IO[bytes]) -> list[rm.Certificate]:
        from ..reports.certificate_pdf import render_certificates

        self.last_warnings = render_certificates([], out)
        return []

    def read_ids(self, path: Path) -> dict[str, IdDoc]:
        """ID documents for a batch from a CSV/XLSX sheet with the columns 姓名 or 志愿者编号,
        证件类型 (optional: 居民身份证) and 证件号码. Every row is checked first."""
        people = self.catalog.people()
        by_no = {p.volunteer_no: p.id for p in people if p.volunteer_no}
        by_name: dict[str, list[str]] = {}
        for p in people:
            by_name.setdefault(p.name, []).append(p.id)
        out: dict[str, IdDoc] = {}
        for n, row in enumerate(_table_rows(Path(path)), 2):
            number = str(row.get("证件号码") or "").strip()
            if not number:
                continue
            no, name = str(row.get("志愿者编号") or "").strip(), str(row.get("姓名") or "").strip()
            pid = by_no.get(no) if no else None
            if pid is None and name:
                found = by_name.get(name, [])
                if len(found) > 1:
                    raise ValidationError(
                        "姓名", f"第 {n} 行：有 {len(found)} 人叫“{name}”，请填写志愿者编号",
                        f"row {n}: {len(found)} people are called {name!r}: give the volunteer number",
                    )  # fmt: skip
                pid = found[0] if found else None
            if pid is None:
                raise ValidationError(
                    "姓名", f"第 {n} 行：找不到志愿者“{name or no}”", f"row {n}: no volunteer {name or no!r}"
                )
            doc = IdDoc(id_type_of(row.get("证件类型")), number)
            try:
                doc.masked()
            except ValidationError as e:
                raise ValidationError(e.field, f"第 {n} 行：{e.zh}", f"row {n}: {e.en}") from None
            out[pid] = doc
        return out

    def issued(self, person_id: str | None = None, number: str | None = None) -> list[rm.IssuedCertificate]:
        """The register: every certificate issued (of one person, or by number), oldest first."""
        with self.catalog.read() as s:
            return [_issued(r) for r in certificate_store.issues(s, number=number, person_id=person_id)]

    def reprint(self, number: str, out: Path | IO[bytes]) -> rm.Certificate:
        """A 补发 of an issued certificate: the same person, period and figures as the original
        (not today's data), a number of its own, and the original's number printed on it."""
        found = self.issued(number=number.strip().upper())
        if not found:
            raise NotFound("number", f"出具登记中没有证明编号 {number}（请先同步）", f"no issued certificate {number}")
        orig = found[0]
        person = self.catalog.person(orig.person_id)
        iss = self.settings.issuer()
        c = rm.Certificate(
            name=orig.name,
            id_masked=orig.id_masked,
            volunteer_no=(person.volunteer_no if person else None) or "",
            team=(person.team if person else None) or "",
            start=orig.start,
            end=orig.end,
            services=list(orig.services),
            issuer_name=iss.name,
            issuer_head=iss.head,
            issuer_clerk=iss.clerk,
            issuer_phone=iss.phone,
            number="",
            code="",
            payload="",
            issued_on=self.clock.today().isoformat(),
            id_type=orig.id_type,
            person_id=orig.person_id,
            staff=orig.staff,
            title=title_for(orig.staff),
        )
        return self._issue([c], out, reprint_of=orig.number)[0]

    def publicity(
        self,
        start: object,
        end: object,
        pdf: Path | IO[bytes] | None = None,
        xlsx: Path | None = None,
        days: int = PUBLICITY_DAYS,
        from_day: object = None,
    ) -> list[rm.Certificate]:
        """公示 list of the period's certificates as a PDF and/or XLSX, with its 公示期 (at least
        seven days, from ``from_day``, default today) and whom to call with an objection."""
        from ..reports.certificate_pdf import render_publicity
        from ..reports.tables import Sheet, write_xlsx

        if days < PUBLICITY_DAYS:
            raise ValidationError(
                "days", f"公示期不少于 {PUBLICITY_DAYS} 天（给出的是 {days} 天）",
                f"the notice must run at least {PUBLICITY_DAYS} days (got {days})",
            )  # fmt: skip
        self.require_issuer()
        a, b = self._period(start, end)
        first = dt.date.fromisoformat(rules.date("from_day", from_day or self.clock.today().isoformat()))
        notice = rm.Publicity(first.isoformat(), (first + dt.timedelta(days=days - 1)).isoformat(), days)
        certs = self.period_certificates(a, b)
        iss = self.settings.issuer()
        if pdf is not None:
            self.last_warnings = render_publicity(
                certs, a, b, iss.name, pdf, notice=notice, contact=iss.contact("电话：")
            )
        if xlsx is not None:
            rows = [[i, c.name, c.volunteer_no, len(c.services), c.minutes, c.hours] for i, c in enumerate(certs, 1)]
            write_xlsx(
                Path(xlsx),
                [Sheet("公示", ["序号", "姓名", "志愿者编号", "服务次数", "时长（分钟）", "时长（小时）"], rows)],
                title="志愿服务记录证明公示",
                period=f"{a}～{b}  公示期 {notice.start}～{notice.end}",
            )
        return certs

    def check(self, payload: str) -> CertVerify:
        """An issued certificate (CFLC2) is checked against the register's figures — what was
        certified on the issue date, so later service never breaks it; the figures are said, so
        the office compares them with the paper. A certificate from before the register (CFLC1)
        is checked against today's data."""

        p = parse_cert(payload)
        if p.number:
            return self._check_issued(p.number, p.digest)
        period = f"{p.start}～{p.end}"
        found = self.catalog.person(p.person_id) if p.person_id else None
        if p.tail:
            found = next((x for x in self.catalog.people() if person_tail(x.id) == p.tail), None)
        person = found.to_dict() if found is not None else None
        if person is None:
            return CertVerify(False, p.person_id or "", "", period, "本机数据中找不到该志愿者（请先同步）",
                              "volunteer not found in this device's data (sync first)")  # fmt: skip
        rows = self.rows(person, p.start, p.end)
        fig = self.figures(person["id"], p.start, p.end, rows)
        now = self._figures_now(person, p.start, p.end, rows, fig.number())
        if fig.digest() == p.digest:
            return CertVerify(True, person["id"], person["name"], period, "核验通过：证明的服务记录与数据一致",
                              "verified: the certificate's service record matches the data",
                              certificate=now)  # fmt: skip
        return CertVerify(False, person["id"], person["name"], period, "核验失败：证明出具后服务记录已变更，或证明被改动",
                          "verification failed: the service record changed after issue, or the certificate was altered",
                          certificate=now)  # fmt: skip

    def _check_issued(self, number: str, digest: str) -> CertVerify:
        found = self.issued(number=number)
        if not found:
            return CertVerify(
                False, "", "", "", f"出具登记中没有证明编号 {number}（请先同步后再核验）",
                f"certificate {number} is not in this device's register (sync first)",
            )  # fmt: skip
        c = found[0]
        fig = CertFigures(c.person_id, c.start, c.end, tuple((s.visit_id, s.minutes) for s in c.services))
        period = f"{c.start}～{c.end}"
        if fig.issued_digest(c.number) != digest or c.digest != digest:
            # no figures said: whoever holds only a number learns nothing of the person
            return CertVerify(
                False, "", "", period, f"核验失败：核验码与证明编号 {number} 的出具登记不符，证明可能被改动",
                "verification failed: the code does not match the register", c.number,
            )  # fmt: skip
        with self.catalog.read() as s:
            later = [x.number for x in certificate_store.reprints_of(s, c.number)]
        zh = (
            f"核验通过：{title_for(c.staff, bool(c.reprint_of))} 证明编号 {c.number}，{c.name}，"
            f"{zh_span(c.start, c.end)}，{'工作' if c.staff else '志愿服务'} {len(c.services)} 次，"
            f"合计 {c.minutes} 分钟（{figures.hours_text(c.hours)} 小时），{c.issued_on} 出具"
            + (f"；本件为补发，原证明编号 {c.reprint_of}" if c.reprint_of else "")
            + (f"；此证明已补发（{'、'.join(later)}），请以补发件为准" if later else "")
            + "。请与纸面逐项核对"
        )
        en = (
            f"verified: {c.number}, {c.name}, {c.start}..{c.end}, {len(c.services)} services, {c.minutes} minutes, "
            f"issued {c.issued_on}" + (f", reprint of {c.reprint_of}" if c.reprint_of else "")
            + (f", replaced by {', '.join(later)}" if later else "")
        )  # fmt: skip
        return CertVerify(True, c.person_id, c.name, period, zh, en, c.number, c.minutes, len(c.services),
                          c.issued_on, c.reprint_of, self._figures_issued(c))  # fmt: skip

    def _figures_now(
        self, person: dict[str, Any], start: str, end: str, rows: list[HoursRow], number: str
    ) -> CertificateFigures:
        """What a certificate from before the register certifies, from the data now."""
        from .reporting import CertificateFigures, PersonFigure, ServiceFigure

        return CertificateFigures(
            number=number,
            title=title_for(not figures.is_volunteer(person.get("role"))),
            person=PersonFigure(
                person["name"],
                person.get("role") or "",
                sum(r.minutes for r in rows),
                figures.hours_sum(r.minutes for r in rows),
            ),
            volunteer_no=person.get("volunteer_no") or "",
            start=start,
            end=end,
            services=tuple(ServiceFigure(r.date, r.site, r.minutes, r.hours) for r in rows),
        )

    def _figures_issued(self, c: rm.IssuedCertificate) -> CertificateFigures:
        """What an issued certificate certified, from its register row (the paper's figures)."""
        from .reporting import CertificateFigures, PersonFigure, ServiceFigure

        person = self.catalog.person(c.person_id)
        return CertificateFigures(
            number=c.number,
            title=title_for(c.staff, bool(c.reprint_of)),
            person=PersonFigure(c.name, c.role, c.minutes, c.hours),
            volunteer_no=(person.volunteer_no if person else None) or "",
            start=c.start,
            end=c.end,
            services=tuple(ServiceFigure(x.date, x.site, x.minutes, x.hours) for x in c.services),
            issued_on=c.issued_on,
            reprint_of=c.reprint_of,
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


def _table_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8 or GBK, as offices save it) or XLSX sheet, by header."""
    import csv
    import io

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            grid = [
                ["" if v is None else str(v).strip() for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)
            ]
        finally:
            wb.close()
    else:
        from .importer import decode_bytes

        grid = [[c.strip() for c in r] for r in csv.reader(io.StringIO(decode_bytes(path.read_bytes())[0]))]
    if not grid:
        return []
    head = grid[0]
    return [dict(zip(head, r, strict=False)) for r in grid[1:] if any(r)]


def zh_span(a: str, b: str) -> str:
    from ..reports.fmt import zh_date

    return f"{zh_date(a)}至{zh_date(b)}"


def _issued(r: CertificateIssue) -> rm.IssuedCertificate:
    try:
        lines = json.loads(r.services or "[]")
    except ValueError:
        lines = []
    services = [rm.ServiceLine(str(d), str(site), str(content), int(n), str(v)) for v, d, site, content, n in lines]
    return rm.IssuedCertificate(
        number=r.number,
        person_id=r.person_id,
        name=r.name,
        role=r.role or "",
        start=r.start,
        end=r.end,
        issued_on=r.issued_on,
        minutes=r.minutes,
        services=services,
        digest=r.digest,
        reprint_of=r.reprint_of or "",
        id_type=r.id_type or "",
        id_masked=r.id_masked or "",
        issuer=r.issuer or "",
    )
