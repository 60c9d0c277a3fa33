"""The console's 志愿者 figures over a laptop data folder of demo data: volunteers and staff
apart, the hours the laptop's period PDF prints, and the 公示 list equal to the laptop's own
公示 sheet — with no telephone or ID number anywhere."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from caravan_app.console.stats_data import scope
from caravan_app.console.volunteers_data import VolunteersData, hours_list, public_list
from caravan_app.domain import figures
from caravan_app.services.app import App
from caravan_app.services.demo import load_demo
from tests.conftest import fresh_data_dir

TODAY = dt.date(2026, 11, 20)


class _Clock:
    def now(self) -> dt.datetime:
        return dt.datetime(2026, 11, 20, 17, 0)

    def today(self) -> dt.date:
        return TODAY


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    a = App.open(fresh_data_dir(tmp_path_factory.mktemp("vols") / "data"))
    load_demo(a, seed=5, visits=40, today=TODAY)
    a.clock = _Clock()  # type: ignore[assignment]
    a.settings.set_issuer(name="济宁市科学技术协会", head="李主任", clerk="王科员", phone="0537-2345678")
    yield a
    a.close()


def test_volunteers_and_staff_apart_with_the_hours_the_period_pdf_prints(demo: App, tmp_path: Path) -> None:
    sc = scope("2026-01-01", "2026-11-20")
    page = VolunteersData(demo).page(sc)
    roles = {p.id: p.role for p in demo.catalog.people()}
    assert page.volunteers.lines and page.staff.lines
    assert {roles[x.person_id] for x in page.volunteers.lines} == {figures.VOLUNTEER}
    assert all(not figures.is_volunteer(roles[x.person_id]) for x in page.staff.lines)
    demo.reports.period_files(sc.start, sc.end, pdf=tmp_path / "p.pdf")
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in PdfReader(str(tmp_path / "p.pdf")).pages))
    assert f"志愿服务时长（{len(page.volunteers.lines)} 名志愿者）" in text
    assert f"工作人员工作时长（{len(page.staff.lines)} 名工作人员）" in text
    for x in page.volunteers.lines + page.staff.lines:
        assert f"{x.name} " in text and f"{x.visits:,} {x.minutes:,} {x.hours:.1f}" in text
    for t in (page.volunteers, page.staff):
        assert f"合计 {t.visits:,} {t.minutes:,} {t.hours:.1f}" in text
        assert t.hours == figures.add_hours(x.hours for x in t.lines)  # the column adds to its total
    rows = hours_list(page.volunteers).rows
    assert rows[-1] == ("合计", "", "", page.volunteers.visits, page.volunteers.minutes, page.volunteers.hours)


def test_the_public_list_is_the_laptops_publicity_sheet_without_phones(demo: App, tmp_path: Path) -> None:
    sc = scope("2026-01-01", "2026-11-20")
    page = VolunteersData(demo).page(sc)
    demo.certificates.publicity(sc.start, sc.end, xlsx=tmp_path / "gs.xlsx")
    sheet = load_workbook(tmp_path / "gs.xlsx")["公示"]
    laptop = [r for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    ours = public_list(page.public, page.public_hours).rows
    assert [tuple(r[:6]) for r in laptop] == [tuple(r) for r in ours[:-1]]
    phones = {p.phone for p in demo.catalog.people() if p.phone}
    assert phones
    cells = " ".join(str(c) for r in ours for c in r)
    assert not any(ph in cells for ph in phones)


def test_a_vans_page_lists_only_the_people_who_served_on_its_visits(demo: App) -> None:
    van = demo.catalog.caravans()[1]
    full = VolunteersData(demo).page(scope("2026-01-01", "2026-11-20"))
    page = VolunteersData(demo).page(scope("2026-01-01", "2026-11-20", caravan_id=van.id))
    crew = {p.id for p in demo.catalog.people() if p.caravan_id == van.id}
    served = {x.person_id for x in page.volunteers.lines + page.staff.lines}
    assert served and served <= crew
    assert len(page.public) < len(full.public)
    assert {x.name for x in page.public} <= {x.name for x in page.volunteers.lines}
