"""The 志愿者 pages through the console (in-process ASGI) over a real hub the office laptop
synced demo data to: volunteers and staff apart with the laptop's hours, the 公示 list as the
laptop's sheet, no phone number anywhere, views recorded, and a certificate issued at the hub
that lands in the laptops' register and verifies there."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from caravan_app.console.models import AuditEntry
from caravan_app.domain import figures
from caravan_app.reports.certificate_code import issued_payload
from tests.console.test_stats_pages import YEAR, World, text_of, world  # noqa: F401 - the shared hub fixture

pytestmark = pytest.mark.server


def _phones(w: World) -> set[str]:
    out = {p.phone for p in w.office.catalog.people() if p.phone}
    assert out
    return out


def test_volunteers_and_staff_apart_with_the_laptops_hours(world: World) -> None:  # noqa: F811
    b = world.user("office1")
    page = b.get(f"/volunteers?{YEAR}")
    assert page.status_code == 200
    r = world.office.reports.period_data("2026-01-01", "2026-11-20")
    html = page.text
    vols = html.split('class="data hours hours-volunteers"')[1].split("</table>")[0]
    staff = html.split('class="data hours hours-staff"')[1].split("</table>")[0]
    assert r.volunteers and r.staff
    for x in r.volunteers:
        assert f"<td>{x.name}</td>" in vols and f"<td>{x.name}</td>" not in staff
        assert f'{x.minutes:,}</td><td class="num">{x.hours:.1f}</td>' in vols
    for x in r.staff:
        assert not figures.is_volunteer(x.role) and f"<td>{x.name}</td>" in staff
    shown = text_of(vols)
    assert (
        f"合计 {sum(x.visits for x in r.volunteers):,} {sum(x.minutes for x in r.volunteers):,} {r.volunteer_hours:.1f}"
        in shown
    )
    assert not any(ph in html for ph in _phones(world))
    with world.hub.hdb.read() as s:
        seen = s.scalars(select(AuditEntry).where(AuditEntry.user_name == "office1")).all()
    assert any(e.action == "view_people" and "2026-01-01" in e.subject for e in seen)


def test_the_public_list_downloads_as_the_laptops_sheet_without_phones(world: World, tmp_path) -> None:  # noqa: ANN001, F811
    world.office.settings.set_issuer(name="济宁市科学技术协会", head="李主任", clerk="王科员", phone="0537-2345678")
    world.office.certificates.publicity("2026-01-01", "2026-11-20", xlsx=tmp_path / "gs.xlsx")
    laptop = [
        r[:6]
        for r in load_workbook(tmp_path / "gs.xlsx")["公示"].iter_rows(values_only=True)
        if r and isinstance(r[0], int)
    ]
    b = world.user("office1")
    xl = b.get(f"/volunteers/public.xlsx?{YEAR}")
    assert xl.status_code == 200
    ours = [
        r[:6]
        for r in load_workbook(io.BytesIO(xl.content))["公示"].iter_rows(values_only=True)
        if r and isinstance(r[0], int)
    ]
    assert ours == laptop and len(ours) > 5
    csv = b.get(f"/volunteers/public.csv?{YEAR}").content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "序号,姓名,志愿者编号,服务次数,时长（分钟）,时长（小时）"
    assert len(csv.splitlines()) == len(laptop) + 2  # heading, lines, 合计
    for body in (csv, b.get(f"/volunteers/hours.csv?{YEAR}").content.decode("utf-8-sig")):
        assert not any(ph in body for ph in _phones(world))
    with world.hub.hdb.read() as s:
        actions = {e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.user_name == "office1"))}
    assert {"export_xlsx", "export_csv"} <= actions


def test_roles_for_the_volunteers_pages(world: World) -> None:  # noqa: F811
    assert world.user("county1").get(f"/volunteers?{YEAR}").status_code == 403
    assert world.user("captain1").get(f"/volunteers/public.csv?{YEAR}").status_code == 403
    auditor = world.user("auditor1")
    page = auditor.get(f"/volunteers?{YEAR}")
    assert page.status_code == 200 and "/volunteers/certificate" not in page.text  # no issue buttons
    csrf = auditor.csrf(page.text)
    vol = world.office.reports.period_data("2026-01-01", "2026-11-20").volunteers[0]
    r = auditor.request("POST", "/volunteers/certificate", data={"csrf": csrf, "person_id": vol.person_id,
                                                                 "from": "2026-01-01", "to": "2026-11-20"})  # fmt: skip
    assert r.status_code == 403


def test_a_certificate_issued_at_the_hub_is_in_every_laptops_register_and_verifies(world: World, tmp_path) -> None:  # noqa: ANN001, F811
    office = world.office
    office.settings.set_issuer(name="济宁市科学技术协会", head="李主任", clerk="王科员", phone="0537-2345678")
    r = office.reports.period_data("2026-01-01", "2026-11-20")
    first, second = r.volunteers[0], r.volunteers[1]
    office.certificates.pdf(first.person_id, "2026-01-01", "2026-11-20", tmp_path / "first.pdf")  # the office's own
    office.sync.sync_now()  # the register (and its issuer) reaches the hub
    b = world.user("office1")
    page = b.get(f"/volunteers?{YEAR}")
    got = b.request("POST", "/volunteers/certificate", data={"csrf": b.csrf(page.text), "person_id": second.person_id,
                                                             "from": "2026-01-01", "to": "2026-11-20"})  # fmt: skip
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf", got.text[:500]
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(got.content)).pages))
    number = re.search(r"ZM\d{8}-[0-9A-Z]{6}", text)
    assert number and second.name in text and "济宁市科学技术协会" in text
    office.sync.sync_now()
    (issued,) = office.certificates.issued(number=number[0])
    assert issued.person_id == second.person_id and issued.hours == second.hours
    assert office.certificates.check(issued_payload(issued.number, issued.digest)).ok
    # the console's register shows both, the one issued at the hub and the laptop's
    register = b.get(f"/volunteers?{YEAR}").text.split('class="data register"')[1].split("</table>")[0]
    assert number[0] in register and office.certificates.issued(person_id=first.person_id)[0].number in register
    with world.hub.hdb.read() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "issue_certificate")).first() is not None


def test_a_staff_member_gets_no_volunteer_certificate_from_the_hub(world: World) -> None:  # noqa: F811
    crew = world.office.reports.period_data("2026-01-01", "2026-11-20").staff[0]
    b = world.user("office1")
    page = b.get(f"/volunteers?{YEAR}")
    got = b.request("POST", "/volunteers/certificate", data={"csrf": b.csrf(page.text), "person_id": crew.person_id,
                                                             "from": "2026-01-01", "to": "2026-11-20"})  # fmt: skip
    assert got.status_code == 422 and "text/html" in got.headers["content-type"]
    assert crew.name in got.text and "工作人员" in got.text  # the laptop's own refusal, in words
