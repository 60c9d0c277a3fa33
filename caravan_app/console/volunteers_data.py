"""The 志愿者 page's figures over the office read model: hours per volunteer and per staff
member (apart, as ``domain/figures.py`` says), the certificate register the laptops use, and
the 公示 list (names, numbers and hours; never a phone number or an ID number).

Issuing from the hub: the register (``certificate_issue``) is a synced, append-only record.
The read model is derived from the hub's records, so a certificate written into it would be
gone at the next rebuild and never reach a laptop. The hub therefore numbers and prints the
certificate with the laptop's own ``CertificateService`` over the read model, and hands the
register row to an ``author`` function (the hub's ``server/authoring.py``), which stores it as
a record of the hub's own device; the read model then pulls it like any laptop does."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from ..domain import figures
from ..reports import model as rm
from ..services.app import App
from .stats_data import ListTable, Scope

Author = Callable[[str, str, dict[str, object]], object]  # (entity, record id, data)


@dataclass(frozen=True)
class HoursLine:
    person_id: str
    name: str
    team: str
    volunteer_no: str
    visits: int
    minutes: int
    hours: float


@dataclass(frozen=True)
class HoursTable:
    lines: list[HoursLine]
    visits: int
    minutes: int
    hours: float  # the sum of the printed lines (figures.add_hours), as the PDF's 合计


@dataclass(frozen=True)
class PublicLine:
    """One line of the 公示: what the certificate will certify, nothing private."""

    name: str
    volunteer_no: str
    services: int
    minutes: int
    hours: float


@dataclass(frozen=True)
class VolunteersPage:
    scope: Scope
    volunteers: HoursTable
    staff: HoursTable
    register: list[rm.IssuedCertificate]
    public: list[PublicLine]
    public_hours: float


def _table(lines: list[rm.VolunteerLine]) -> HoursTable:
    out = [HoursLine(x.person_id, x.name, x.team, x.volunteer_no, x.visits, x.minutes, x.hours) for x in lines]
    return HoursTable(
        out,
        sum(x.visits for x in out),
        sum(x.minutes for x in out),
        figures.add_hours(x.hours for x in out),
    )


class VolunteersData:
    def __init__(self, app: App) -> None:
        self.app = app

    def page(self, sc: Scope) -> VolunteersPage:
        r = self.app.reports.period_data(sc.start, sc.end, sc.caravan_id, sc.county)
        vols, staff = _table(r.volunteers), _table(r.staff)
        scoped = sc.caravan_id is not None or sc.county is not None
        people = {x.person_id for x in vols.lines} | {x.person_id for x in staff.lines}
        register = [c for c in self.app.certificates.issued() if not scoped or c.person_id in people]
        public = self.public(sc, people if scoped else None)
        return VolunteersPage(sc, vols, staff, register, public, figures.add_hours(x.hours for x in public))

    def public(self, sc: Scope, people: set[str] | None = None) -> list[PublicLine]:
        """The 公示 list: the period's certificates (a period never past today), by name; of
        the people in ``people`` only when the viewer's scope is one van or county."""
        certs = self.app.certificates.period_certificates(sc.start, min(sc.end, self.app.clock.today().isoformat()))
        return [
            PublicLine(c.name, c.volunteer_no, len(c.services), c.minutes, c.hours)
            for c in certs
            if people is None or c.person_id in people
        ]

    def adopt_issuer(self) -> None:
        """The hub prints the issuer the office last printed: when the read model has no
        complete issuer of its own, the newest register row's (a synced fact) becomes it."""
        from ..services.settings import parse_issuer

        if self.app.settings.issuer().complete:
            return
        for c in reversed(self.app.certificates.issued()):
            iss = parse_issuer(c.issuer)
            if iss.name and iss.head and iss.phone:
                self.app.settings.set_issuer(iss.name, iss.head, iss.clerk or None, iss.phone)
                return

    def issue(self, person_id: str, sc: Scope, author: Author, staff: bool = False) -> tuple[rm.Certificate, bytes]:
        """Issue one person's certificate from the hub: numbered and printed by the laptop's
        certificate service, its register row handed to ``author`` (a hub-authored synced
        record), never written into the read model itself."""
        from ..domain.errors import ValidationError
        from ..reports.certificate_pdf import render_certificates
        from ..reports.fonts import require_drawable

        cs = self.app.certificates
        self.adopt_issuer()
        cs.require_issuer()
        c = cs.certificate(person_id, sc.start, sc.end, staff=staff)
        if not c.services:
            what = "工作时长" if c.staff else "志愿服务"
            raise ValidationError(
                "person",
                f"{c.name}在该期间没有{what}记录，请换一个统计期",
                f"{c.name} has no service time in this period",
            )
        require_drawable("name", c.name)
        numbered, rid = cs.numbered(c)
        buf = io.BytesIO()
        render_certificates([numbered], buf)
        person = self.app.catalog.person(person_id)
        role = (person.role if person else None) or ""
        author("certificate_issue", rid, cs.register_data(numbered, role, rid).data())
        return numbered, buf.getvalue()


def hours_list(t: HoursTable, staff: bool = False) -> ListTable:
    """The hours table as downloaded: one row per person, then the 合计 row the page prints."""
    rows: list[tuple[object, ...]] = [(x.name, x.team, x.volunteer_no, x.visits, x.minutes, x.hours) for x in t.lines]
    rows.append(("合计", "", "", t.visits, t.minutes, t.hours))
    return ListTable(
        "工作人员工作时长" if staff else "志愿服务时长",
        ("姓名", "服务队", "志愿者编号", "参与场次", "分钟", "小时"),
        rows,
    )


def public_list(lines: list[PublicLine], total_hours: float) -> ListTable:
    """The 公示 as downloaded: the laptop's 公示 sheet columns (no telephone, no ID)."""
    rows: list[tuple[object, ...]] = [
        (i, x.name, x.volunteer_no, x.services, x.minutes, x.hours) for i, x in enumerate(lines, 1)
    ]
    rows.append(("合计", "", "", "", "", total_hours))
    return ListTable("公示", ("序号", "姓名", "志愿者编号", "服务次数", "时长（分钟）", "时长（小时）"), rows)
